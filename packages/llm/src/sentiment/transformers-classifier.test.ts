import { hasShared, sharedPath } from '@grounded/core';
import { writeBrokenTransformersModel } from '@grounded/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeSentimentClassifierConformance } from '../testing/sentiment-classifier-conformance';
import { createTransformersSentimentClassifier, guessSentimentLabel } from './transformers-classifier';
import type { SentimentClassifier } from './types';

const localModelPath = sharedPath('models', 'fixtures');
// The fixture models live in ../shared, which a fresh clone may lack: their tests skip without it.
const noFixtures = !hasShared('models', 'fixtures');

// Random weights: the suite asserts shapes, ranges and order, never labels. batchSize 3 makes the
// suite's texts span several forward passes. model_not_found, as for every adapter: the one loading
// helper looks for the folder first (issue #13).
describe.skipIf(noFixtures)('needs ../shared/models/fixtures', () => {
  describeSentimentClassifierConformance('transformers.js (tiny-random-bert-seqcls)', {
    create: () =>
      createTransformersSentimentClassifier({
        model: 'local/tiny-random-bert-seqcls',
        localModelPath,
        batchSize: 3,
      }),
    missingModel: () =>
      createTransformersSentimentClassifier({ model: 'local/does-not-exist', localModelPath }),
    brokenModel: (scratch) => createTransformersSentimentClassifier(writeBrokenTransformersModel(scratch)),
  });
});

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
describe.skipIf(noFixtures)(
  'transformers.js text-classification (tiny random fixture) (needs ../shared/models/fixtures)',
  () => {
    let clf: SentimentClassifier;
    beforeAll(async () => {
      clf = await createTransformersSentimentClassifier({
        model: 'local/tiny-random-bert-seqcls',
        localModelPath,
        batchSize: 2,
      });
    });

    it('names the model in its id and answers a single text', async () => {
      expect(clf.id).toBe('transformers:local/tiny-random-bert-seqcls');
      const [single] = await clf.classify(['just one']);
      expect(single?.label).toBeDefined();
    });

    it('closes', async () => {
      await clf.close();
    });
  },
);
