import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from './types';
import { createUseLiteEmbedder } from './use-lite-embedder';
import { dot } from './vector-math';

// One model load for the whole file: it is the slow part on 2 cores.
let embedder: Embedder;
beforeAll(async () => {
  embedder = await createUseLiteEmbedder({ batchSize: 3 });
});
afterAll(async () => {
  await embedder.close();
});

describe('USE-lite embedder', () => {
  it('returns one 512-d unit vector per input, in order, across batches', async () => {
    const texts = [
      'How do I reset my password?',
      'The cat sat on the mat.',
      '',
      'Quarterly revenue grew 12%.',
      'Hello',
    ];
    const vectors = await embedder.embed(texts);
    expect(embedder.id).toBe('use-lite');
    expect(embedder.dimension).toBe(512);
    expect(vectors).toHaveLength(texts.length);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(512);
    }
    for (const i of [0, 1, 3, 4])
      expect(Math.sqrt(dot(vectors[i] as Float32Array, vectors[i] as Float32Array))).toBeCloseTo(1, 4);
    // Batching must not reorder: the same text alone gives the same vector.
    const [alone] = await embedder.embed([texts[3] as string]);
    expect(dot(alone as Float32Array, vectors[3] as Float32Array)).toBeCloseTo(1, 4);
  });

  it('scores semantically close sentences higher than unrelated ones', async () => {
    const [query, close, far] = await embedder.embed([
      'How can I change my account password?',
      'Steps to reset the password of your user account.',
      'The recipe needs two cups of flour and an egg.',
    ]);
    const near = dot(query as Float32Array, close as Float32Array);
    const away = dot(query as Float32Array, far as Float32Array);
    expect(near).toBeGreaterThan(away + 0.2);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(embedder.embed(['x'], { signal: controller.signal })).rejects.toMatchObject({
      code: 'aborted',
    });
  });
});
