import { dot } from './vector-math';

export interface VectorHit {
  id: string;
  /** Cosine similarity (dot product of unit vectors). */
  score: number;
}

/**
 * Brute-force top-k by cosine: the ground truth for HNSW recall and the fallback for very
 * selective filters. A bounded insertion list keeps it O(n·k) without sorting everything.
 */
export function exactSearch(
  items: Iterable<{ id: string; vector: Float32Array }>,
  query: Float32Array,
  k: number,
  filter?: (id: string) => boolean,
): VectorHit[] {
  const top: VectorHit[] = [];
  if (k <= 0) return top;
  for (const item of items) {
    if (filter && !filter(item.id)) continue;
    const score = dot(item.vector, query);
    if (top.length === k && score <= (top[k - 1] as VectorHit).score) continue;
    let at = top.length;
    while (at > 0 && (top[at - 1] as VectorHit).score < score) at--;
    top.splice(at, 0, { id: item.id, score });
    if (top.length > k) top.pop();
  }
  return top;
}
