import { rejectionCode, withBrokenTransformersModel } from '@grounded/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntailmentPair, EntailmentScorer } from '../groundedness/entailment-scorer';

/**
 * The one conformance suite every EntailmentScorer adapter passes (DESIGN.md, convention 2).
 * Test-only: it imports vitest, so it is not exported from the package. Model fixtures have random
 * weights, so it asserts ranges and order, never which pair is supported.
 */
export interface EntailmentScorerConformanceSetup {
  create: () => Promise<EntailmentScorer>;
  /** Code with which score must refuse after close(), for adapters that release a model. */
  closedCode?: string;
  /** Factories that must reject with a clean AppError. */
  missingModel?: () => Promise<unknown>;
  /** Gets a model folder that exists but cannot load. */
  brokenModel?: (source: { model: string; localModelPath: string }) => Promise<unknown>;
}

const PAIRS: readonly EntailmentPair[] = [
  { premise: 'The warranty lasts two years.', hypothesis: 'The warranty lasts two years.' },
  { premise: 'Support is open on weekdays.', hypothesis: 'Support is open on Sundays.' },
  { premise: '保修期为两年。', hypothesis: '保修期为五年。' },
  {
    premise: 'Acme Cloud offers a 30-day free trial. No credit card is needed.',
    hypothesis: 'The trial is free.',
  },
  { premise: 'The policy does not cover water damage.', hypothesis: 'The policy covers water damage.' },
  { premise: '', hypothesis: 'Something with no source at all.' },
  {
    premise: Array.from({ length: 150 }, (_, i) => `Clause ${i} of the contract covers shipping.`).join(' '),
    hypothesis: 'The contract covers shipping.',
  },
];

function expectProbability(score: number | undefined, what: string): void {
  expect(Number.isFinite(score), what).toBe(true);
  expect(score, what).toBeGreaterThanOrEqual(0);
  expect(score, what).toBeLessThanOrEqual(1);
}

export function describeEntailmentScorerConformance(
  name: string,
  setup: EntailmentScorerConformanceSetup,
): void {
  describe(`EntailmentScorer conformance: ${name}`, () => {
    let scorer: EntailmentScorer;
    beforeAll(async () => {
      scorer = await setup.create();
    });
    afterAll(async () => {
      await scorer?.close?.();
    });

    it('has an id', () => {
      expect(scorer.id.length).toBeGreaterThan(0);
    });

    it('returns one support probability in [0, 1] per pair, in order', async () => {
      const scores = await scorer.score(PAIRS);
      expect(scores).toHaveLength(PAIRS.length);
      for (const [i, s] of scores.entries()) expectProbability(s, `pair ${i}`);
      // Each score belongs to its own pair: scored alone, a pair gets the same score.
      for (const [i, pair] of PAIRS.entries()) {
        const [alone] = await scorer.score([pair]);
        expect(alone, `pair ${i}`).toBeCloseTo(scores[i] ?? Number.NaN, 4);
      }
    });

    it('answers no pairs with no scores, and empty texts with a probability', async () => {
      expect(await scorer.score([])).toEqual([]);
      const scores = await scorer.score([
        { premise: '', hypothesis: '' },
        { premise: 'The warranty lasts two years.', hypothesis: '  ' },
      ]);
      expect(scores).toHaveLength(2);
      for (const [i, s] of scores.entries()) expectProbability(s, `pair ${i}`);
    });

    it('explains a pair in words, when it can explain', async () => {
      if (!scorer.explain) return;
      for (const pair of PAIRS.slice(0, 3)) {
        const reason = await scorer.explain(pair);
        expect(typeof reason).toBe('string');
        expect(reason.trim().length).toBeGreaterThan(0);
      }
    });

    if (setup.closedCode) {
      const code = setup.closedCode;
      it(`refuses to score after close with ${code}`, async () => {
        const other = await setup.create();
        await other.close?.();
        expect(await rejectionCode(other.score(PAIRS.slice(0, 1)))).toBe(code);
      });
    }
    if (setup.missingModel) {
      const missing = setup.missingModel;
      it('rejects a missing model with model_not_found', async () => {
        expect(await rejectionCode(missing())).toBe('model_not_found');
      });
    }
    if (setup.brokenModel) {
      const broken = setup.brokenModel;
      it('rejects a broken model with model_load_failed', async () => {
        expect(await withBrokenTransformersModel((source) => rejectionCode(broken(source)))).toBe(
          'model_load_failed',
        );
      });
    }
  });
}
