import { describeEntailmentScorerConformance } from '../testing/entailment-scorer-conformance';
import { createHeuristicEntailmentScorer } from './heuristic-scorer';

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
