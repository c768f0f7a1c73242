import { describe, expect, it } from 'vitest';
import {
  answerabilityFeatures,
  answerabilityProbability,
  expectedAnswerType,
  focusTerm,
  sentenceIdf,
} from './answerability';
import { DEFAULT_ANSWERABILITY_MODEL } from './answerability-model';
import { extractAnswer } from './extractive-answerer';
import type { NumberedSource } from './types';
import { loadWordNet } from './wordnet';

const PARAGRAPH =
  'The Duchy of Normandy began in 911 as a fiefdom. It was established by the treaty of Saint-Clair-sur-Epte ' +
  'between King Charles III of West Francia and the Viking ruler Rollo. The Normans adopted the feudal doctrines of France.';

function source(text: string): NumberedSource {
  return { number: 1, chunkId: 'c1', documentId: 'd1', text, start: 0, end: text.length, score: 1 };
}

function features(question: string, sentence: string, sourcesText = sentence) {
  return answerabilityFeatures({ question, sentence, sourcesText, idf: sentenceIdf([sentence]) });
}

describe('answer type and focus', () => {
  it('takes the type from the first wh-word, not a later "when"', () => {
    expect(expectedAnswerType("Who led Richard's troops when Cyprus was conquered?")).toBe('name');
    expect(expectedAnswerType('When did the treaty begin?')).toBe('date');
    expect(expectedAnswerType('How many knights were there?')).toBe('number');
    expect(expectedAnswerType('In what country is Normandy?')).toBe('place');
    expect(expectedAnswerType('How do I reset my password?')).toBe('none');
  });

  it('ignores focus words that only name the kind of answer', () => {
    expect(focusTerm('What country was under Norman control?')).toBeUndefined();
    expect(focusTerm('What kind of arches does Norman architecture have?')).toBeUndefined();
    expect(focusTerm('What treaty established the duchy?')).toBe('treati');
  });
});

