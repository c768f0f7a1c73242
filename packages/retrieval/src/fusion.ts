export interface RankedList {
  /** Retriever name, used as the key of `weights`. */
  name: string;
  /** Ids best first. */
  ids: readonly string[];
}

export interface FusionOptions {
  /** The RRF constant: larger flattens the head of each list. Default 60 (Cormack et al.). */
  k?: number;
  /** Per-list multipliers; a missing name weighs 1. */
  weights?: Record<string, number>;
}

export interface FusedItem {
  id: string;
  score: number;
  /** 1-based rank in each list that held the id. */
  ranks: Record<string, number>;
}

/**
 * Weighted reciprocal rank fusion: score(id) = Σ_lists w_list / (k + rank). Rank-based, so it
 * needs no score calibration between BM25 and cosine. Ties: see `sortFused`.
 */
export function reciprocalRankFusion(lists: readonly RankedList[], options: FusionOptions = {}): FusedItem[] {
  const k = options.k ?? 60;
  const fused = new Map<string, FusedItem>();
  for (const list of lists) {
    const weight = options.weights?.[list.name] ?? 1;
    list.ids.forEach((id, index) => {
      const rank = index + 1;
      let item = fused.get(id);
      if (!item) {
        item = { id, score: 0, ranks: {} };
        fused.set(id, item);
      }
      // A duplicate id within one list counts at its best rank only.
      if (item.ranks[list.name] !== undefined) return;
      item.ranks[list.name] = rank;
      item.score += weight / (k + rank);
    });
  }
  return sortFused(fused.values());
}

/**
 * Best score first; equal scores by the best rank any list gave (so items that a zero-weighted
 * list alone found keep that list's order instead of falling into id order), then by id.
 */
function sortFused(items: Iterable<FusedItem>): FusedItem[] {
  const bestRank = (item: FusedItem) => Math.min(...Object.values(item.ranks));
  return [...items].sort((a, b) => b.score - a.score || bestRank(a) - bestRank(b) || (a.id < b.id ? -1 : 1));
}

export interface ScoredList {
  name: string;
  /** Best first, with the retriever's raw score. */
  hits: readonly { id: string; score: number }[];
}

/**
 * Score fusion with per-query min-max calibration: each list's scores are scaled to [0, 1]
 * (best = 1, worst kept = 0), then summed with weights; an id a list did not return gets 0 from
 * it. Unlike RRF it keeps how far apart the scores are, which helps when one retriever is
 * confident and the other is not. Ranks are reported as in RRF.
 */
export function normalizedScoreFusion(
  lists: readonly ScoredList[],
  options: { weights?: Record<string, number> } = {},
): FusedItem[] {
  const fused = new Map<string, FusedItem>();
  for (const list of lists) {
    const weight = options.weights?.[list.name] ?? 1;
    const scores = list.hits.map((hit) => hit.score);
    const max = Math.max(...scores);
    const min = Math.min(...scores);
    const span = max - min;
    list.hits.forEach((hit, index) => {
      let item = fused.get(hit.id);
      if (!item) {
        item = { id: hit.id, score: 0, ranks: {} };
        fused.set(hit.id, item);
      }
      if (item.ranks[list.name] !== undefined) return;
      item.ranks[list.name] = index + 1;
      item.score += weight * (span > 0 ? (hit.score - min) / span : 1);
    });
  }
  return sortFused(fused.values());
}
