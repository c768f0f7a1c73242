import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedderConformance } from './embedder-conformance';
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
