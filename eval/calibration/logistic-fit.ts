/**
 * A small L2-regularised logistic regression (batch gradient descent on standardised features), for
 * fitting the answerability weights. Returns weights on the RAW feature scale, so the answerer can
 * apply them without knowing the training means and spreads.
 */
export interface LogisticFit {
  bias: number;
  weights: number[];
}

export function fitLogistic(
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: {
    l2?: number;
    iterations?: number;
    rate?: number;
    /** Per feature: +1 keeps the weight ≥ 0, -1 keeps it ≤ 0, 0 leaves it free (projected descent). */
    signs?: readonly number[];
  } = {},
): LogisticFit {
  const l2 = options.l2 ?? 0.01;
  const iterations = options.iterations ?? 3000;
  const rate = options.rate ?? 0.5;
  const n = x.length;
  const d = x[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const row of x) for (let j = 0; j < d; j++) mean[j]! += row[j]! / n;
  for (const row of x) for (let j = 0; j < d; j++) sd[j]! += (row[j]! - mean[j]!) ** 2 / n;
  // A constant feature (sd 0) keeps weight 0 instead of dividing by zero.
  const scale = sd.map((v) => (v > 1e-12 ? Math.sqrt(v) : 0));
  const z = x.map((row) => row.map((v, j) => (scale[j]! === 0 ? 0 : (v - mean[j]!) / scale[j]!)));
  const w = new Array<number>(d).fill(0);
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      let s = b;
      for (let j = 0; j < d; j++) s += w[j]! * zi[j]!;
      const err = 1 / (1 + Math.exp(-s)) - y[i]!;
      gb += err / n;
      for (let j = 0; j < d; j++) gw[j]! += (err * zi[j]!) / n;
    }
    b -= rate * gb;
    for (let j = 0; j < d; j++) {
      w[j]! -= rate * (gw[j]! + l2 * w[j]!);
      const sign = options.signs?.[j] ?? 0;
      if (sign * w[j]! < 0) w[j] = 0;
    }
  }
  const weights = w.map((wj, j) => (scale[j]! === 0 ? 0 : wj / scale[j]!));
  const bias = b - weights.reduce((acc, wj, j) => acc + wj * mean[j]!, 0);
  return { bias, weights };
}