describe('answerabilityFeatures', () => {
  it('flags a number, ordinal or roman numeral the sentence does not have', () => {
    const s = 'King Charles III of West Francia signed the treaty in 911.';
    expect(features('Who signed the treaty in 911?', s).numberMismatch).toBe(0);
    expect(features('Who signed the treaty in the 9th century?', s).numberMismatch).toBe(1);
    expect(features('What did Charles II sign?', s).numberMismatch).toBe(1);
  });

  it("reads a negation in the question asked, not in the customer's account before it", () => {
    const fee = 'If the bill is still unpaid after a further 7 days, we add a late payment fee.';
    expect(
      features("I still haven't paid a bill from last month. Will there be a fee?", fee).negationMismatch,
    ).toBe(0);
    const complaint = 'If we have not resolved your complaint within 8 weeks, you can go to the ombudsman.';
    expect(
      features("You still haven't sorted out my complaint. When can I go to the ombudsman?", complaint)
        .negationMismatch,
    ).toBe(0);
    // The question asked is still read: its own negation against an affirmative sentence.
    const refund = 'Annual plans are refunded in full within 30 days.';
    expect(features('I bought an annual plan. Which plans are not refunded?', refund).negationMismatch).toBe(
      1,
    );
    expect(features('Which plans are not refunded?', refund).negationMismatch).toBe(1);
    // A follow-up after the question, a sign-off, a link or a wrapped line hides nothing.
    expect(features('Which plans are not refunded? Can you check?', refund).negationMismatch).toBe(1);
    expect(features('Which plans are not refunded?\n\nThanks,\nWill', refund).negationMismatch).toBe(1);
    expect(
      features('Which plans are not refunded? See https://example.com/faq?id=1 thanks', refund)
        .negationMismatch,
    ).toBe(1);
    expect(features('Which plans are not\nrefunded?', refund).negationMismatch).toBe(1);
    expect(features('Hi, can you help? Which plans are not refunded', refund).negationMismatch).toBe(1);
    expect(features("My plan wasn't refunded\nWhich plans are refunded?", refund).negationMismatch).toBe(0);
  });

  it("reads a customer's own quantity against the limit the sentence states, of the same kind", () => {
    const age = 'The main driver must be at least 23 years old.';
    expect(features("I'm 22, am I old enough to rent a car?", age).numberMismatch).toBe(0);
    expect(features('I just turned 24. Do I pay extra?', age).numberMismatch).toBe(0);
    expect(features('My 12-year-old wants to drive, is that allowed?', age).numberMismatch).toBe(0);
    expect(features("I'm 3 payments behind, what happens?", age).numberMismatch).toBe(1);
    const late = 'If you will be more than 24 hours late, the car is reported missing.';
    expect(features("I'm going to be 2 hours late, what happens?", late).numberMismatch).toBe(0);
    expect(features("I'll be 2 days late, what happens?", late).numberMismatch).toBe(1);
    // Not the customer's own case: the country, a request to be told; a licence's years against an age.
    const growth = 'Exports grew by 40 percent within 5 years.';
    expect(features('How much did US exports grow within 3 years?', growth).numberMismatch).toBe(1);
    expect(features('Can you tell me how much exports grew within 3 years?', growth).numberMismatch).toBe(1);
    expect(features("I've had my licence for 3 years, can I rent?", age).numberMismatch).toBe(1);
    const part = 'Employees working fewer than 20 hours per week receive half the allowance.';
    expect(features('I work 16 hours a week. Do I get the full allowance?', part).numberMismatch).toBe(0);
    expect(
      features('I paid a €50 deposit, do I get it back?', 'Deposits over €30 are refunded.').numberMismatch,
    ).toBe(0);
    // Not the customer's case, or no limit stated: the number must be there.
    expect(features('What happens 2 hours after the deadline?', late).numberMismatch).toBe(1);
    const riots = 'Over 5 days of riots, 40 people died.';
    expect(features('How many people died in the 3 days of the riots?', riots).numberMismatch).toBe(1);
    const plans = 'The 12-month membership costs £900.';
    expect(features('How much does my 3-month membership cost?', plans).numberMismatch).toBe(1);
    const s = 'In 2019 the store opened 12 branches.';
    expect(features('What did we open in 2020?', s).numberMismatch).toBe(1);
    expect(features('Where is my order 4471?', 'Order 4470 shipped in under 3 days.').numberMismatch).toBe(1);
  });

  it('flags a missing answer type and a missing focus term', () => {
    const s = 'The treaty gave Rollo the lands between the river Epte and the coast.';
    expect(features('How many lands did the treaty give Rollo?', s).typeMissing).toBe(1);
    expect(features('Who received lands under the treaty?', s).typeMissing).toBe(0);
    expect(features('What river bordered the lands?', s).focusMissing).toBe(0);
    expect(features('What mountain bordered the lands?', s).focusMissing).toBe(1);
  });

  it('flags an answer without a span of the asked type other than the question words (issue #15)', () => {
    const s =
      'Direct human impact in the delta started with peat mining, for salt and fuel, from Roman times onward.';
    expect(features('How long did peat mining from the Roman times last?', s).gapMissing).toBe(1);
    expect(
      features('When did peat mining start in the delta?', 'Peat mining in the delta started in 1200.')
        .gapMissing,
    ).toBe(0);
    // A question of no fixed type ("What…") has no type to miss.
    expect(features('What did peat mining give?', s).gapMissing).toBe(0);
  });

  it('scores how well the answer fills the question gap, -1 without a span (issue #15)', () => {
    const fit = features(
      'When did the duchy begin?',
      'The Duchy of Normandy began in 911 as a fiefdom.',
    ).gapFit;
    expect(fit).toBeGreaterThan(0);
    expect(fit).toBeLessThanOrEqual(1);
    expect(features('When did the duchy begin?', 'Trade grew quickly.').gapFit).toBe(-1);
  });

  it('sees two candidates agree on the fact in the gap (issue #15)', () => {
    const agree = answerabilityFeatures({
      question: 'When did the duchy begin?',
      sentence: 'The Duchy of Normandy began in 911 as a fiefdom.',
      runnerUp: 'In 911 the duchy began under Rollo.',
      sourcesText: PARAGRAPH,
      idf: sentenceIdf([PARAGRAPH]),
    });
    expect(agree.topAgree).toBe(1);
    const disagree = answerabilityFeatures({
      question: 'When did the duchy begin?',
      sentence: 'The Duchy of Normandy began in 911 as a fiefdom.',
      runnerUp: 'The duchy began to decline in 1204.',
      sourcesText: PARAGRAPH,
      idf: sentenceIdf([PARAGRAPH]),
    });
    expect(disagree.topAgree).toBe(0);
  });

  it('matches names across accents and sees negation on one side only', () => {
    const s = 'One of the first Norman mercenaries was Hervé in the 1050s.';
    expect(features('When did Herve serve?', s).unseenNames).toBe(0);
    expect(features('Who was not a Norman mercenary?', s).negationMismatch).toBe(1);
    expect(features('Who was a Norman mercenary?', s).negationMismatch).toBe(0);
  });

  it('reads a topic query as asking what the documents say: no negation mismatch, no "policy" to find (#15)', () => {
    const s = 'Monthly plans are not refunded for the current month.';
    const sources = `${s} Annual plans are refunded pro rata within the first 60 days.`;
    const topic = features('What is the refund policy?', s, sources);
    expect(topic.negationMismatch).toBe(0);
    expect(topic.unseenShare).toBe(0);
    expect(topic.coverage).toBe(1);
    // The same words asked as a fact question keep both signals.
    const fact = features('Which plans are refunded under the policy?', s, sources);
    expect(fact.negationMismatch).toBe(1);
    expect(fact.unseenShare).toBeGreaterThan(0);
  });

  it('sees a question word swapped for its antonym, with WordNet antonyms given (issue #15)', () => {
    const antonyms = loadWordNet().antonyms;
    const swap = (question: string, sentence: string) =>
      answerabilityFeatures({
        question,
        sentence,
        sourcesText: sentence,
        idf: sentenceIdf([sentence]),
        antonyms,
      }).antonymSwap;
    const s = 'Its water has a darker color than the Rhine.';
    expect(swap('What has water that is a lighter color than the Rhine?', s)).toBe(1);
    expect(swap('What has water that is a darker color than the Rhine?', s)).toBe(0);
    expect(
      swap(
        'What is the name of the shortest suspension bridge in Germany?',
        'The Emmerich Rhine Bridge is the longest suspension bridge in Germany.',
      ),
    ).toBe(1);
    // Both words in the question: no swap, it asks about the contrast itself.
    expect(swap('Is the water lighter or darker than the Rhine?', s)).toBe(0);
    // Without antonyms the feature stays 0, as the models fitted before it assume.
    expect(features('What has water that is a lighter color than the Rhine?', s).antonymSwap).toBe(0);
  });
});

