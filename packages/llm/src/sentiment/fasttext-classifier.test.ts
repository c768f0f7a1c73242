import { writeBrokenFastTextModel } from '@grounded/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeSentimentClassifierConformance } from '../testing/sentiment-classifier-conformance';
import { createEnglishSentimentEnsemble } from './ensemble-classifier';
import { createFastTextSentimentClassifier, type FastTextSentimentClassifier } from './fasttext-classifier';
import { createLexiconSentimentClassifier } from './lexicon-classifier';
import { normalizeForFastText, rejoinTreebankTokens } from './text-normalize';
import type { SentimentClassifier } from './types';
import { vendoredSentimentModels } from './vendored-models';

// The amazon models ship with the product under models/ (issue #17), so these tests never skip.
const { polarity: polarityPath, stars: starsPath } = vendoredSentimentModels();

const positive = [
  'I absolutely loved this hotel, the staff were wonderful and the room was spotless.',
  'A charming, funny and beautifully acted film.',
];
const negative = [
  'The product broke after two days and support never answered. Terrible.',
  "It was boring, far too long and I wouldn't recommend it to anyone.",
];

describeSentimentClassifierConformance('wink lexicon', {
  create: async () => createLexiconSentimentClassifier(),
});

describe('real amazon models', () => {
  describeSentimentClassifierConformance('fastText polarity', {
    create: () => createFastTextSentimentClassifier({ modelPath: polarityPath }),
    missingModel: () => createFastTextSentimentClassifier({ modelPath: '/nonexistent/model.ftz' }),
    brokenModel: (scratch) =>
      createFastTextSentimentClassifier({ modelPath: writeBrokenFastTextModel(scratch) }),
  });

  describeSentimentClassifierConformance('fastText polarity + stars', {
    create: () => createFastTextSentimentClassifier({ modelPath: polarityPath, starsModelPath: starsPath }),
    missingModel: () =>
      createFastTextSentimentClassifier({
        modelPath: polarityPath,
        starsModelPath: '/nonexistent/stars.ftz',
      }),
  });

  describeSentimentClassifierConformance('English ensemble (fastText + stars + lexicon)', {
    create: () =>
      createEnglishSentimentEnsemble({ polarityModelPath: polarityPath, starsModelPath: starsPath }),
    missingModel: () => createEnglishSentimentEnsemble({ polarityModelPath: '/nonexistent/model.ftz' }),
    brokenModel: (scratch) =>
      createEnglishSentimentEnsemble({ polarityModelPath: writeBrokenFastTextModel(scratch) }),
  });

  describeSentimentClassifierConformance('English ensemble with the contrast rule', {
    create: () =>
      createEnglishSentimentEnsemble({
        polarityModelPath: polarityPath,
        starsModelPath: starsPath,
        contrastRule: true,
      }),
  });
});

describe('text normalisation for fastText', () => {
  it('splits punctuation and lowercases like the training data', () => {
    expect(normalizeForFastText('Great, really GREAT (mostly)!')).toBe('great , really great ( mostly ) !');
    expect(normalizeForFastText('It\'s "fine":ok')).toBe("it ' s fine ok");
  });
  it('rejoins treebank contractions', () => {
    expect(rejoinTreebankTokens("it 's not bad , is n't it ? i ca n't")).toBe(
      "it's not bad , isn't it ? i can't",
    );
  });
});

describe('fastText sentiment classifier (real amazon models)', () => {
  let ft: FastTextSentimentClassifier;
  let withStars: FastTextSentimentClassifier;
  beforeAll(async () => {
    ft = await createFastTextSentimentClassifier({ modelPath: polarityPath });
    withStars = await createFastTextSentimentClassifier({
      modelPath: polarityPath,
      starsModelPath: starsPath,
    });
  });

  it('labels clear positives and negatives', async () => {
    for (const c of [ft, withStars]) {
      const results = await c.classify([...positive, ...negative]);
      expect(results.map((r) => r.label)).toEqual(['positive', 'positive', 'negative', 'negative']);
      for (const r of results) {
        expect(r.score).toBeGreaterThanOrEqual(-1);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
      }
    }
  });

  it('exposes raw signals with the expected signs', async () => {
    const [pos, neg] = await withStars.scores([positive[0] as string, negative[0] as string]);
    expect(pos?.polarityLogit).toBeGreaterThan(0);
    expect(neg?.polarityLogit).toBeLessThan(0);
    expect(pos?.starsScore).toBeGreaterThan(neg?.starsScore ?? 0);
  });

  it('puts scores inside the neutral band to neutral', async () => {
    const wide = await createFastTextSentimentClassifier({
      modelPath: polarityPath,
      neutralBand: 0.99,
      temperature: 50,
    });
    const [r] = await wide.classify(['The package arrived on Tuesday.']);
    expect(r?.label).toBe('neutral');
  });
});

describe('wink lexicon classifier', () => {
  const lex = createLexiconSentimentClassifier();
  it('labels lexicon-bearing text and handles negation', async () => {
    const [p, n, notGood] = await lex.scores([
      'I love it, wonderful!',
      'awful and horrible',
      'this is not good',
    ]);
    expect(p).toBeGreaterThan(0);
    expect(n).toBeLessThan(0);
    expect(notGood).toBeLessThan(0);
  });
  it('gives zero confidence on text it cannot read (Chinese)', async () => {
    expect(await lex.classify(['房间很脏，服务太差了'])).toEqual([
      { label: 'neutral', score: 0, confidence: 0 },
    ]);
  });
  it('calls text without sentiment words neutral', async () => {
    const [r] = await lex.classify(['The meeting is on Tuesday at the office.']);
    expect(r?.label).toBe('neutral');
  });
});

describe('English ensemble (offline default)', () => {
  let ens: SentimentClassifier;
  beforeAll(async () => {
    ens = await createEnglishSentimentEnsemble({
      polarityModelPath: polarityPath,
      starsModelPath: starsPath,
    });
  });
  it('agrees with clear examples, including treebank-tokenised negation', async () => {
    const results = await ens.classify([
      ...positive,
      ...negative,
      "it 's not a good movie , and it is n't funny .",
    ]);
    expect(results.map((r) => r.label)).toEqual(['positive', 'positive', 'negative', 'negative', 'negative']);
    expect(ens.languages).toEqual(['en']);
  });
  it('keeps the label of a text next to an empty one', async () => {
    const rs = await ens.classify(['', negative[1] as string]);
    expect(rs[1]?.label).toBe('negative');
  });
});
