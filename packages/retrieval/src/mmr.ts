import { dot } from './vector-math';

/**
 * Maximal marginal relevance: picks k items greedily, each maximizing
 * λ·relevance − (1−λ)·max cosine to those already picked. Relevance is min-max scaled to [0, 1]
 * so it is comparable with cosine whatever the upstream score (RRF, BM25).
 */
export function maximalMarginalRelevance<T extends { score: number }>(
  candidates: readonly T[],
  vectorOf: (item: T) => Float32Array | null,
  k: number,
  lambda: number,
): T[] {
  if (candidates.length === 0 || k <= 0) return [];
  const scores = candidates.map((c) => c.score);
  const min = Math.min(...scores);
  const span = Math.max(...scores) - min || 1;
  const pool = candidates.map((item) => ({
    item,
    relevance: (item.score - min) / span,
    vector: vectorOf(item),
  }));
  const picked: typeof pool = [];
  while (picked.length < k && pool.length > 0) {
    let bestIndex = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    pool.forEach((entry, index) => {
      let redundancy = 0;
      if (entry.vector) {
        for (const chosen of picked)
          if (chosen.vector) redundancy = Math.max(redundancy, dot(entry.vector, chosen.vector));
      }
      const value = lambda * entry.relevance - (1 - lambda) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        bestIndex = index;
      }
    });
    picked.push(...pool.splice(bestIndex, 1));
  }
  return picked.map((entry) => entry.item);
}