describe('extractAnswer with the default answerability model', () => {
  it('answers a matching question and abstains when the asked century is not in the sources', async () => {
    const ok = await extractAnswer({
      question: 'When did the Duchy of Normandy begin?',
      sources: [source(PARAGRAPH)],
    });
    expect(ok.abstained).toBe(false);
    expect(ok.sentences[0]?.text).toContain('911');
    expect(ok.answerability?.probability).toBeGreaterThanOrEqual(DEFAULT_ANSWERABILITY_MODEL.threshold);
    const swapped = await extractAnswer({
      question: 'What treaty was established in the 9th century?',
      sources: [source(PARAGRAPH)],
    });
    expect(swapped.abstained).toBe(true);
    // The lexical score alone would have answered it.
    const off = await extractAnswer(
      { question: 'What treaty was established in the 9th century?', sources: [source(PARAGRAPH)] },
      { answerability: 'off' },
    );
    expect(off.abstained).toBe(false);
  });

  it('probability falls as mismatch features are added', () => {
    const base = features('When did the duchy begin?', 'The duchy began in 911.');
    const worse = { ...base, typeMissing: 1, focusMissing: 1 };
    expect(answerabilityProbability(worse, DEFAULT_ANSWERABILITY_MODEL)).toBeLessThan(
      answerabilityProbability(base, DEFAULT_ANSWERABILITY_MODEL),
    );
  });
});

describe('gap typing of everyday company questions (found on the demo collection)', () => {
  const instruction = 'Go to https://password.example.internal and choose "Forgot password".';
  const price = 'The Team plan includes 2 TB of shared storage for $20 per user per month.';
  const features = (question: string, sentence: string) =>
    answerabilityFeatures({ question, sentence, sourcesText: sentence, idf: sentenceIdf([sentence]) });

  it('does not call an instruction an answer without the asked fact to a "how do I" question', () => {
    expect(features('How do I reset my password?', instruction).gapMissing).toBe(0);
  });

  it('reads "what does it cost" as asking for an amount, as "how much" is', () => {
    expect(features('What does the Team plan cost?', price).gapFit).toBeCloseTo(
      features('How much does the Team plan cost?', price).gapFit,
      5,
    );
    expect(
      features('What does the Team plan cost?', 'The Team plan is popular with agencies.').gapMissing,
    ).toBe(1);
  });
});

