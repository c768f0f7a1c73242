import { rejectionCode, withBrokenTransformersModel } from '@grounded/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reranker } from '../types';

/**
 * The one conformance suite every Reranker adapter passes (DESIGN.md, convention 2). Test-only: it
 * imports vitest, so it is not exported from the package. Scores are only promised to be "higher
 * is better", so it asserts count, order and finiteness; relevance only for adapters that know it.
 */
export interface RerankerConformanceSetup {
  /** Adapters that hold a model also have close(). */
  create: () => Promise<Reranker & { close?(): Promise<void> }>;
  /** Trained or rule-based adapters rank a passage that answers the query above unrelated ones. */
  ranksByRelevance?: boolean;
  /** Code with which score must refuse after close(), for adapters that release a model. */
  closedCode?: string;
  /** Factories that must reject with a clean AppError. */
  missingModel?: () => Promise<unknown>;
  /** Gets a model folder that exists but cannot load. */
  brokenModel?: (source: { model: string; localModelPath: string }) => Promise<unknown>;
}

const QUERY = 'how do I reset my account password';
const PASSAGES: readonly string[] = [
  'The weather is nice today.',
  'To reset your account password, open Settings and choose Reset password.',
  'Invoices are sent on the first day of each month.',
  '如何重置账户密码？请在设置中选择重置密码。',
  'password',
  Array.from({ length: 120 }, (_, i) => `Paragraph ${i} describes the billing cycle and refunds.`).join(' '),
];

export function describeRerankerConformance(name: string, setup: RerankerConformanceSetup): void {
  describe(`Reranker conformance: ${name}`, () => {
    let reranker: Reranker & { close?(): Promise<void> };
    beforeAll(async () => {
      reranker = await setup.create();
    });
    afterAll(async () => {
      await reranker?.close?.();
    });

    it('has an id', () => {
      expect(reranker.id.length).toBeGreaterThan(0);
    });

    it('returns one finite score per passage, each belonging to its passage', async () => {
      const scores = await reranker.score(QUERY, PASSAGES);
      expect(scores).toHaveLength(PASSAGES.length);
      for (const s of scores) expect(Number.isFinite(s)).toBe(true);
      // Reversing the passages reverses the scores (an adapter may score relative to the other
      // passages, e.g. by term rarity, so scoring one alone is not required to agree).
      const reversed = await reranker.score(QUERY, [...PASSAGES].reverse());
      expect(reversed).toHaveLength(PASSAGES.length);
      for (const [i, s] of [...reversed].reverse().entries()) {
        expect(s, `passage ${i}`).toBeCloseTo(scores[i] as number, 4);
      }
    });

    it('answers no passages with no scores, and empty texts with finite scores', async () => {
      expect(await reranker.score(QUERY, [])).toEqual([]);
      const empty = await reranker.score(QUERY, ['', '   ']);
      expect(empty).toHaveLength(2);
      for (const s of empty) expect(Number.isFinite(s)).toBe(true);
      const noQuery = await reranker.score('', PASSAGES.slice(0, 2));
      expect(noQuery).toHaveLength(2);
      for (const s of noQuery) expect(Number.isFinite(s)).toBe(true);
    });

    if (setup.ranksByRelevance) {
      it('scores the passage that answers the query higher than unrelated ones', async () => {
        const [weather, answer, invoices] = await reranker.score(QUERY, PASSAGES.slice(0, 3));
        expect(answer).toBeGreaterThan(weather as number);
        expect(answer).toBeGreaterThan(invoices as number);
      });
    }
    if (setup.closedCode) {
      const code = setup.closedCode;
      it(`refuses to score after close with ${code}`, async () => {
        const other = await setup.create();
        await other.close?.();
        expect(await rejectionCode(other.score(QUERY, PASSAGES.slice(0, 1)))).toBe(code);
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
