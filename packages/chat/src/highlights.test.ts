import type { NumberedSource } from '@grounded/llm';
import { describe, expect, it } from 'vitest';
import { resolveCitations } from './citations';
import { highlightsOf } from './highlights';

const source = (number: number, text: string, start: number): NumberedSource => ({
  number,
  chunkId: `chk_${number}`,
  documentId: `doc_${number}`,
  text,
  start,
  end: start + text.length,
  score: 1,
});

describe('highlightsOf', () => {
  const sources = [
    source(1, 'Shipping. Orders over $50 ship free; otherwise a flat fee of $4.99 applies.', 100),
    source(2, 'A verification link is sent to the address on file. Links expire after 24 hours.', 500),
  ];

  it('marks the asked fact in the answer and in the document it quotes', () => {
    const answer = 'A verification link is sent to the address on file. [2] Links expire after 24 hours. [2]';
    const { citations } = resolveCitations(answer, sources);
    const [highlight] = highlightsOf('How long is the verification e-mail valid?', answer, citations);
    expect(highlight).toMatchObject({ text: '24 hours', citation: 2, documentId: 'doc_2' });
    expect(answer.slice(highlight!.start, highlight!.end)).toBe('24 hours');
    const documentText = `${' '.repeat(500)}${sources[1]!.text}`;
    expect(documentText.slice(highlight!.documentStart, highlight!.documentEnd)).toBe('24 hours');
  });

  it('marks the asked name whether or not the question has its mark (issue #15)', () => {
    const text = 'Norse raiders, under their leader Rollo, agreed to swear fealty to King Charles III.';
    const answer = `${text} [1]`;
    const { citations } = resolveCitations(answer, [source(1, text, 0)]);
    for (const question of [
      'Who was the Norse leader?',
      'Who was the Norse leader',
      'who was the norse leader',
    ])
      expect(highlightsOf(question, answer, citations)[0]?.text, question).toBe('Rollo');
  });

  it('finds the amount a "how much" question asks for', () => {
    const answer = 'Orders over $50 ship free; otherwise a flat fee of $4.99 applies. [1]';
    const { citations } = resolveCitations(answer, sources);
    expect(highlightsOf('How much is delivery?', answer, citations).map((h) => h.text)).toEqual(['$4.99']);
  });

  it('marks nothing for a topic query, which asks for no one fact (issue #15)', () => {
    const answer = 'Orders over $50 ship free; otherwise a flat fee of $4.99 applies. [1]';
    const { citations } = resolveCitations(answer, sources);
    for (const question of ['shipping policy', 'What is the shipping policy?', 'how does shipping work'])
      expect(highlightsOf(question, answer, citations), question).toEqual([]);
  });

  it('still marks a table cell a keyword query names (review of the topic-query round)', () => {
    const row = 'Store: York; Phone: 01904 555 0101; Hours: 9:00-17:30';
    const answer = `${row} [1]`;
    const { citations } = resolveCitations(answer, [source(1, row, 0)]);
    expect(highlightsOf('York store phone', answer, citations).map((h) => h.text)).toEqual([
      '01904 555 0101',
    ]);
  });

  it("reads a yes/no question's polarity from the leading claim only", () => {
    const trial = [
      source(1, 'Every new account starts with a 30-day free trial of the Team plan.', 0),
      source(2, 'Monthly plans are not refunded for the current month.', 200),
    ];
    const answer =
      'Every new account starts with a 30-day free trial of the Team plan. [1] Monthly plans are not refunded for the current month. [2]';
    const { citations } = resolveCitations(answer, trial);
    expect(highlightsOf('Is there a free trial?', answer, citations)).toEqual([]);
    const negative = 'Monthly plans are not refunded for the current month. [2]';
    const refund = resolveCitations(negative, trial);
    expect(
      highlightsOf('Are monthly plans refunded?', negative, refund.citations).map((h) => h.text),
    ).toEqual(['are not refunded for the current month']);
  });

  it('gives none when the question asks for no slot or no cited claim states one', () => {
    const answer = 'A verification link is sent to the address on file. [2]';
    const { citations } = resolveCitations(answer, sources);
    expect(highlightsOf('How long is the link valid?', answer, citations)).toEqual([]);
    expect(highlightsOf('Tell me about verification.', answer, citations)).toEqual([]);
  });

  it("gives a yes/no question the first claim's polarity, never a later claim's negation", () => {
    const orders = source(
      4,
      'You can change or cancel an order within 1 hour of placing it. After that the order is sent to our warehouse and cannot be changed.',
      1200,
    );
    const answer =
      'You can change or cancel an order within 1 hour of placing it. [4] After that the order is sent to our warehouse and cannot be changed. [4]';
    const { citations } = resolveCitations(answer, [orders]);
    expect(
      highlightsOf('Can I cancel my order?', answer, citations).some((h) => h.text.includes('cannot')),
    ).toBe(false);
    // The answering claim's own negation still marks a no.
    const no = 'After that the order is sent to our warehouse and cannot be changed. [4]';
    const { citations: noCitations } = resolveCitations(no, [orders]);
    expect(
      highlightsOf('Can my order be changed after an hour?', no, noCitations).map((h) => h.text),
    ).toEqual(['cannot be changed']);
    // Even when a later claim shares more of the question's words, the first claim answers it.
    const staff = source(
      5,
      'Store employees cannot take annual leave in December. The staff portal closes on Saturday 12 December.',
      1500,
    );
    const leave =
      'Store employees cannot take annual leave in December. [5] The staff portal closes on Saturday 12 December. [5]';
    const { citations: leaveCitations } = resolveCitations(leave, [staff]);
    expect(
      highlightsOf('Can store staff take holiday in December?', leave, leaveCitations).map((h) => h.text),
    ).toEqual(['cannot take annual leave in December']);
  });

  it("reads a later claim first when it holds clearly more of the question's words", () => {
    const account = source(
      3,
      'Passwords expire every 180 days. After five failed sign-in attempts your account is locked for 15 minutes.',
      900,
    );
    const answer =
      'Passwords expire every 180 days. [3] After five failed sign-in attempts your account is locked for 15 minutes. [3]';
    const { citations } = resolveCitations(answer, [account]);
    const [highlight] = highlightsOf(
      'How long is my account locked after failed sign-in attempts?',
      answer,
      citations,
    );
    expect(highlight?.text).toBe('15 minutes');
    // The first claim keeps the highlight when no later claim names the asked thing more.
    const [first] = highlightsOf('How long until passwords expire?', answer, citations);
    expect(first?.text).toBe('180 days');
  });

  it("never reads another document's claim before the first claim (same-document round of #15)", () => {
    const locked = 'After five failed sign-in attempts your account is locked for 30 minutes.';
    const retry = 'If a payment fails, we try again after 3 days.';
    const question = "I'm locked out after too many wrong passwords. How long until I can try again?";
    const answer = `${locked} [1] ${retry} [2]`;
    // Two documents: the billing claim shares "try again", but the lock-out claim answers.
    const apart = [
      { ...source(1, locked, 0), documentId: 'doc_it' },
      { ...source(2, retry, 0), documentId: 'doc_billing' },
    ];
    const { citations: apartCitations } = resolveCitations(answer, apart);
    expect(highlightsOf(question, answer, apartCitations, apart)[0]?.text).toBe('30 minutes');
    // One document (two of its chunks): the claim holding more of the question's words is read first.
    const together = apart.map((s) => ({ ...s, documentId: 'doc_policy' }));
    const { citations: togetherCitations } = resolveCitations(answer, together);
    expect(highlightsOf(question, answer, togetherCitations, together)[0]?.text).toBe('3 days');
  });

  it("keeps the first claim's gap span over another document's unless that claim bridges from it (#15)", () => {
    const first = 'The quarterly audit was carried out by Halden Partners, an accounting firm.';
    const question = 'The quarterly audit was carried out by a firm with its head office in what city?';
    const ask = (later: string, documents: [string, string]) => {
      const answer = `${first} [1] ${later} [2]`;
      const sources = [
        { ...source(1, first, 0), documentId: documents[0] },
        { ...source(2, later, 300), documentId: documents[1] },
      ];
      const { citations } = resolveCitations(answer, sources);
      return highlightsOf(question, answer, citations, sources)[0]?.text;
    };
    const unnamed = 'The firm has its head office in Rotterdam.';
    expect(ask(unnamed, ['doc_a', 'doc_a'])).toBe('Rotterdam');
    expect(ask(unnamed, ['doc_a', 'doc_b'])).toBe('Halden Partners');
    // A claim that continues from the name the first one states bridges, as wiki pages or a crawled
    // site's pages do (review of the same-document round).
    expect(ask('Halden Partners has its head office in Rotterdam.', ['doc_a', 'doc_b'])).toBe('Rotterdam');
  });

  it('keeps comparisons, multi-source markers and the order of later claims (same-document review, #15)', () => {
    const documents =
      (...ids: string[]) =>
      (s: NumberedSource, i: number) => ({ ...s, documentId: ids[i]! });
    // A comparison's options may stand in two documents, one page each.
    const starter = 'The Starter plan includes e-mail support only.';
    const business = 'The Business plan includes phone support and a named account manager.';
    const plans = [source(1, starter, 0), source(2, business, 0)].map(
      documents('doc_starter', 'doc_business'),
    );
    const compared = `${starter} [1] ${business} [2]`;
    expect(
      highlightsOf(
        'Which plan includes phone support, Starter or Business?',
        compared,
        resolveCitations(compared, plans).citations,
        plans,
      )[0]?.text,
    ).toBe('Business');
    // The first claim cites every document of its marker ("[1, 2]").
    const expiry = 'Passwords expire every 180 days.';
    const lockout = 'After five failed sign-in attempts your account is locked for 15 minutes.';
    const question = 'How long is my account locked after failed sign-in attempts?';
    const both = [source(1, expiry, 0), source(2, `${expiry} ${lockout}`, 0)].map(
      documents('doc_a', 'doc_b'),
    );
    for (const [answer, expected] of [
      [`${expiry} [1, 2] ${lockout} [2]`, '15 minutes'],
      [`${expiry} [1] ${lockout} [2]`, '180 days'],
    ] as const)
      expect(
        highlightsOf(question, answer, resolveCitations(answer, both).citations, both)[0]?.text,
        answer,
      ).toBe(expected);
    // Behind the first claim, later claims keep their order by the question's words.
    const desk = 'Contact the IT desk about your account.';
    const reset = 'A reset link is sent after failed sign-in attempts and expires in 24 hours.';
    const three = [source(1, desk, 0), source(2, reset, 0), source(3, lockout, 0)].map(
      documents('doc_1', 'doc_2', 'doc_3'),
    );
    const answer = `${desk} [1] ${reset} [2] ${lockout} [3]`;
    expect(highlightsOf(question, answer, resolveCitations(answer, three).citations, three)[0]?.text).toBe(
      '15 minutes',
    );
  });

  // Issue #15, eighth round: the asked fact often stands in a later claim about a thing the first
  // claim names.
  const ask = (question: string, text: string) => {
    const claims = text.split(/(?<=\.)\s+/u);
    const answer = claims.map((c) => `${c} [1]`).join(' ');
    const sources = [source(1, text, 0)];
    const { citations } = resolveCitations(answer, sources);
    return highlightsOf(question, answer, citations, sources)[0]?.text;
  };

  it("reads a later claim's gap span when it fills the question's gap clearly better (#15)", () => {
    expect(
      ask(
        'The quarterly audit was carried out by a firm with its head office in what city?',
        'The quarterly audit was carried out by Halden Partners, an accounting firm. Halden Partners has its head office in Rotterdam.',
      ),
    ).toBe('Rotterdam');
  });

  it('prefers a later claim that continues from a name the first one states (#15)', () => {
    expect(
      ask(
        'The router was replaced by a model made by what manufacturer?',
        'The old router in the Leeds office was replaced by the Aruba 9004 gateway. The Aruba 9004 is a gateway made by Hewlett Packard Enterprise.',
      ),
    ).toBe('Hewlett Packard Enterprise');
  });

  it('reads a table row the question names before prose about something else (table-row round of #15)', () => {
    const prose = 'You can pause a Flex Unlimited membership once a year for up to 2 months.';
    const row = 'Plan: Flex Unlimited; Price per month (excl. VAT): £189; Access: Weekdays';
    const answer = `${prose} [1] ${row} [2]`;
    const { citations } = resolveCitations(answer, [source(1, prose, 0), source(2, row, 0)]);
    expect(
      highlightsOf('What does the unlimited flex membership cost a month?', answer, citations).map(
        (h) => h.text,
      ),
    ).toEqual(['£189']);
    // A row about another plan is not read first: the prose keeps its fact.
    const price = 'The Flex Unlimited plan costs £189 a month.';
    const other = 'Plan: Resident Desk; Price per month (excl. VAT): £329; Access: 24/7';
    const answer2 = `${other} [2] ${price} [1]`;
    const cited = resolveCitations(answer2, [source(1, price, 0), source(2, other, 0)]).citations;
    expect(highlightsOf('How much does Flex Unlimited cost?', answer2, cited)[0]?.text).toBe('£189 a month');
  });

  it("keeps a prose exception of the row's own document first, and names no row by a common cell (review)", () => {
    const prose = 'During conference weeks the London hotel limit rises to £300 per night.';
    const row = 'City: London; Hotel limit per night: £240; Daily allowance: £70';
    const answer = `${prose} [1] ${row} [1]`;
    const { citations } = resolveCitations(answer, [source(1, `${prose} ${row}`, 0)]);
    expect(
      highlightsOf("What's the hotel limit in London during conference weeks?", answer, citations)[0]?.text,
    ).toBe('£300 per night');
    const desk = 'The Resident Desk costs £329 per month.';
    const flex = 'Plan: Flex Unlimited; Billing: monthly; Price: £189';
    const answer2 = `${desk} [1] ${flex} [1]`;
    const cited = resolveCitations(answer2, [source(1, `${desk} ${flex}`, 0)]).citations;
    expect(highlightsOf("What's the monthly price of the resident desk?", answer2, cited)[0]?.text).toBe(
      '£329 per month',
    );
    // A fact of the asked kind about something else of the row's document does not hold the row back.
    const pause =
      'You can pause a Flex Unlimited membership for up to 2 months. During a pause you pay £10 per month to keep your membership.';
    const flexRow = 'Plan: Flex Unlimited; Price per month (excl. VAT): £189';
    const answer3 = `${pause.replace('. ', '. [1] ')} [1] ${flexRow} [1]`;
    const cited3 = resolveCitations(answer3, [source(1, `${pause} ${flexRow}`, 0)]).citations;
    expect(
      highlightsOf('What does the unlimited flex membership cost a month?', answer3, cited3)[0]?.text,
    ).toBe('£189');
  });

  it('answers a comparison question with one of the options it names (#15)', () => {
    const offices =
      'The Utrecht office opened in 2016 with twelve staff. The Leeds office opened in 2009 and moved in 2019.';
    expect(ask('Which office opened first, Leeds or Utrecht?', offices)).toBe('Leeds');
    expect(ask('Which office opened later, Leeds or Utrecht?', offices)).toBe('Utrecht');
    expect(
      ask(
        'Which plan includes phone support, Starter or Business?',
        'The Business plan includes phone support and a named account manager. The Starter plan includes e-mail support only.',
      ),
    ).toBe('Business');
  });
});
