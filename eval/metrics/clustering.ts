/**
 * External clustering measures against labelled groups (issue #18, content gaps). `labels[i]` is
 * item i's true group, `clusters[i]` the cluster it was put in.
 */
function contingency(
  labels: readonly string[],
  clusters: readonly number[],
): Map<number, Map<string, number>> {
  const table = new Map<number, Map<string, number>>();
  labels.forEach((label, i) => {
    const row = table.get(clusters[i]!) ?? new Map<string, number>();
    row.set(label, (row.get(label) ?? 0) + 1);
    table.set(clusters[i]!, row);
  });
  return table;
}

/** Share of items in their cluster's majority group: 1 when no cluster mixes groups. */
export function purity(labels: readonly string[], clusters: readonly number[]): number {
  let majority = 0;
  for (const row of contingency(labels, clusters).values()) majority += Math.max(...row.values());
  return majority / labels.length;
}

/** Purity with the roles swapped: share of items in their group's largest cluster (1 = no group split). */
export function inversePurity(labels: readonly string[], clusters: readonly number[]): number {
  return purity(
    clusters.map(String),
    labels.map((label) => [...new Set(labels)].indexOf(label)),
  );
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/** Hubert–Arabie adjusted Rand index: 1 = the groups exactly, about 0 = chance. */
export function adjustedRandIndex(labels: readonly string[], clusters: readonly number[]): number {
  const table = contingency(labels, clusters);
  let index = 0;
  const groupSizes = new Map<string, number>();
  const clusterSizes: number[] = [];
  for (const row of table.values()) {
    let size = 0;
    for (const [label, count] of row) {
      index += pairs(count);
      groupSizes.set(label, (groupSizes.get(label) ?? 0) + count);
      size += count;
    }
    clusterSizes.push(size);
  }
  const sumClusters = clusterSizes.reduce((s, n) => s + pairs(n), 0);
  const sumGroups = [...groupSizes.values()].reduce((s, n) => s + pairs(n), 0);
  const expected = (sumClusters * sumGroups) / pairs(labels.length);
  const max = (sumClusters + sumGroups) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
