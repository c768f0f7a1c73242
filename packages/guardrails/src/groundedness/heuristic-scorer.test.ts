import { describe, expect, it } from 'vitest';
import { describeEntailmentScorerConformance } from '../testing/entailment-scorer-conformance';
import { createHeuristicEntailmentScorer, supportSignals } from './heuristic-scorer';

describeEntailmentScorerConformance('heuristic', { create: async () => createHeuristicEntailmentScorer() });

// The similarity function is the caller's (an embedder in production); word-set Jaccard stands in
// here, in [0, 1] like a normalised cosine.
describeEntailmentScorerConformance('heuristic with a similarity function', {
  create: async () =>
    createHeuristicEntailmentScorer({
      similarity: async (a, b) => {
        const bag = (t: string) => new Set(t.toLowerCase().match(/\p{L}+/gu) ?? []);
        const left = bag(a);
        return b.map((text) => {
          const right = bag(text);
          const shared = [...left].filter((w) => right.has(w)).length;
          return shared / Math.max(1, new Set([...left, ...right]).size);
        });
      },
    }),
});

describe('heuristic scorer: negation', () => {
  const refunds =
    'You can cancel at any time from the Billing page. Monthly plans are not refunded for the current month. Annual plans are refunded pro rata within the first 60 days after purchase. After 60 days, annual plans are not refundable.';

  it('takes a quoted sentence as supported although its neighbour negates the same word', () => {
    const quoted = supportSignals({
      premise: refunds,
      hypothesis: 'Annual plans are refunded pro rata within the first 60 days after purchase.',
    });
    expect(quoted.localCoverage).toBe(1);
    expect(quoted.negationMismatch).toBe(false);
  });

  it('still flags a claim whose negation no sentence agrees with', () => {
    const flipped = supportSignals({
      premise: 'Orders over $50 ship free. Returns are accepted within 30 days.',
      hypothesis: 'Returns are not accepted within 30 days.',
    });
    expect(flipped.negationMismatch).toBe(true);
  });
});
