import { describe, expect, it } from 'vitest';
import { collect, describeGeneratorConformance } from '../testing/generator-conformance';
import { USE_LITE_ANSWERING_MODEL } from './answerability-model';
import {
  ABSTAIN_MESSAGE_EN,
  ABSTAIN_MESSAGE_ZH,
  createExtractiveAnswerer,
  DEFAULT_ABSTAIN_BELOW,
  extractAnswer,
  isInstruction,
  scoreSentences,
} from './extractive-answerer';
import type { GenerationRequest, NumberedSource } from './types';
import { loadWordNet } from './wordnet';

function src(number: number, text: string, score = 1): NumberedSource {
  return {
    number,
    chunkId: `c${number}`,
    documentId: `d${number}`,
    text,
    start: 100 * number,
    end: 100 * number + text.length,
    score,
  };
}

const FAQ = src(
  1,
  'Returns are accepted within 30 days of delivery. Refunds are paid to the original payment method within 5 business days. ' +
    'Our support line is open Monday to Friday. Items returned after 30 days can be exchanged for store credit.',
);
const IT = src(
  2,
  'To reset your VPN password, open the self-service portal and choose "Forgot password". ' +
    'The VPN client must be version 4.2 or later. Password resets take effect within ten minutes.',
);
const ZH = src(
  3,
  '大语言模型是一种基于深度学习的人工智能模型。它通过大量文本进行训练！大语言模型可以生成和理解自然语言。',
);

const request = (question: string, sources: NumberedSource[] = [FAQ, IT]): GenerationRequest => ({
  messages: [],
  sources,
  question,
});

describeGeneratorConformance('extractive answerer', {
  create: async () => createExtractiveAnswerer(),
  request: () => request('How do returns, refunds and exchanges work after delivery?'),
  modelBacked: false,
  smallMaxTokens: 20,
});

