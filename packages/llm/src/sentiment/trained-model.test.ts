import { readFileSync } from 'node:fs';
import { hasShared, isAppError, sharedPath } from '@grounded/core';
import { describe, expect, it } from 'vitest';
import {
  describeSentimentClassifierConformance,
  expectWellFormedSentiment,
} from '../testing/sentiment-classifier-conformance';
import { sentimentFeatures } from './tokenize';
import {
  guessPolarity,
  loadTrainedSentimentModel,
  type TrainingRow,
  trainSentimentModel,
} from './trained-model';

const CHN_SENTI_CORP = ['eval', 'chnsenticorp', 'ChnSentiCorp_htl_all.csv'];
// ChnSentiCorp lives in ../shared, which a fresh clone may lack: the tests on it skip without it.
const noChnSentiCorp = !hasShared(...CHN_SENTI_CORP);

/** The first rows of ChnSentiCorp (label,review), parsed just enough for a test (quoted fields kept). */
function chnRows(limit: number): TrainingRow[] {
  const lines = readFileSync(sharedPath(...CHN_SENTI_CORP), 'utf8').split('\n');
  const rows: TrainingRow[] = [];
  for (const line of lines.slice(1)) {
    const m = /^([01]),(.*)$/.exec(line.trim());
    if (m?.[2]) rows.push({ label: m[1] as string, text: m[2] });
  }
  // The file is sorted by label; interleave to get both classes within the limit.
  const pos = rows.filter((r) => r.label === '1');
  const neg = rows.filter((r) => r.label === '0');
  return [...pos.slice(0, limit / 2), ...neg.slice(0, limit / 2)];
}

// Polar labels (ChnSentiCorp's 0/1) and a star scale where two labels share one polarity, so the
// label and the signed score are combined from several probabilities.
describe.skipIf(noChnSentiCorp)('needs ../shared/eval/chnsenticorp', () => {
  describeSentimentClassifierConformance('trained naive Bayes (ChnSentiCorp 0/1)', {
    create: async () => trainSentimentModel(chnRows(400), { holdoutFraction: 0 }).classifier,
  });
});

describeSentimentClassifierConformance('trained naive Bayes (1-5 stars, reloaded from JSON)', {
  create: async () => {
    const stars: Record<string, string[]> = {
      '1': ['terrible awful broken', 'worst stay ever, dirty', 'awful rude staff, never again'],
      '2': ['bad and noisy room', 'poor breakfast, cold coffee', 'disappointing and dirty'],
      '3': ['okay stay, nothing special', 'average room, fine location', 'it was fine I guess'],
      '4': ['good room and nice staff', 'pleasant stay, good breakfast', 'nice location, clean room'],
      '5': ['excellent wonderful stay', 'perfect, loved everything', 'amazing staff, wonderful room'],
    };
    const rows: TrainingRow[] = Object.entries(stars).flatMap(([label, texts]) =>
      texts.map((text) => ({ text, label })),
    );
    return loadTrainedSentimentModel(
      trainSentimentModel(rows, { holdoutFraction: 0, minCount: 1 }).serialize(),
    );
  },
});

// The label was the polarity of the single most likely raw label while the score was P(positive) -
// P(negative) summed over labels: with two negative star labels against one positive they disagreed.
// Found by the conformance suite's sign invariant (issue #13); the label is now the polarity with the
// most summed probability.
it('issue #13: a polar label agrees with the sign of the score when labels share a polarity', async () => {
  const rows: TrainingRow[] = [
    { text: 'awful', label: '1' },
    { text: 'dirty', label: '1' },
    { text: 'awful', label: '2' },
    { text: 'dirty', label: '2' },
    { text: 'perfect', label: '5' },
    { text: 'perfect awful', label: '5' },
    { text: 'perfect dirty', label: '5' },
    { text: 'fine', label: '3' },
    { text: 'good', label: '4' },
  ];
  const { classifier } = trainSentimentModel(rows, { holdoutFraction: 0, minCount: 1 });
  const [result] = await classifier.classify(['awful dirty perfect']);
  // Before the fix: { label: 'positive', rawLabel: '5', score: -0.09 }.
  expectWellFormedSentiment(result);
  expect(result).toMatchObject({ label: 'negative', rawLabel: '5' });
});

