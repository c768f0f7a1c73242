import { hasShared, sharedPath } from '@grounded/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeSafetyClassifierConformance } from '../testing/safety-classifier-conformance';
import { checkToxicity } from './check-toxicity';
import type { SafetyClassifier } from './safety-classifier';
import { createTransformersSafetyClassifier } from './transformers-classifier';

const localModelPath = sharedPath('models', 'fixtures');
// The fixture models live in ../shared, which a fresh clone may lack: their tests skip without it.
const noFixtures = !hasShared('models', 'fixtures');

describe.skipIf(noFixtures)('needs ../shared/models/fixtures', () => {
  // batchSize 4 makes the suite's texts span several forward passes.
  describeSafetyClassifierConformance('transformers.js (tiny-random-bert-seqcls, labels by name)', {
    create: () =>
      createTransformersSafetyClassifier({
        model: 'local/tiny-random-bert-seqcls',
        localModelPath,
        batchSize: 4,
      }),
    closedCode: 'classifier_closed',
    missingModel: () => createTransformersSafetyClassifier({ model: 'local/nope', localModelPath }),
    brokenModel: (source) => createTransformersSafetyClassifier(source),
  });

  // NEGATIVE mapped to hate, so the adapter's group-mention spans are produced and checked.
  describeSafetyClassifierConformance('transformers.js (tiny-random-bert-seqcls, label map)', {
    create: () =>
      createTransformersSafetyClassifier({
        model: 'local/tiny-random-bert-seqcls',
        localModelPath,
        labelMap: { NEGATIVE: 'hate', POSITIVE: 'threat' },
      }),
  });
});

// Random-weight fixture: assert shapes and plumbing, never particular scores.
describe.skipIf(noFixtures)(
  'transformers safety classifier (tiny-random-bert-seqcls) (needs ../shared/models/fixtures)',
  () => {
    let clf: SafetyClassifier;
    beforeAll(async () => {
      clf = await createTransformersSafetyClassifier({
        model: 'local/tiny-random-bert-seqcls',
        localModelPath,
        labelMap: { NEGATIVE: 'toxicity', POSITIVE: 'ignore' },
      });
    });

    it('reads the mapped label into its category', async () => {
      const out = await clf.classify(['hello there', 'you are awful', '你好']);
      for (const r of out) expect(r.scores.toxicity).toBeGreaterThan(0);
      const [single] = await clf.classify(['just one']);
      expect(single!.scores.toxicity).toBeGreaterThan(0);
    });

    it('plugs into checkToxicity and names the model in the version', async () => {
      const v = await checkToxicity('hello', clf, { toxicity: 0 });
      expect(v.action).toBe('block');
      expect(v.version).toContain('tiny-random-bert-seqcls');
    });
  },
);