describe('extractAnswer', () => {
  it('picks the sentence that answers the question, with exact offsets into its source', async () => {
    const answer = await extractAnswer(request('How do I reset my VPN password?'));
    expect(answer.abstained).toBe(false);
    const first = answer.sentences[0];
    expect(first?.sourceNumber).toBe(2);
    expect(first?.text).toContain('reset your VPN password');
    for (const s of answer.sentences) {
      const source = [FAQ, IT].find((x) => x.number === s.sourceNumber);
      expect(source?.text.slice(s.startInSource, s.endInSource)).toBe(s.text);
    }
  });

  it('does not add a sentence that shares only the question word ("how long") and states another fact', async () => {
    const trial = src(1, 'Every new account starts with a 30-day free trial of the Team plan.');
    const passwords = src(2, 'Passwords must be at least 14 characters long and are valid for 180 days.');
    const answer = await extractAnswer(request('How long is the free trial?', [trial, passwords]));
    expect(answer.sentences.map((s) => s.sourceNumber)).toEqual([1]);
  });

  it('never answers with a list or clause number the splitter cut off its text (probe2 round)', async () => {
    const terms = src(
      1,
      '3. FEES AND PAYMENT\n\n3.1 Fees are payable in advance.\n\n3.2 All fees are exclusive of VAT.',
    );
    const answer = await extractAnswer(request("What's in 3?", [terms]), { answerability: 'off' });
    const read = [...answer.sentences, ...(answer.withheld ?? [])];
    // Something is read (an empty answer would pass the loop below), and none of it is a bare number.
    expect(read.length).toBeGreaterThan(0);
    for (const s of read) expect(s.text).not.toMatch(/^3\.?$/u);
  });

  it.each([
    [
      'Is smoking allowed on site?',
      'Smoking is prohibited. Violations are reported to the site manager.',
      'Smoking is prohibited.',
    ],
    [
      'Are refunds available for monthly plans?',
      'Refunds are not available. Monthly plans can be cancelled at any time from the billing page.',
      'Refunds are not available.',
    ],
    [
      'Is remote work permitted?',
      'Remote work is permitted. Employees must agree a schedule with their line manager first.',
      'Remote work is permitted.',
    ],
    [
      'Do pets need approval?',
      'Pets need prior approval. Guide dogs are always welcome in every office.',
      'Pets need prior approval.',
    ],
  ])(
    'keeps a short first sentence with no list number, no run-in heading (probe2 review): %s',
    async (question, text, first) => {
      const answer = await extractAnswer(request(question, [src(1, text)]), { answerability: 'off' });
      const read = [...answer.sentences, ...(answer.withheld ?? [])].map((s) => s.text);
      expect(read).toContain(first);
    },
  );

  it.each([
    [
      'What is the refund policy?',
      'Part 2: Refund policy\n\nRefunds are issued within 14 days of a written request to support.',
    ],
    [
      'What are the fees?',
      'Section 3: Fees and charges\n\nAll fees are payable monthly in advance by direct debit.',
    ],
  ])("does not answer with a 'Part 2: …' heading (probe2 review): %s", async (question, text) => {
    const answer = await extractAnswer(request(question, [src(1, text)]), { answerability: 'off' });
    expect(answer.sentences.length).toBeGreaterThan(0);
    for (const s of answer.sentences) expect(s.text).not.toMatch(/^(?:Part|Section) \d:/u);
  });

  it("reads a run-in heading ('7. Hours.') as its paragraph's heading, not as a sentence (probe2 round)", async () => {
    const policy = src(
      1,
      '6. Photography. Photography is prohibited inside all sites.\n\n' +
        '7. Hours. Visits are allowed Monday to Friday between 08:00 and 18:00. Weekend visits need approval.',
    );
    const answer = await extractAnswer(request('what are the visiting hours', [policy]), {
      answerability: 'off',
    });
    expect(answer.sentences[0]?.text).toBe('Visits are allowed Monday to Friday between 08:00 and 18:00.');
    for (const s of answer.sentences) expect(s.text).not.toBe('Hours.');
  });

  it("answers from a short 'field: value' line, which is no label (probe2 round)", async () => {
    const header = src(
      1,
      'Visitor and Site Access Policy\n\nPolicy number: SEC-014\n\nEffective date: 1 March 2025\n\nOwner: Facilities Security',
    );
    const answer = await extractAnswer(request('When did the policy take effect?', [header]), {
      answerability: 'off',
    });
    expect(answer.sentences[0]?.text).toBe('Effective date: 1 March 2025');
  });

  it('answers Chinese questions through character bigrams', async () => {
    const answer = await extractAnswer(request('它用什么文本进行训练？', [FAQ, ZH]));
    expect(answer.abstained).toBe(false);
    expect(answer.sentences[0]?.sourceNumber).toBe(3);
    expect(answer.sentences[0]?.text).toBe('它通过大量文本进行训练！');
  });

  it('abstains when no sentence is about the question', async () => {
    const answer = await extractAnswer(request('What is the boiling point of mercury on Venus?'));
    expect(answer.abstained).toBe(true);
    expect(answer.sentences).toEqual([]);
    expect(answer.bestScore).toBeLessThan(DEFAULT_ABSTAIN_BELOW);
  });

  it('abstains on a message with no letter or digit, whatever a similarity says', async () => {
    const similarity = async (_q: string, sentences: string[]) => sentences.map(() => 0.9);
    for (const question of ['😀', '?!', '👍 👍'])
      expect((await extractAnswer(request(question), { similarity, abstainBelow: 0.1 })).abstained).toBe(
        true,
      );
  });

  it('abstains with no sources', async () => {
    expect((await extractAnswer(request('How do returns work?', []))).abstained).toBe(true);
  });

  it("never takes the document's title, repeated as a line of its first chunk, for a sentence", async () => {
    const title = 'IT Runbook: Password Resets, VPN and Laptop Replacement';
    const runbook = {
      ...src(
        5,
        `${title}\n\nOwner: IT Service Desk. Stolen laptops must be reported to security within 24 hours.`,
      ),
      title,
    };
    const texts = (await scoreSentences('Who do I report a stolen laptop to?', [runbook])).map((s) => s.text);
    expect(texts).not.toContain(title);
    expect(texts).toContain('Stolen laptops must be reported to security within 24 hours.');
    // Without the title the same line is a sentence as before.
    const untitled = await scoreSentences('Who do I report a stolen laptop to?', [src(5, runbook.text)]);
    expect(untitled.map((s) => s.text)).toContain(title);
  });

  it('skips near-duplicate sentences and caps the count', async () => {
    const dup = src(4, 'Returns are accepted within 30 days of delivery.');
    const answer = await extractAnswer(
      request('Are returns accepted within 30 days of delivery?', [FAQ, dup]),
      {
        maxSentences: 3,
      },
    );
    const texts = answer.sentences.map((s) => s.text);
    expect(texts.filter((t) => t === 'Returns are accepted within 30 days of delivery.')).toHaveLength(1);
    const one = await extractAnswer(request('returns refunds days', [FAQ]), { maxSentences: 1 });
    expect(one.sentences).toHaveLength(1);
  });

  it('blends in a semantic similarity when given one', async () => {
    // Lexically nothing matches; the similarity function vouches for the second IT sentence.
    const similarity = async (_q: string, sentences: string[]) =>
      sentences.map((s) => (s.includes('version 4.2') ? 0.9 : 0));
    const lexicalOnly = await extractAnswer(request('Which release is required?'));
    expect(lexicalOnly.abstained).toBe(true);
    const blended = await extractAnswer(request('Which release is required?'), {
      similarity,
      abstainBelow: 0.3,
    });
    expect(blended.abstained).toBe(false);
    expect(blended.sentences[0]?.text).toBe('The VPN client must be version 4.2 or later.');
  });
});

