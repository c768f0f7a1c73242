import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedderConformance } from './testing/embedder-conformance';
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
  embedderConformance(() => embedder);

  it('is the 512-d USE-lite model and survives an empty string', async () => {
    expect(embedder.id).toBe('use-lite');
    expect(embedder.dimension).toBe(512);
    const [empty] = await embedder.embed(['']);
    expect(empty?.length).toBe(512);
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
});

describe('USE-lite embedder on several threads', () => {
  it('spreads batches over the threads and returns the same vectors in the same order', async () => {
    const pooled = await createUseLiteEmbedder({ batchSize: 2, threads: 2 });
    try {
      const texts = Array.from({ length: 11 }, (_, i) => `sentence number ${i} about topic ${i % 3}`);
      const [together, alone] = await Promise.all([pooled.embed(texts), embedder.embed(texts)]);
      expect(together).toHaveLength(texts.length);
      together.forEach((vector, i) => {
        expect(dot(vector, alone[i] as Float32Array)).toBeCloseTo(1, 4);
      });
      // Concurrent calls share the threads without mixing up their results.
      const [a, b] = await Promise.all([pooled.embed(texts.slice(0, 5)), pooled.embed(texts.slice(5))]);
      expect([...a, ...b].map((v, i) => dot(v, alone[i] as Float32Array))).toEqual(
        texts.map(() => expect.closeTo(1, 4)),
      );
    } finally {
      await pooled.close();
    }
    await expect(pooled.embed(['x'])).rejects.toMatchObject({ code: 'embedder_closed' });
  });
});
