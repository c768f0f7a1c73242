import { expect, it } from 'vitest';
import type { Embedder } from '../types';
import { dot } from '../vector-math';

/**
 * The Embedder contract, as tests every adapter runs (conventions: one conformance suite per
 * contract). `get` returns the adapter the calling file loaded once in its beforeAll.
 */
export function embedderConformance(get: () => Embedder): void {
  it('returns one unit Float32Array of `dimension` per input, in order, across batches', async () => {
    const embedder = get();
    const texts = [
      'How do I reset my password?',
      'The cat sat on the mat.',
      'Quarterly revenue grew 12%.',
      'Hello',
      'a b c',
    ];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(texts.length);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(embedder.dimension);
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 4);
    }
    // Batching must neither reorder nor change results: the same text alone gives the same vector.
    const [alone] = await embedder.embed([texts[2] as string]);
    expect(dot(alone as Float32Array, vectors[2] as Float32Array)).toBeCloseTo(1, 4);
    expect(await embedder.embed([])).toEqual([]);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(get().embed(['x'], { signal: controller.signal })).rejects.toMatchObject({
      code: 'aborted',
    });
  });
}
