import type { Qrels } from './retrieval-data';

/** nDCG@k with linear gain (as pytrec_eval / BEIR compute it). */
export function ndcgAt(ranked: readonly string[], judged: ReadonlyMap<string, number>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    const rel = judged.get(id) ?? 0;
    if (rel > 0) dcg += rel / Math.log2(i + 2);
  });
  const ideal = [...judged.values()]
    .filter((r) => r > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = ideal.reduce((sum, rel, i) => sum + rel / Math.log2(i + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

export function recallAt(ranked: readonly string[], judged: ReadonlyMap<string, number>, k: number): number {
  const relevant = [...judged].filter(([, r]) => r > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** nDCG@10 of each judged query that has a ranking, in the order of `qrels`. */
export function perQueryNdcg10(rankings: ReadonlyMap<string, readonly string[]>, qrels: Qrels): number[] {
  const out: number[] = [];
  for (const [queryId, judged] of qrels) {
    const ranked = rankings.get(queryId);
    if (ranked) out.push(ndcgAt(ranked, judged, 10));
  }
  return out;
}

/** Mean nDCG@10 and Recall@100 over the judged queries that have a ranking. */
export function evaluate(
  rankings: ReadonlyMap<string, readonly string[]>,
  qrels: Qrels,
): { ndcg10: number; recall100: number } {
  let ndcg = 0;
  let recall = 0;
  let n = 0;
  for (const [queryId, judged] of qrels) {
    const ranked = rankings.get(queryId);
    if (!ranked) continue;
    ndcg += ndcgAt(ranked, judged, 10);
    recall += recallAt(ranked, judged, 100);
    n++;
  }
  return { ndcg10: n ? ndcg / n : 0, recall100: n ? recall / n : 0 };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
