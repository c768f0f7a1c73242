import { lexicalTerms } from '@grounded/text';

/**
 * Cosine similarities between TF-IDF vectors of `a` and `b`, with IDF estimated over both sets
 * together (a document's own sentences are the only corpus a summarizer has).
 */
export function tfidfSimilarity(a: readonly string[], b: readonly string[]): number[][] {
  const docs = [...a, ...b].map(lexicalTerms);
  const df = new Map<string, number>();
  for (const terms of docs) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const vectors = docs.map((terms) => {
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v = new Map<string, number>();
    let norm = 0;
    for (const [t, c] of tf) {
      const w = (1 + Math.log(c)) * Math.log(1 + n / (df.get(t) ?? 1));
      v.set(t, w);
      norm += w * w;
    }
    return { v, norm: Math.sqrt(norm) };
  });
  const va = vectors.slice(0, a.length);
  const vb = vectors.slice(a.length);
  return va.map((x) =>
    vb.map((y) => {
      if (x.norm === 0 || y.norm === 0) return 0;
      let dot = 0;
      const [small, large] = x.v.size < y.v.size ? [x.v, y.v] : [y.v, x.v];
      for (const [t, w] of small) dot += w * (large.get(t) ?? 0);
      return dot / (x.norm * y.norm);
    }),
  );
}
