import { sharedPath } from '@grounded/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkToxicity } from './check-toxicity';
import type { SafetyClassifier } from './safety-classifier';
import { createTransformersSafetyClassifier } from './transformers-classifier';

const localModelPath = sharedPath('models', 'fixtures');

// Random-weight fixture: assert shapes and plumbing, never particular scores.
describe('transformers safety classifier (tiny-random-bert-seqcls)', () => {
  let clf: SafetyClassifier;
  beforeAll(async () => {
    clf = await createTransformersSafetyClassifier({
      model: 'local/tiny-random-bert-seqcls',
      localModelPath,
      labelMap: { NEGATIVE: 'toxicity', POSITIVE: 'ignore' },
    });
  });

  it('returns one score set per input with every category in [0, 1]', async () => {
    const out = await clf.classify(['hello there', 'you are awful', '你好']);
    expect(out).toHaveLength(3);
    for (const r of out) {
      for (const c of ['toxicity', 'insult', 'threat', 'hate'] as const) {
        expect(r.scores[c]).toBeGreaterThanOrEqual(0);
        expect(r.scores[c]).toBeLessThanOrEqual(1);
      }
      expect(r.scores.toxicity).toBeGreaterThan(0);
    }
    const [single] = await clf.classify(['just one']);
    expect(single!.scores.toxicity).toBeGreaterThan(0);
  });

  it('plugs into checkToxicity and names the model in the version', async () => {
    const v = await checkToxicity('hello', clf, { toxicity: 0 });
    expect(v.action).toBe('block');
    expect(v.version).toContain('tiny-random-bert-seqcls');
  });

  it('fails cleanly on a missing model and after dispose', async () => {
    await expect(
      createTransformersSafetyClassifier({ model: 'local/nope', localModelPath }),
    ).rejects.toMatchObject({
      code: 'model_not_found',
    });
    const other = await createTransformersSafetyClassifier({
      model: 'local/tiny-random-bert-seqcls',
      localModelPath,
    });
    await other.dispose?.();
    await expect(other.classify(['x'])).rejects.toMatchObject({ code: 'classifier_closed' });
  });
});
