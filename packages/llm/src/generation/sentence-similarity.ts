import type { SentenceSimilarity } from './extractive-answerer';

export interface CachedSimilarityOptions {
  /** Sentence vectors kept (least recently used evicted). Default 50 000 (≈ 100 MB at 512 dims). */
  maxEntries?: number;
}

/**
 * The extractive answerer's `similarity` from a sentence embedder (issue #15), with every
 * sentence's vector cached: chat answers from the same chunks again and again, so after their
 * first use only the question is embedded. Vectors must be unit length (cosine = dot product).
 * The cache is keyed by the sentence text, so it holds whatever chunk a sentence comes from.
 */
export function createCachedSimilarity(
  /** `scope`: the question's cache scope (the tenant), for an embedder that caches query vectors. */
  embed: (texts: string[], scope?: string) => Promise<Float32Array[]>,
  options: CachedSimilarityOptions = {},
): SentenceSimilarity {
  const maxEntries = Math.max(1, options.maxEntries ?? 50_000);
  const cache = new Map<string, Float32Array>();
  const remember = (text: string, vector: Float32Array) => {
    cache.delete(text);
    cache.set(text, vector);
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
  };
  return async (question, sentences, scope) => {
    const missing = [...new Set(sentences.filter((s) => !cache.has(s)))];
    // The question on its own call, under its scope: retrieval has usually just embedded it, so
    // a query cache (`withQueryCache`) answers it without a second model run.
    const [[q], vectors] = await Promise.all([
      embed([question], scope),
      missing.length > 0 ? embed(missing) : Promise.resolve([]),
    ]);
    // This call's vectors are read from here, so a small cache cannot evict one mid-call.
    const local = new Map<string, Float32Array>(missing.map((s, i) => [s, vectors[i]!]));
    for (const s of sentences) if (!local.has(s)) local.set(s, cache.get(s)!);
    for (const [s, v] of local) remember(s, v);
    return sentences.map((s) => {
      const v = local.get(s)!;
      let dot = 0;
      for (let i = 0; i < q!.length; i++) dot += q![i]! * v[i]!;
      return dot;
    });
  };
}
