/**
 * Agglomerative clustering of unit vectors by average linkage with a cosine-similarity stop
 * (issue #18, content gaps). Average linkage, not single: one chain of near paraphrases must not
 * glue two different questions together; not complete either: a cluster of real paraphrases
 * often holds one odd wording that is far from the rest.
 */
export interface ClusterOptions {
  /** Two clusters merge while their mean pairwise cosine similarity is at least this. */
  threshold: number;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * Returns clusters as lists of input indexes, each in input order, the clusters in order of their
 * first member. O(n³) in the worst case: callers cap n (a few hundred questions).
 */
export function clusterByAverageLinkage(
  vectors: readonly Float32Array[],
  options: ClusterOptions,
): number[][] {
  const n = vectors.length;
  if (n === 0) return [];
  // sim[i][j]: mean similarity between live clusters i and j (Lance–Williams update on merge).
  const sim: Float64Array[] = vectors.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = dot(vectors[i]!, vectors[j]!);
      sim[i]![j] = s;
      sim[j]![i] = s;
    }
  }
  const members: number[][] = vectors.map((_, i) => [i]);
  const alive = new Array<boolean>(n).fill(true);
  for (;;) {
    let best = -Infinity;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      const row = sim[i]!;
      for (let j = i + 1; j < n; j++) {
        if (alive[j] && row[j]! > best) {
          best = row[j]!;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0 || best < options.threshold) break;
    const ni = members[bi]!.length;
    const nj = members[bj]!.length;
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === bi || k === bj) continue;
      const merged = (sim[bi]![k]! * ni + sim[bj]![k]! * nj) / (ni + nj);
      sim[bi]![k] = merged;
      sim[k]![bi] = merged;
    }
    members[bi] = [...members[bi]!, ...members[bj]!].sort((a, b) => a - b);
    alive[bj] = false;
  }
  return members.filter((_, i) => alive[i]).sort((a, b) => a[0]! - b[0]!);
}

/** The index (into `indexes`) of the member closest to the cluster's mean direction. */
export function medoidOf(vectors: readonly Float32Array[], indexes: readonly number[]): number {
  const dimension = vectors[indexes[0]!]!.length;
  const mean = new Float32Array(dimension);
  for (const i of indexes) {
    const v = vectors[i]!;
    for (let d = 0; d < dimension; d++) mean[d]! += v[d]!;
  }
  let best = indexes[0]!;
  let bestScore = -Infinity;
  for (const i of indexes) {
    const score = dot(vectors[i]!, mean);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}