describe('createExtractiveAnswerer', () => {
  it('streams each sentence followed by its citation', async () => {
    const events = await collect(
      createExtractiveAnswerer().generate(request('How do I reset my VPN password?')),
    );
    const deltas = events.flatMap((e) => (e.type === 'delta' ? [e.text] : []));
    expect(deltas[0]).toMatch(/reset your VPN password.*\[2\]$/u);
    for (const d of deltas) expect(d).toMatch(/\[\d+\]$/u);
    expect(events.at(-1)).toMatchObject({ type: 'end', stopReason: 'stop' });
  });

  it('abstains honestly, in the question language', async () => {
    const en = await collect(
      createExtractiveAnswerer().generate(request('What is the capital of Mongolia?')),
    );
    expect(en).toEqual([
      { type: 'delta', text: ABSTAIN_MESSAGE_EN },
      { type: 'end', stopReason: 'abstain', usage: expect.any(Object) },
    ]);
    const zh = await collect(createExtractiveAnswerer().generate(request('蒙古的首都是哪里？', [])));
    expect(zh[0]).toEqual({ type: 'delta', text: ABSTAIN_MESSAGE_ZH });
  });
});

describe('extractive answerer: issue #15 sentence selection', () => {
  const off = { answerability: 'off' as const, abstainBelow: 0.01 };

  it('reads a question word swapped for its antonym (WordNet) as evidence against the answer', async () => {
    const source = src(
      1,
      'Between Emmerich and Cleves the Emmerich Rhine Bridge, the longest suspension bridge in Germany, crosses the river.',
    );
    // A stand-in for USE-lite's cosine: the gate reads it, the test needs a fixed value.
    const similarity = async (_q: string, sentences: string[]) => sentences.map(() => 0.7);
    const wordnet = loadWordNet();
    // As the product passes WordNet: its antonyms and its links.
    const ask = (question: string, given?: typeof wordnet) =>
      extractAnswer(
        { question, sources: [source] },
        {
          similarity,
          answerability: USE_LITE_ANSWERING_MODEL,
          abstainBelow: 0,
          ...(given ? { antonyms: given.antonyms, linked: given.linked } : {}),
        },
      );
    const swapped = await ask('What is the name of the shortest suspension bridge in Germany?', wordnet);
    expect(swapped.answerability?.features.antonymSwap).toBe(1);
    const asked = await ask('What is the name of the longest suspension bridge in Germany?', wordnet);
    expect(asked.answerability?.features.antonymSwap).toBe(0);
    expect(asked.abstained).toBe(false);
    // The swap lowers the gate's probability. Since the fresh-documents round (gate fitted on four
    // dev sets, SQuAD a quarter of them) it no longer makes the gate abstain on its own at this
    // cosine: SQuAD dev's unanswerable abstained fell 44.6 → 22.9% (eval/answering.ts).
    expect(swapped.answerability!.probability).toBeLessThan(asked.answerability!.probability - 0.1);
    // Without antonyms the gate cannot see the swap.
    const blind = await ask('What is the name of the shortest suspension bridge in Germany?');
    expect(blind.answerability?.features.antonymSwap).toBe(0);
  });

  it("hands the gate the runner-up sentence, whose gap span may agree with the answer's (issue #15)", async () => {
    const agreeing = src(
      1,
      'The Duchy of Normandy began in 911 as a fiefdom. In 911 the duchy began under Rollo.',
    );
    const a = await extractAnswer({ question: 'When did the duchy of Normandy begin?', sources: [agreeing] });
    expect(a.answerability?.features.topAgree).toBe(1);
    const differing = src(
      1,
      'The Duchy of Normandy began in 911 as a fiefdom. The duchy began to decline in 1204.',
    );
    const b = await extractAnswer({
      question: 'When did the duchy of Normandy begin?',
      sources: [differing],
    });
    expect(b.answerability?.features.topAgree).toBe(0);
  });

  it('joins the sentence that continues the best one when it states the asked fact (coreference)', async () => {
    const source = src(
      1,
      'To reset a forgotten password, use the sign-in page. A verification link is sent to the address on file. Links expire after 24 hours. Accounts lock after five failed attempts.',
    );
    const answer = await extractAnswer(
      { question: 'How long is the verification link valid?', sources: [source] },
      off,
    );
    const texts = answer.sentences.map((s) => s.text);
    expect(texts.slice(0, 2)).toEqual([
      'A verification link is sent to the address on file.',
      'Links expire after 24 hours.',
    ]);
    const ablated = await extractAnswer(
      { question: 'How long is the verification link valid?', sources: [source] },
      { ...off, ablate: ['continuation'], maxSentences: 1 },
    );
    expect(ablated.sentences.map((s) => s.text)).toEqual([
      'A verification link is sent to the address on file.',
    ]);
  });

  it('leads with the sentence a pointing one refers back to when only that one states the asked fact', async () => {
    const source = src(
      1,
      'Core collaboration hours are 10:00 to 15:00 local time. During these hours you must be reachable on Teams and by phone. Fridays have no core hours.',
    );
    const question = 'During which hours do I have to be reachable when working from home?';
    // The similarity prefers the pointing sentence, as USE-lite did on en3's rw-02.
    const similarity = async (_q: string, xs: string[]) =>
      xs.map((x) => (x.startsWith('During') ? 0.6 : 0.3));
    for (const contextOrder of [false, true]) {
      const answer = await extractAnswer(
        { question, sources: [source] },
        { ...off, similarity, abstainBelow: 0, contextOrder },
      );
      expect(answer.sentences.map((s) => s.text).slice(0, 2)).toEqual([
        'Core collaboration hours are 10:00 to 15:00 local time.',
        'During these hours you must be reachable on Teams and by phone.',
      ]);
      // The gate reads the pair: the asked time is stated.
      expect(answer.answerability?.features.slotMissing).toBe(0);
    }
    // Without the part, the pointing sentence stands alone and the time is missing.
    const ablated = await extractAnswer(
      { question, sources: [source] },
      { ...off, similarity, abstainBelow: 0, ablate: ['continuation'] },
    );
    expect(ablated.sentences[0]?.text).toBe(
      'During these hours you must be reachable on Teams and by phone.',
    );
    expect(ablated.answerability?.features.slotMissing).toBe(1);
    // A pointing sentence that states the fact itself keeps the lead.
    const stated = await extractAnswer(
      {
        question: 'How long may guests stay?',
        sources: [src(1, 'Guests are welcome at 14:00. These guests may stay for up to 3 hours.')],
      },
      {
        ...off,
        similarity: async (_q, xs) => xs.map((x) => (x.startsWith('These') ? 0.6 : 0.3)),
        abstainBelow: 0,
      },
    );
    expect(stated.sentences[0]?.text).toBe('These guests may stay for up to 3 hours.');
    // No head when the sentence before is not what the lead points at (review): another noun, a
    // sentence under another heading, or no demonstrative at all ("IT handles…").
    const unrelated = [
      [
        'How long is the warranty?',
        'Orders ship within 2 days. This warranty covers manufacturing defects only.',
      ],
      [
        'When is weekend support available?',
        'Weekday support\nWeekday support runs 08:00 to 18:00.\nWeekend support\nThis support is given by chat only.',
      ],
      [
        'How long does a laptop replacement take?',
        'Loaners are lent for up to 14 days. IT handles every laptop replacement request.',
      ],
      // The same noun for another thing (second review).
      [
        'How much does the new plan cost?',
        'The old plan cost $10 a month. This plan includes unlimited storage.',
      ],
      [
        'When does the office close for the holidays?',
        'Last year the office closed on 23 December. This year the office closes as HR announces.',
      ],
    ] as const;
    for (const [q, text] of unrelated) {
      const answer = await extractAnswer(
        { question: q, sources: [src(1, text)] },
        {
          ...off,
          similarity: async (_q, xs) => xs.map((x) => (/^(?:This|IT)/.test(x) ? 0.9 : 0.1)),
          abstainBelow: 0,
        },
      );
      expect(answer.sentences[0]?.text).toMatch(/^(?:This|IT)/);
      expect(answer.answerability?.features.slotMissing).toBe(1);
    }
  });

  it('keeps a table row whole although a cell ends like a sentence', async () => {
    const source = src(
      1,
      'WARN report\nCompany: Yahoo! Inc.; City: Burbank; No. Of: 90; Layoff/Closure: Closure Permanent\nCompany: Acme Corp.; City: Fresno; No. Of: 12; Layoff/Closure: Layoff',
    );
    const answer = await extractAnswer(
      { question: 'How many employees did Yahoo lay off in Burbank?', sources: [source] },
      off,
    );
    expect(answer.sentences[0]?.text).toBe(
      'Company: Yahoo! Inc.; City: Burbank; No. Of: 90; Layoff/Closure: Closure Permanent',
    );
    const first = answer.sentences[0]!;
    expect(source.text.slice(first.startInSource, first.endInSource)).toBe(first.text);
  });

  it('does not answer for a model the table lacks with the row of another number (numbered-key round 2)', async () => {
    const source = src(
      1,
      'Phones\nModel: Pixel 7; Price: $599; Storage: 128 GB\nModel: Pixel 8; Price: $699; Storage: 256 GB',
    );
    for (const question of ['How much is the Pixel 9?', 'How much is the Pixel 9 with 128 GB?']) {
      const missing = await extractAnswer({ question, sources: [source] });
      expect(missing.abstained).toBe(true);
    }
    const asked = await extractAnswer({ question: 'How much is the Pixel 8?', sources: [source] });
    expect(asked.sentences[0]?.text).toBe('Model: Pixel 8; Price: $699; Storage: 256 GB');
  });

  it('prefers, among sentences about the asked thing, the one stating a fact of the asked kind', async () => {
    const source = src(
      1,
      'Delivery is handled by our own drivers in the city. Delivery costs $4.99 for orders under $50.',
    );
    const answer = await extractAnswer(
      { question: 'How much is delivery?', sources: [source] },
      { ...off, maxSentences: 1 },
    );
    expect(answer.sentences[0]?.text).toBe('Delivery costs $4.99 for orders under $50.');
  });

  it('contextOrder leads with the sentence under a matching heading in the higher-ranked chunk; the gate is unchanged', async () => {
    const refunds = src(1, 'Getting your money back\nThe refund is processed within 5 business days.');
    const billing = src(2, 'If a card payment fails, we retry it after three days.');
    // The cosine alone favours the off-topic sentence that shares the word pattern ("days").
    const similarity = async (_q: string, sentences: string[]) =>
      sentences.map((s) => (s.startsWith('If a card') ? 0.6 : 0.5));
    const question = 'How long until I get my money back?';
    const options = { ...off, similarity, abstainBelow: 0 };
    const plain = await extractAnswer({ question, sources: [refunds, billing] }, options);
    const ordered = await extractAnswer(
      { question, sources: [refunds, billing] },
      { ...options, contextOrder: true },
    );
    expect(plain.sentences[0]?.text).toBe('If a card payment fails, we retry it after three days.');
    expect(ordered.sentences[0]?.text).toBe('The refund is processed within 5 business days.');
    expect(ordered.abstained).toBe(plain.abstained);
    expect(ordered.answerability?.probability).toBe(plain.answerability?.probability);
  });

  it('contextOrder leads a how-to answer with the instruction, and leaves instructions about other things out', async () => {
    const reset = src(
      1,
      'Resetting your password\nYou cannot reuse any of your last five passwords. Go to the password portal and choose "Forgot password".',
    );
    const other = src(2, 'Install the VPN client from the software centre.');
    const similarity = async (_q: string, sentences: string[]) =>
      sentences.map((s) => (s.startsWith('You cannot') ? 0.6 : s.startsWith('Go to') ? 0.5 : 0.1));
    const answer = await extractAnswer(
      { question: 'How do I reset my password?', sources: [reset, other] },
      { ...off, similarity, abstainBelow: 0, contextOrder: true },
    );
    expect(answer.sentences.map((s) => s.text)).toEqual([
      'Go to the password portal and choose "Forgot password".',
      'You cannot reuse any of your last five passwords.',
    ]);
  });

  it('contextOrder takes "Register…" and "If you lose it, use…" for instructions (issue #15, eighth round)', async () => {
    const warranty = src(
      1,
      'Cover\nThe replacement is covered for the rest of the original warranty or 90 days, whichever is longer. Register your product within 60 days and we add 12 months to its warranty.',
    );
    const similarity = async (_q: string, sentences: string[]) =>
      sentences.map((s) => (s.startsWith('The replacement') ? 0.4 : 0.6));
    const register = await extractAnswer(
      { question: 'How do I get a longer warranty?', sources: [warranty] },
      { ...off, similarity, abstainBelow: 0, contextOrder: true },
    );
    expect(register.sentences[0]?.text).toBe(
      'Register your product within 60 days and we add 12 months to its warranty.',
    );
    const signIn = src(
      2,
      'Signing in\nSessions end after 12 hours without activity. If you lose your phone, use one of your backup codes.',
    );
    const lost = await extractAnswer(
      { question: 'How do I get back in without my phone?', sources: [signIn] },
      {
        ...off,
        similarity: async (_q, sentences) => sentences.map((s) => (s.startsWith('Sessions') ? 0.9 : 0.5)),
        abstainBelow: 0,
        contextOrder: true,
      },
    );
    expect(lost.sentences[0]?.text).toBe('If you lose your phone, use one of your backup codes.');
  });

  it('leaves out the rows of other keys after the row the question names', async () => {
    const stores = src(
      3,
      'Store: York; Sunday: Closed; Manager: Grace Liu\nStore: Norwich; Sunday: 10:30-16:30; Manager: Sara Ahmed\nStore: Leeds; Sunday: 11:00-17:00; Manager: Hannah Oduya',
    );
    const answer = await extractAnswer(
      { question: 'Is the York store open on Sunday?', sources: [stores] },
      { ...off, similarity: async (_q, xs) => xs.map(() => 0.5), abstainBelow: 0, contextOrder: true },
    );
    expect(answer.sentences.map((s) => s.text)).toEqual(['Store: York; Sunday: Closed; Manager: Grace Liu']);
  });

  it('contextOrder keeps the sentence the gate judged, leads with a named row, and never with a bare continuation', async () => {
    const similarity = async (_q: string, sentences: string[]) =>
      sentences.map((s) => (s.startsWith('Company: Yahoo') ? 0.26 : s.startsWith('Company:') ? 0.1 : 0.6));
    // The row the question names (company and city) is what lets the answer through: it leads.
    const prose = src(
      1,
      'Yahoo layoffs in Burbank\nCuts were announced in March with 40 roles gone. A second round followed in June with 25 more. The last round came in October with 30 roles.',
    );
    const warn = src(
      2,
      'WARN report\nCompany: Yahoo! Inc.; City: Burbank; No. Of: 90\nCompany: Acme Corp.; City: Irvine; No. Of: 12',
    );
    const row = await extractAnswer(
      { question: 'How many employees did Yahoo lay off in Burbank?', sources: [prose, warn] },
      { ...off, similarity, abstainBelow: 0, contextOrder: true },
    );
    expect(row.sentences[0]?.text).toBe('Company: Yahoo! Inc.; City: Burbank; No. Of: 90');
    // "Open it…" continues the sentence before it: that sentence comes first.
    const portal = src(
      1,
      'Passwords\nThe password portal handles resets for all staff. Open it from the intranet and choose Forgot password.',
    );
    const reset = await extractAnswer(
      { question: 'How do I reset my password?', sources: [portal] },
      { ...off, similarity: async (_q, xs) => xs.map(() => 0.5), abstainBelow: 0, contextOrder: true },
    );
    expect(reset.sentences.map((s) => s.text)).toEqual([
      'The password portal handles resets for all staff.',
      'Open it from the intranet and choose Forgot password.',
    ]);
  });

  it('contextOrder lets the higher-ranked chunk lead among equally supported sentences, above the absolute floor only', async () => {
    const first = src(1, 'Refunds reach the card within 5 business days.');
    const second = src(2, 'Refunds reach the wallet within 2 business days.');
    // The card sentence is a little less similar; ranked first, it still leads.
    const options = {
      ...off,
      similarity: async (_q: string, xs: string[]) => xs.map((x) => (x.includes('card') ? 0.49 : 0.5)),
      abstainBelow: 0,
    };
    const question = 'How long do refunds take?';
    const ordered = await extractAnswer(
      { question, sources: [first, second] },
      { ...options, contextOrder: true },
    );
    expect(ordered.sentences[0]?.text).toBe('Refunds reach the card within 5 business days.');
    const plain = await extractAnswer({ question, sources: [first, second] }, options);
    expect(plain.sentences[0]?.text).toBe('Refunds reach the wallet within 2 business days.');
    // A sentence below minScore on its own support stays out, whatever its context score.
    const warranty = src(1, 'The laptop battery warranty claim form covers manufacturing defects.');
    const repairs = src(2, 'Repairs of a laptop are finished within 5 days.');
    const floored = await extractAnswer(
      { question: 'How long does the laptop battery warranty claim last?', sources: [warranty, repairs] },
      { ...off, minScore: 0.34, abstainBelow: 0, contextOrder: true },
    );
    expect(floored.sentences.map((s) => s.text)).not.toContain(
      'Repairs of a laptop are finished within 5 days.',
    );
  });

  it('contextOrder gives the steps of a how-to answer in the order of their source', async () => {
    const steps = src(
      1,
      'Resetting your password\n1. Open the password portal.\n2. Choose Forgot password.\n3. Enter the code sent to your phone.',
    );
    const similarity = async (_q: string, xs: string[]) =>
      xs.map((x) => (x.includes('Forgot password') ? 0.7 : x.includes('portal') ? 0.5 : 0.45));
    const answer = await extractAnswer(
      { question: 'How do I reset my password?', sources: [steps] },
      { ...off, similarity, abstainBelow: 0, contextOrder: true },
    );
    expect(answer.sentences.map((s) => s.text)).toEqual([
      'Open the password portal.',
      'Choose Forgot password.',
      'Enter the code sent to your phone.',
    ]);
  });

  it('contextOrder reads a conditional instruction as a step, after the steps it follows in the source', async () => {
    const vpn = src(
      1,
      'Connecting to the VPN\nInstall the client from the Company Portal app. Sign in with your company email address. If the VPN disconnects repeatedly, switch from Wi-Fi to a wired connection.',
    );
    // The troubleshooting sentence is the most similar to "connect … VPN".
    const similarity = async (_q: string, xs: string[]) =>
      xs.map((x) => (x.startsWith('If') ? 0.7 : x.startsWith('Sign') ? 0.5 : 0.45));
    const answer = await extractAnswer(
      { question: 'How do I connect to the VPN?', sources: [vpn] },
      { ...off, similarity, abstainBelow: 0, contextOrder: true },
    );
    expect(answer.sentences.map((s) => s.text)).toEqual([
      'Install the client from the Company Portal app.',
      'Sign in with your company email address.',
      'If the VPN disconnects repeatedly, switch from Wi-Fi to a wired connection.',
    ]);
  });

  it('contextOrder knows "report", "wait" and other common instruction verbs', async () => {
    const incident = src(
      1,
      'Reporting a security incident\nIf you clicked a suspicious link, report it immediately to the security desk. Do not try to investigate the incident yourself.',
    );
    const similarity = async (_q: string, xs: string[]) =>
      xs.map((x) => (x.startsWith('Do not') ? 0.7 : 0.5));
    const answer = await extractAnswer(
      { question: 'How do I report a security incident?', sources: [incident] },
      { ...off, similarity, abstainBelow: 0, contextOrder: true },
    );
    expect(answer.sentences[0]?.text).toBe(
      'If you clicked a suspicious link, report it immediately to the security desk.',
    );
  });

  it('tells an instruction from a noun phrase that opens with a verb-like word (review finding)', () => {
    for (const step of [
      'Go to https://id.example.com and choose Forgot password.',
      'If the VPN disconnects repeatedly, switch from Wi-Fi to a wired connection.',
      'Return items within 30 days.',
      'Report errors to IT.',
      'Order a new laptop from the portal.',
      'Contact support at extension 4400.',
      'Keep receipts for 90 days.',
      '1. Open the password portal.',
      // Second review: objects without a determiner, names, pronouns before a modal.
      'Use passwords longer than 12 characters.',
      'Pay invoices promptly.',
      'Select files you want to upload.',
      'Use Windows Hello to sign in.',
      'Make sure you can sign in.',
      'Turn on Do Not Disturb.',
    ])
      expect(isInstruction(step), step).toBe(true);
    for (const statement of [
      'Claim forms must be signed by a manager.',
      'Save points will expire.',
      'Order numbers start with ORD.',
      'Reset links expire after 24 hours.',
      'Review periods last 30 days.',
      'Share prices fell.',
      'When the order ships, order numbers become visible.',
      'Call centre hours are 9 to 5.',
      'Check-in is at 3 pm.',
      // Third review: "does", an adverb inside the sentence, a pronoun before a modal after "Report".
      'Order tracking does not work on mobile.',
      'Reset links only work once.',
      'Return shipments usually take 5 days.',
      'Report templates that can be edited are stored in the portal.',
    ])
      expect(isInstruction(statement), statement).toBe(false);
  });

  it('reads a customer\'s "your" as "the" for the sentence similarity', async () => {
    const asked: string[] = [];
    const similarity = async (q: string, xs: string[]) => {
      asked.push(q);
      return xs.map(() => 0.5);
    };
    await extractAnswer(
      { question: 'What are your support hours?', sources: [src(1, 'Support is open from 8:00 to 20:00.')] },
      { ...off, similarity, abstainBelow: 0 },
    );
    expect(asked).toEqual(['What are the support hours?']);
  });

  it('reads a question typed without its mark or capitals as written (issue #15)', async () => {
    const asked: string[] = [];
    const similarity = async (q: string, xs: string[]) => {
      asked.push(q);
      return xs.map(() => 0.5);
    };
    const sources = [src(1, 'The Team plan costs $20. Support is open from 8:00 to 20:00 on Saturday.')];
    for (const question of [
      'what are the support hours',
      'how much is the team plan',
      'open on saturday',
      'Hours?',
      "can't log in",
    ])
      await extractAnswer({ question, sources }, { ...off, similarity, abstainBelow: 0 });
    expect(asked).toEqual([
      'What are the support hours?',
      'How much is the Team plan?',
      // No question word: neither a mark nor a capital is added.
      'open on Saturday',
      'Hours?',
      // A complaint, not a question: no mark.
      "can't log in",
    ]);
  });

  it("never answers with a table's header line", async () => {
    const source = src(
      1,
      'City | Hotel limit per night | Daily allowance\nCity: London; Hotel limit per night: £240; Daily allowance: £70',
    );
    const answer = await extractAnswer(
      { question: 'What is the hotel limit per night in London?', sources: [source] },
      { ...off, maxSentences: 1 },
    );
    expect(answer.sentences[0]?.text).toBe('City: London; Hotel limit per night: £240; Daily allowance: £70');
  });

  it('sets the English similarity and gate aside for a Chinese question', async () => {
    const source = src(1, '大语言模型是一种在海量文本上训练的神经网络。它通过预测下一个词来学习语言的规律。');
    // An English gate that abstains on everything, and a similarity that scores nothing.
    const english = {
      similarity: async (_q: string, xs: string[]) => xs.map(() => -1),
      answerability: { ...USE_LITE_ANSWERING_MODEL, threshold: 1.01 },
      abstainBelow: 0,
    };
    const zh = await extractAnswer({ question: '大语言模型是什么？', sources: [source] }, english);
    expect(zh.abstained).toBe(false);
    expect(zh.sentences[0]?.text).toBe('大语言模型是一种在海量文本上训练的神经网络。');
    const en = await extractAnswer(
      {
        question: 'What is a large language model?',
        sources: [src(1, 'A large language model is a neural network.')],
      },
      english,
    );
    expect(en.abstained).toBe(true);
  });

  it('matches Chinese questions by character n-grams without their question words', async () => {
    const source = src(1, '本作由光荣公司开发。游戏于2009年在日本发售，首周销量超过五十万份。');
    const answer = await extractAnswer(
      { question: '这款游戏是哪一年发售的？', sources: [source] },
      { maxSentences: 1 },
    );
    expect(answer.abstained).toBe(false);
    expect(answer.sentences[0]?.text).toBe('游戏于2009年在日本发售，首周销量超过五十万份。');
  });
});

