import { sharedPath } from '@grounded/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTransformersSentimentClassifier, guessSentimentLabel } from './transformers-classifier';
import type { SentimentClassifier } from './types';

describe('guessSentimentLabel', () => {
  it('maps common checkpoint label names', () => {
    expect(guessSentimentLabel('NEGATIVE', [])).toBe('negative');
    expect(guessSentimentLabel('LABEL_1', ['LABEL_0', 'LABEL_1'])).toBe('positive');
    expect(guessSentimentLabel('LABEL_1', ['LABEL_0', 'LABEL_1', 'LABEL_2'])).toBe('neutral');
    expect(guessSentimentLabel('4 stars', [])).toBe('positive');
    expect(guessSentimentLabel('sports', [])).toBeNull();
  });
});

// Random weights: only shapes and ranges are meaningful, never the labels.
describe('transformers.js text-classification (tiny random fixture)', () => {
  let clf: SentimentClassifier;
  beforeAll(async () => {
    clf = await createTransformersSentimentClassifier({
      model: 'local/tiny-random-bert-seqcls',
      localModelPath: sharedPath('models', 'fixtures'),
      batchSize: 2,
    });
  });

  it('returns one well-formed result per text across batches', async () => {
    const texts = ['good movie', 'bad movie', 'it was fine', 'one more'];
    const out = await clf.classify(texts);
    expect(out).toHaveLength(texts.length);
    for (const r of out) {
      expect(['negative', 'neutral', 'positive']).toContain(r.label);
      expect(Math.abs(r.score)).toBeLessThanOrEqual(1);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
    expect(clf.id).toBe('transformers:local/tiny-random-bert-seqcls');
    const [single] = await clf.classify(['just one']);
    expect(single?.label).toBeDefined();
  });

  // model_not_found, as for every adapter: the one loading helper looks for the folder first (issue #13).
  it('fails with model_not_found for a missing local model', async () => {
    const err = await createTransformersSentimentClassifier({
      model: 'local/does-not-exist',
      localModelPath: sharedPath('models', 'fixtures'),
    }).catch((e) => e);
    expect(err).toMatchObject({ code: 'model_not_found' });
  });

  it('closes', async () => {
    await clf.close();
  });
});
