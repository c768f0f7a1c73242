/** Logit helpers for the classification heads the transformers.js adapters read directly. */
export function softmax(row: number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