// A binary model has no neutral mass: a polar label moved into the neutral band reported
// confidence 0 ("这个产品太差了" → neutral, confidence 0). Inside the band confidence follows
// resultFromScore: 1 at score 0, 0 at the band's edge.
it('gives a label moved into the neutral band the confidence of its place in the band', async () => {
  const rows: TrainingRow[] = [
    { text: 'awful', label: '0' },
    { text: 'bad', label: '0' },
    { text: 'great', label: '1' },
    { text: 'good', label: '1' },
  ];
  const model = trainSentimentModel(rows, { holdoutFraction: 0, minCount: 1 });
  const banded = loadTrainedSentimentModel(model.serialize(), { neutralBand: 0.99 });
  const [result] = await banded.classify(['awful']);
  expectWellFormedSentiment(result);
  expect(result?.label).toBe('neutral');
  expect(result?.confidence).toBeCloseTo(1 - Math.abs(result?.score ?? 0) / 0.99, 6);
  expect(result?.confidence).toBeGreaterThan(0);
  // A tie (only unknown words) is the most neutral input: the highest confidence, not 0.
  const [tie] = await banded.classify(['xyzzy']);
  expect(tie).toMatchObject({ label: 'neutral', score: 0 });
  expect(tie?.confidence).toBe(1);
  // With a neutral label of its own, a polar label moved into the band is placed the same way.
  const stars = trainSentimentModel(
    [
      { text: 'awful', label: '1' },
      { text: 'fine', label: '3' },
      { text: 'great', label: '5' },
    ],
    { holdoutFraction: 0, minCount: 1 },
  );
  const [moved] = await loadTrainedSentimentModel(stars.serialize(), { neutralBand: 0.99 }).classify([
    'great',
  ]);
  expect(moved?.label).toBe('neutral');
  expect(moved?.confidence).toBeCloseTo(1 - Math.abs(moved?.score ?? 0) / 0.99, 6);
});

describe('sentimentFeatures', () => {
  it('uses words and bigrams for English, with negation marking', () => {
    const f = sentimentFeatures('Not good at all');
    expect(f).toContain('w:not');
    expect(f).toContain('w:NOT_good');
    expect(f).toContain('b:not good');
    expect(f).not.toContain('w:good');
  });
  it('uses character unigrams and bigrams for Chinese', () => {
    const f = sentimentFeatures('房间很好');
    expect(f).toEqual(expect.arrayContaining(['c:房', 'c:房间', 'c:很好', 'c:好']));
  });
});

describe('trainSentimentModel', () => {
  it.skipIf(noChnSentiCorp)(
    'learns Chinese sentiment from ChnSentiCorp rows and reports held-out accuracy (needs ../shared/eval/chnsenticorp)',
    () => {
      const model = trainSentimentModel(chnRows(2400), { holdoutFraction: 0.25, seed: 7 });
      expect(model.labels).toEqual(['0', '1']);
      expect(model.heldOutCount).toBe(600);
      // Naive Bayes on character n-grams is well above chance (0.5 on this balanced sample).
      expect(model.heldOutAccuracy).toBeGreaterThan(0.8);
    },
  );

  it.skipIf(noChnSentiCorp)(
    'maps 0/1 labels to polarity and keeps the raw label (needs ../shared/eval/chnsenticorp)',
    async () => {
      const model = trainSentimentModel(chnRows(1000), { holdoutFraction: 0 });
      expect(model.heldOutAccuracy).toBeNull();
      const [good, bad] = await model.classifier.classify([
        '房间干净，服务很好，下次还会再来',
        '房间很脏，服务太差了，再也不来',
      ]);
      expect(good).toMatchObject({ label: 'positive', rawLabel: '1' });
      expect(bad).toMatchObject({ label: 'negative', rawLabel: '0' });
      expect(good?.score).toBeGreaterThan(0);
    },
  );

  it('handles any label set, and round-trips through serialize/load', async () => {
    const rows: TrainingRow[] = [];
    const topics: Record<string, string[]> = {
      billing: [
        'invoice was charged twice',
        'refund my payment',
        'wrong amount on the bill',
        'card charged again',
      ],
      shipping: [
        'parcel never arrived',
        'delivery was late',
        'courier lost the package',
        'tracking shows no parcel',
      ],
      account: [
        'cannot log in to my account',
        'password reset fails',
        'account locked after login',
        'change my account email',
      ],
    };
    for (let rep = 0; rep < 3; rep++)
      for (const [label, texts] of Object.entries(topics))
        for (const text of texts) rows.push({ text, label });
    const model = trainSentimentModel(rows, { holdoutFraction: 0, minCount: 1 });
    expect(model.labels).toEqual(['account', 'billing', 'shipping']);
    const texts = ['my parcel is late', 'I was charged twice on my card', 'login to account fails'];
    const before = model.classifier.predict(texts);
    expect(before.map((p) => p.label)).toEqual(['shipping', 'billing', 'account']);
    const reloaded = loadTrainedSentimentModel(model.serialize());
    expect(reloaded.predict(texts)).toEqual(before);
    const [r] = await reloaded.classify(texts);
    expect(r).toMatchObject({ label: 'neutral', rawLabel: 'shipping', score: 0 });
  });

  it('rejects a single label and malformed models', () => {
    const one = () =>
      trainSentimentModel([
        { text: 'a', label: 'x' },
        { text: 'b', label: 'x' },
      ]);
    expect(one).toThrow(expect.objectContaining({ code: 'invalid_training_data' }));
    for (const bad of ['not json', '{"format":"other"}']) {
      try {
        loadTrainedSentimentModel(bad);
        expect.unreachable();
      } catch (e) {
        expect(isAppError(e) && e.code).toBe('invalid_model');
      }
    }
  });

  it('guesses polarity from common label names', () => {
    expect(guessPolarity(['neg', 'pos', 'neutral'])).toEqual({
      neg: 'negative',
      pos: 'positive',
      neutral: 'neutral',
    });
    expect(guessPolarity(['1', '3', '5'])).toEqual({ '1': 'negative', '3': 'neutral', '5': 'positive' });
  });
});
