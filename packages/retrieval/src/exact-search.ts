import { dot } from './vector-math';

export interface VectorHit {
  id: string;
  /** Cosine similarity (dot product of unit vectors). */
  score: number;
}

/**
 * Brute-force top-k by cosine: the ground truth for HNSW recall, the search of a small index and
 * the fallback for very selective filters. A bounded insertion list keeps it O(n·k) without
 * sorting everything. Equal scores go in id order, so the result does not depend on the order
 * the items come in (the same text uploaded twice has the same vector).
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
    const hit = { id: item.id, score: dot(item.vector, query) };
    if (top.length === k && !before(hit, top[k - 1] as VectorHit)) continue;
    let at = top.length;
    while (at > 0 && before(hit, top[at - 1] as VectorHit)) at--;
    top.splice(at, 0, hit);
    if (top.length > k) top.pop();
  }
  return top;
}

/** Whether `a` ranks above `b`: the higher score, and on a tie the smaller id. */
function before(a: VectorHit, b: VectorHit): boolean {
  return a.score > b.score || (a.score === b.score && a.id < b.id);
}
