import { fMeasure, ngramCounts, overlap, sumCounts } from './ngrams';

export interface ChrfOptions {
  /** Character n-gram order (default 6). */
  order?: number;
  /** Recall weight (default 2: chrF2). */
  beta?: number;
}

type Stats = number[]; // [hyp, ref, match] per order

function sentenceStats(hyp: string, ref: string, order: number): Stats {
  // Whitespace is not part of character n-grams.
  const h = [...hyp.replace(/\s+/g, '')];
  const r = [...ref.replace(/\s+/g, '')];
  const stats: number[] = [];
  for (let n = 1; n <= order; n++) {
    const hc = ngramCounts(h, n);
    const rc = ngramCounts(r, n);
    stats.push(sumCounts(hc), sumCounts(rc), overlap(hc, rc));
  }
  return stats;
}

/** Precision and recall averaged over orders, then the F-beta of the averages. */
function scoreStats(stats: Stats, order: number, beta: number): number {
  let p = 0;
  let r = 0;
  let effective = 0;
  for (let n = 0; n < order; n++) {
    const hyp = stats[3 * n] ?? 0;
    const ref = stats[3 * n + 1] ?? 0;
    const match = stats[3 * n + 2] ?? 0;
    if (hyp > 0 && ref > 0) {
      p += match / hyp;
      r += match / ref;
      effective++;
    }
  }
  if (effective === 0) return 0;
  return 100 * fMeasure(p / effective, r / effective, beta);
}

/**
 * Corpus chrF (character n-gram F-score, Popović 2015) as sacreBLEU reports it: statistics summed
 * over the corpus, using for each sentence the reference that scores best. `references[k][i]` is
 * reference set k for hypothesis i.
 */
export function corpusChrf(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: ChrfOptions = {},
): number {
  const order = options.order ?? 6;
  const beta = options.beta ?? 2;
  const total = new Array<number>(order * 3).fill(0);
  hypotheses.forEach((hyp, i) => {
    let best: Stats | null = null;
    let bestScore = -1;
    for (const set of references) {
      const s = sentenceStats(hyp, set[i] ?? '', order);
      const f = scoreStats(s, order, beta);
      if (f > bestScore) {
        bestScore = f;
        best = s;
      }
    }
    if (best) for (const [k, v] of best.entries()) total[k] = (total[k] ?? 0) + v;
  });
  return scoreStats(total, order, beta);
}
