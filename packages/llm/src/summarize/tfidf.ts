import { stemmer } from 'stemmer';

const STOPWORDS = new Set(
  'a an and are as at be been but by for from had has have he her his i in is it its of on or she that the their them they this to was were will with you we our not no do does did so than then there these those which who what when where why how all any can could would should may might also into about over after before'.split(
    ' ',
  ),
);
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]/u;

/** Content terms: stemmed non-stopwords, and character bigrams inside CJK runs. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw === '') continue;
    if (CJK.test(raw)) {
      const chars = [...raw];
      if (chars.length === 1) out.push(raw);
      for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
    } else if (!STOPWORDS.has(raw)) out.push(raw.length > 3 ? stemmer(raw) : raw);
  }
  return out;
}

/**
 * Cosine similarities between TF-IDF vectors of `a` and `b`, with IDF estimated over both sets
 * together (a document's own sentences are the only corpus a summarizer has).
 */
export function tfidfSimilarity(a: readonly string[], b: readonly string[]): number[][] {
  const docs = [...a, ...b].map(contentTerms);
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
