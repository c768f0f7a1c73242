/**
 * L2-regularised logistic regression fitted by L-BFGS (two-loop recursion, Armijo backtracking),
 * written for the learned guardrails: sparse rows (hashed n-grams) or dense rows (embeddings), a
 * weight per example (class balancing), no dependencies. The bias is not regularised.
 */

export interface SparseRow {
  indices: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface FitOptions {
  dimension: number;
  /** L2 strength λ in  mean-weighted-log-loss + λ/2 · ||w||². */
  l2: number;
  maxIterations?: number;
  /** Per-example weights; default: classes balanced to equal total weight. */
  sampleWeights?: number[];
  history?: number;
  tolerance?: number;
}

export interface FittedLogistic {
  weights: Float64Array;
  bias: number;
  iterations: number;
  loss: number;
}

export function balancedWeights(labels: readonly number[]): number[] {
  const pos = labels.filter((y) => y === 1).length;
  const neg = labels.length - pos;
  return labels.map((y) =>
    y === 1 ? labels.length / (2 * Math.max(1, pos)) : labels.length / (2 * Math.max(1, neg)),
  );
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function rowMargin(w: ArrayLike<number>, bias: number, row: SparseRow): number {
  let z = bias;
  for (let k = 0; k < row.indices.length; k++)
    z += (w[row.indices[k] as number] as number) * (row.values[k] as number);
  return z;
}

export function fitLogistic(
  rows: readonly SparseRow[],
  labels: readonly number[],
  options: FitOptions,
): FittedLogistic {
  const d = options.dimension;
  const n = rows.length;
  const c = options.sampleWeights ?? balancedWeights(labels);
  const cSum = c.reduce((a, b) => a + b, 0);
  const m = options.history ?? 10;
  const maxIt = options.maxIterations ?? 300;
  const tol = options.tolerance ?? 1e-6;
  // Parameter vector: weights 0..d-1, bias at d.
  const evaluate = (x: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    const bias = x[d] as number;
    for (let i = 0; i < n; i++) {
      const row = rows[i] as SparseRow;
      const y = labels[i] === 1 ? 1 : -1;
      const z = rowMargin(x, bias, row);
      const yz = y * z;
      // log(1 + e^{-yz}), computed stably.
      loss +=
        ((c[i] as number) * (yz > 0 ? Math.log1p(Math.exp(-yz)) : -yz + Math.log1p(Math.exp(yz)))) / cSum;
      const g = ((c[i] as number) * (-y / (1 + Math.exp(yz)))) / cSum;
      for (let k = 0; k < row.indices.length; k++) {
        const j = row.indices[k] as number;
        grad[j] = (grad[j] as number) + g * (row.values[k] as number);
      }
      grad[d] = (grad[d] as number) + g;
    }
    for (let j = 0; j < d; j++) {
      const wj = x[j] as number;
      loss += 0.5 * options.l2 * wj * wj;
      grad[j] = (grad[j] as number) + options.l2 * wj;
    }
    return loss;
  };

  let x = new Float64Array(d + 1);
  let g = new Float64Array(d + 1);
  let f = evaluate(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  let it = 0;
  for (; it < maxIt; it++) {
    // Two-loop recursion: direction = -H·g.
    const q = Float64Array.from(g);
    const alpha: number[] = [];
    for (let k = S.length - 1; k >= 0; k--) {
      const a = (rho[k] as number) * dot(S[k] as Float64Array, q);
      alpha[k] = a;
      const yk = Y[k] as Float64Array;
      for (let j = 0; j <= d; j++) q[j] = (q[j] as number) - a * (yk[j] as number);
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma =
        dot(S[last] as Float64Array, Y[last] as Float64Array) /
        dot(Y[last] as Float64Array, Y[last] as Float64Array);
      for (let j = 0; j <= d; j++) q[j] = (q[j] as number) * gamma;
    }
    for (let k = 0; k < S.length; k++) {
      const b = (rho[k] as number) * dot(Y[k] as Float64Array, q);
      const sk = S[k] as Float64Array;
      for (let j = 0; j <= d; j++) q[j] = (q[j] as number) + ((alpha[k] as number) - b) * (sk[j] as number);
    }
    const dir = q.map((v) => -v);
    let slope = dot(dir, g);
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let j = 0; j <= d; j++) dir[j] = -(g[j] as number);
      slope = dot(dir, g);
    }
    let step = it === 0 ? 1 / Math.max(1e-12, Math.sqrt(dot(g, g))) : 1;
    const xNew = new Float64Array(d + 1);
    const gNew = new Float64Array(d + 1);
    let fNew = Number.POSITIVE_INFINITY;
    for (let ls = 0; ls < 40; ls++) {
      for (let j = 0; j <= d; j++) xNew[j] = (x[j] as number) + step * (dir[j] as number);
      fNew = evaluate(xNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    const s = xNew.map((v, j) => v - (x[j] as number));
    const y = gNew.map((v, j) => v - (g[j] as number));
    const sy = dot(s, y);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const improvement = f - fNew;
    x = xNew;
    g = gNew;
    f = fNew;
    if (Math.abs(improvement) < tol * Math.max(1, Math.abs(f)) || Math.sqrt(dot(g, g)) < 1e-7) break;
  }
  return { weights: x.slice(0, d), bias: x[d] as number, iterations: it + 1, loss: f };
}
