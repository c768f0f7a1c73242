import { AppError } from '@grounded/core';
import type { Embedder, EmbedOptions } from './types';

/** Settles with `work`, or rejects as soon as `signal` aborts (the work itself goes on for others). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new AppError('aborted', 'embedding was aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AppError('aborted', 'embedding was aborted', { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * A customer-service widget is asked the same few questions all day, and a question's vector
 * costs 30-50 ms of a USE-lite thread on 2 cores: under 50 clients the threads, not the database,
 * set chat and search latency (issue #16). Vectors of interactive texts are kept per
 * `cacheScope` (least recently used evicted), and a text being embedded is awaited, not embedded
 * twice. Batch work and calls without a scope pass straight through. A kept vector is embedded
 * alone (EmbedOptions.alone), so whoever reads it later gets the same vector whatever was asked
 * beside the text the first time.
 */
export function withQueryCache(embedder: Embedder, options: { maxEntries: number }): Embedder {
  if (options.maxEntries <= 0) return embedder;
  const cache = new Map<string, Promise<Float32Array>>();
  const remember = (key: string, vector: Promise<Float32Array>) => {
    cache.delete(key);
    cache.set(key, vector);
    if (cache.size > options.maxEntries) cache.delete(cache.keys().next().value as string);
  };
  return {
    id: embedder.id,
    dimension: embedder.dimension,
    ...(embedder.languages ? { languages: embedder.languages } : {}),
    close: () => embedder.close(),
    embed(texts: string[], embedOptions?: EmbedOptions): Promise<Float32Array[]> {
      const scope = embedOptions?.cacheScope;
      if (scope === undefined || embedOptions?.priority === 'batch')
        return embedder.embed(texts, embedOptions);
      const keys = texts.map((text) => `${scope}\u0000${text}`);
      // This call's vectors, read from here: a small cache cannot evict one mid-call.
      const local = new Map<string, Promise<Float32Array>>();
      for (const key of keys) {
        const hit = cache.get(key);
        if (hit) local.set(key, hit);
      }
      const missing = [...new Set(keys.filter((key) => !local.has(key)))];
      if (missing.length > 0) {
        // Shared by every caller waiting for these texts, so one caller's abort must not end it.
        const embedded = embedder.embed(
          missing.map((key) => key.slice(scope.length + 1)),
          { alone: true },
        );
        missing.forEach((key, i) => {
          const vector = embedded.then((vectors) => vectors[i]!);
          // A failed call is not remembered: the next caller embeds again.
          vector.catch(() => {
            if (cache.get(key) === vector) cache.delete(key);
          });
          local.set(key, vector);
        });
      }
      for (const [key, vector] of local) remember(key, vector);
      return untilAborted(Promise.all(keys.map((key) => local.get(key)!)), embedOptions?.signal);
    },
  };
}
