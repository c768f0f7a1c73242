/** Counts of n-grams (joined with a separator that cannot occur inside a token). */
export function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Σ min(count in a, count in b): the clipped overlap of two n-gram bags. */
export function overlap(a: Map<string, number>, b: Map<string, number>): number {
  let total = 0;
  for (const [key, count] of a) total += Math.min(count, b.get(key) ?? 0);
  return total;
}

export function sumCounts(counts: Map<string, number>): number {
  let total = 0;
  for (const c of counts.values()) total += c;
  return total;
}

export function fMeasure(precision: number, recall: number, beta = 1): number {
  const b2 = beta * beta;
  const denom = b2 * precision + recall;
  return denom > 0 ? ((1 + b2) * precision * recall) / denom : 0;
}