describe('fresh-documents gate round (issue #15)', () => {
  const { linked } = loadWordNet();
  const unlinked = (question: string, sentence: string) =>
    answerabilityFeatures({ question, sentence, sourcesText: sentence, idf: sentenceIdf([sentence]), linked })
      .unlinkedMissing;

  it('counts an asked word the sentence lacks and WordNet links to none of its words', () => {
    // "yearly" asks for what a monthly pass does not answer.
    expect(unlinked('How much is a yearly pass?', 'A monthly pass costs £32.')).toBeCloseTo(1 / 3);
    // "annual" and "yearly" are one synset; "flippers" are "fins"; "ladies" are women.
    expect(unlinked('How much is an annual pass?', 'A yearly pass costs £300.')).toBe(0);
    expect(unlinked('Are flippers allowed?', 'Fins are allowed in the fast lane only.')).toBe(0);
    expect(unlinked('When is the ladies-only swim?', 'Women-only swims are held every Sunday.')).toBe(0);
  });

  it('reads a hyphenated word as its parts, so a shared part hides nothing', () => {
    expect(unlinked('When is the ladies-only swim?', 'Men-only swims are held every Sunday.')).toBeCloseTo(
      1 / 3,
    );
  });

  it('does not read a hyphenated prefix as a word', () => {
    const sentence = 'The account becomes read-only when a payment is outstanding 21 days after the invoice.';
    expect(unlinked('When does my account get suspended for non-payment?', sentence)).toBeCloseTo(1 / 3);
  });

  it('reads only the asked words: "long" of "how long" and a word the sentence has are not counted', () => {
    expect(unlinked('How long is the warranty?', 'The warranty lasts 2 years.')).toBe(0);
  });

  it("reads the passage's next-best sentence with the best one: a multi-hop question's second hop", () => {
    const question = 'When was the founder of Acme born?';
    const sentence = 'Acme was founded by Jane Roe.';
    const hop = 'Jane Roe was born in 1950.';
    const read = (sameSourceRunnerUp?: string) =>
      answerabilityFeatures({
        question,
        sentence,
        sourcesText: `${sentence} ${hop}`,
        idf: sentenceIdf([sentence, hop]),
        linked,
        ...(sameSourceRunnerUp ? { sameSourceRunnerUp } : {}),
      }).unlinkedMissing;
    expect(read()).toBeGreaterThan(0);
    expect(read(hop)).toBe(0);
  });

  it('caps the count at three', () => {
    expect(unlinked('Do cargo tandems carry kayaks upstream?', 'Bikes are hired from docks.')).toBe(1);
  });

  it('is 0 without WordNet links, as the models fitted before it assume', () => {
    const sentence = 'A monthly pass costs £32.';
    expect(
      answerabilityFeatures({
        question: 'How much is a yearly pass?',
        sentence,
        sourcesText: sentence,
        idf: sentenceIdf([sentence]),
      }).unlinkedMissing,
    ).toBe(0);
  });

  it("reads the term features on the sentences that ask, not on the customer's story", () => {
    const sentence = 'If a pupil is injured during a course, we refund unused days.';
    const asked = features('Can we get money back for the days he misses?', sentence);
    const story = features(
      'My son hurt his knee on day two. Can we get money back for the days he misses?',
      sentence,
    );
    for (const f of ['coverage', 'idfCoverage', 'unseenShare', 'rarestMissing', 'proximity'] as const)
      expect(story[f]).toBe(asked[f]);
  });

  it('takes no name from a sign-off after the question, a sentence opening or a link', () => {
    const sentence = 'On the Granite plan, unused data rolls over.';
    const plain = features('Can I roll data over?', sentence);
    for (const message of [
      'Can I roll data over? Thanks, Anna Smith',
      'Hi there. Yesterday I upgraded. Can I roll data over?',
      'See https://Example.com/Plans for my plan. Can I roll data over?',
    ])
      expect(features(message, sentence).coverage).toBe(plain.coverage);
  });

  it('does not drop a word that only looks like a prefix', () => {
    expect(unlinked('Can I post my parcel?', 'Parcels are collected on Mondays.')).toBeCloseTo(1 / 3);
  });

  it('keeps the names a story gives: the plan asked about is not the one the sentence names', () => {
    const sentence = 'On the Granite plan, unused data rolls over.';
    expect(features('I have the Pebble plan. Can I roll data over?', sentence).coverage).toBeLessThan(
      features('Can I roll data over?', sentence).coverage,
    );
  });
});