describe('questions in a document (issue #15, eighth round)', () => {
  // Markdown joins an FAQ's bold question to the answer below it: one paragraph, two sentences.
  const PAYROLL = src(
    1,
    'Pay and payslips\n\nWhen is payday? Salaries are paid on the last working day of each month.\n\n' +
      'Where do I find my payslip? Payslips are published in PeopleHub three working days before payday.',
  );

  it('answers with what the FAQ states, never with the question it asks', async () => {
    const answer = await extractAnswer(
      { question: 'How early before payday can I look at my payslip?', sources: [PAYROLL] },
      { answerability: 'off', abstainBelow: 0.01 },
    );
    expect(answer.sentences.map((s) => s.text)).not.toContainEqual(expect.stringMatching(/\?$/u));
    expect(answer.sentences[0]?.text).toBe(
      'Payslips are published in PeopleHub three working days before payday.',
    );
  });

  it('keeps a question inside prose out of the answer too, and its words label what follows', async () => {
    const faq = src(
      2,
      'When is payday? Salaries are paid on the last working day of each month.\n\n' +
        'Where do I find my payslip? Payslips are published in PeopleHub.',
    );
    const answer = await extractAnswer(
      { question: 'When is payday?', sources: [faq] },
      { answerability: 'off', abstainBelow: 0.01, contextOrder: true },
    );
    expect(answer.sentences[0]?.text).toBe('Salaries are paid on the last working day of each month.');
    expect(answer.sentences.map((s) => s.text)).not.toContain('When is payday?');
  });

  it('gives a timestamp or a ratio no date bonus for a "when" question', async () => {
    const transcript = src(
      1,
      "[00:01:10] Anna: Let's review the product launch plan first.\n[00:02:45] Ben: The launch team has finished the product launch checklist.\n[00:03:20] Anna: Marketing will announce the launch on 14 March.\n[00:04:05] Ben: The product launch budget is approved.",
    );
    const launch = await extractAnswer(request('When is the product launch?', [transcript]));
    expect(launch.sentences.map((s) => s.text)).toContain(
      '[00:03:20] Anna: Marketing will announce the launch on 14 March.',
    );
    const mix = src(
      1,
      'Mix the cleaning concentrate 1:10 with water for floors. The concentrate must be replaced on 1 June each year.',
    );
    const replaced = await extractAnswer(request('When should the cleaning concentrate be replaced?', [mix]));
    expect(replaced.sentences[0]?.text).toBe('The concentrate must be replaced on 1 June each year.');
  });
});

describe('steps are no run-in headings (probe3 review)', () => {
  it("keeps a step's first short action", async () => {
    const router = src(
      1,
      'Restarting the router\n1. Unplug the router. Wait 30 seconds. Do not press any button.\n2. Plug the router back in and wait for the green light.',
    );
    const answer = await extractAnswer(
      { question: 'How do I restart the router?', sources: [router] },
      { answerability: 'off', abstainBelow: 0, contextOrder: true, maxSentences: 5 },
    );
    expect(answer.sentences.map((s) => s.text)).toContain('Unplug the router.');
  });
});
