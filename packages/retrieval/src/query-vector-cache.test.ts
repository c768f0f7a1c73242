import { describe, expect, it } from 'vitest';
import { withQueryCache } from './query-vector-cache';
import type { Embedder, EmbedOptions } from './types';

/** A deterministic embedder that records every text it is asked to embed. */
function countingEmbedder(options: { fail?: (text: string) => boolean; delayMs?: number } = {}) {
  const calls: string[][] = [];
  const alone: (boolean | undefined)[] = [];
  const embedder: Embedder = {
    id: 'counting',
    dimension: 2,
    async embed(texts: string[], embedOptions?: EmbedOptions) {
      calls.push([...texts]);
      alone.push(embedOptions?.alone);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (texts.some((text) => options.fail?.(text))) throw new Error('model failed');
      return texts.map((text) => Float32Array.from([text.length, calls.length]));
    },
    close: async () => undefined,
  };
  return { embedder, calls, alone };
}

describe('withQueryCache (issue #16)', () => {
  it('embeds a question once per scope, and again for another scope', async () => {
    const { embedder, calls } = countingEmbedder();
    const cached = withQueryCache(embedder, { maxEntries: 10 });
    const first = await cached.embed(['How long is the trial?'], { cacheScope: 't1' });
    const again = await cached.embed(['How long is the trial?'], { cacheScope: 't1' });
    expect(again[0]).toBe(first[0]);
    await cached.embed(['How long is the trial?'], { cacheScope: 't2' });
    expect(calls).toEqual([['How long is the trial?'], ['How long is the trial?']]);
  });

  it('passes batch work and unscoped calls straight through', async () => {
    const { embedder, calls } = countingEmbedder();
    const cached = withQueryCache(embedder, { maxEntries: 10 });
    await cached.embed(['a'], { cacheScope: 't', priority: 'batch' });
    await cached.embed(['a'], { cacheScope: 't', priority: 'batch' });
    await cached.embed(['a']);
    await cached.embed(['a']);
    expect(calls.length).toBe(4);
  });

  it('shares a vector being embedded instead of embedding it twice, and only the missing texts go to the model', async () => {
    const { embedder, calls } = countingEmbedder({ delayMs: 20 });
    const cached = withQueryCache(embedder, { maxEntries: 10 });
    const [a, b] = await Promise.all([
      cached.embed(['q'], { cacheScope: 't' }),
      cached.embed(['q'], { cacheScope: 't' }),
    ]);
    expect(a[0]).toBe(b[0]);
    const mixed = await cached.embed(['q', 'new one', 'q'], { cacheScope: 't' });
    expect(mixed[0]).toBe(a[0]);
    expect(mixed[2]).toBe(a[0]);
    expect(calls).toEqual([['q'], ['new one']]);
  });

  it('embeds what it keeps alone, so a kept vector does not depend on the texts first asked beside it', async () => {
    const { embedder, alone } = countingEmbedder();
    const cached = withQueryCache(embedder, { maxEntries: 10 });
    await cached.embed(['q', 'r'], { cacheScope: 't' });
    await cached.embed(['s'], { cacheScope: 't', alone: true });
    expect(alone).toEqual([true, true]);
  });

  it("one caller's abort ends its own wait only, and a failure is not remembered", async () => {
    const { embedder, calls } = countingEmbedder({ delayMs: 30, fail: (text) => text === 'bad' });
    const cached = withQueryCache(embedder, { maxEntries: 10 });
    const controller = new AbortController();
    const aborted = cached.embed(['q'], { cacheScope: 't', signal: controller.signal });
    const patient = cached.embed(['q'], { cacheScope: 't' });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'aborted' });
    expect((await patient)[0]).toBeInstanceOf(Float32Array);
    await expect(cached.embed(['bad'], { cacheScope: 't' })).rejects.toThrow('model failed');
    await expect(cached.embed(['bad'], { cacheScope: 't' })).rejects.toThrow('model failed');
    expect(calls).toEqual([['q'], ['bad'], ['bad']]);
  });

  it('keeps at most maxEntries vectors, evicting the least recently used', async () => {
    const { embedder, calls } = countingEmbedder();
    const cached = withQueryCache(embedder, { maxEntries: 2 });
    await cached.embed(['a'], { cacheScope: 't' });
    await cached.embed(['b'], { cacheScope: 't' });
    await cached.embed(['a'], { cacheScope: 't' }); // a is now the most recent
    await cached.embed(['c'], { cacheScope: 't' }); // evicts b
    await cached.embed(['a'], { cacheScope: 't' });
    await cached.embed(['b'], { cacheScope: 't' });
    expect(calls).toEqual([['a'], ['b'], ['c'], ['b']]);
    // More texts in one call than the cache holds still all come back.
    const many = await cached.embed(['w', 'x', 'y', 'z'], { cacheScope: 't' });
    expect(many.map((v) => v[0])).toEqual([1, 1, 1, 1]);
  });
});
