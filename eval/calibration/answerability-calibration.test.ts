import { hasShared } from '@grounded/core';
import { answerabilityProbability, DEFAULT_ANSWERABILITY_MODEL } from '@grounded/llm';
import { describe, expect, it } from 'vitest';
import { fitLogistic } from './logistic-fit';
import { abstentionRates, loadSquadV2Subset, measureQuestions, tuningParagraphs } from './squad-abstention';

describe('fitLogistic', () => {
  it('learns the sign of a separating feature and respects a sign constraint', () => {
    const x = Array.from({ length: 200 }, (_, i) => [i % 2, (i * 7919) % 13]);
    const y = x.map(([a]) => (a === 1 ? 1 : 0));
    const fit = fitLogistic(x, y);
    expect(fit.weights[0]).toBeGreaterThan(1);
    const constrained = fitLogistic(x, y, { signs: [-1, 0] });
    expect(constrained.weights[0]).toBe(0);
  });
});

// The SQuAD subset lives in ../shared, which a fresh clone may lack: skip without it.
const noSquad = !hasShared('eval', 'squad_v2_dev_subset', 'derived', 'qa_flat.jsonl');

describe.skipIf(noSquad)(
  'SQuAD 2.0 held-out half (real data) (needs ../shared/eval/squad_v2_dev_subset)',
  () => {
    it('abstains on more unanswerable questions than the score threshold alone while answering most answerable ones', async () => {
      const rows = loadSquadV2Subset();
      const tuning = tuningParagraphs(rows);
      expect(tuning.size).toBeGreaterThan(30);
      const test = (await measureQuestions(rows)).filter((q) => !q.tuning);
      expect(test.some((q) => tuning.has(q.row.context_id))).toBe(false);
      const before = abstentionRates(test, (q) => q.bestScore >= 0.34);
      const after = abstentionRates(
        test,
        (q) =>
          q.bestScore >= 0.34 &&
          answerabilityProbability(q.features, DEFAULT_ANSWERABILITY_MODEL) >=
            DEFAULT_ANSWERABILITY_MODEL.threshold,
      );
      expect(after.abstained).toBeGreaterThan(before.abstained + 0.05);
      expect(after.answered).toBeGreaterThan(0.8);
      expect(after.containsGold).toBeGreaterThanOrEqual(before.containsGold);
    });
  },
);
