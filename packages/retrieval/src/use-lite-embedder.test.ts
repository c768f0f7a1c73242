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

  it('gives a text the same vector with others in the call as alone, when asked to embed each alone', async () => {
    const texts = [
      'The IT Service Desk is open Monday to Friday from 8 am to 6 pm.',
      'Short one.',
      'A much longer sentence with many more tokens than the others, so that a batch would pad them.',
    ];
    // What `alone` is for: in a batch the same text's vector moves in its last bits (on this machine's
    // CPU backend by about 1e-7; not asserted, as another backend may batch exactly).
    const [single] = await embedder.embed([texts[0]!]);
    const [alone] = await embedder.embed(texts, { alone: true });
    expect(Array.from(alone!)).toEqual(Array.from(single!));
  });

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

describe('USE-lite embedder: the languages it reads (Chinese retrieval round of #15)', () => {
  it('states English only: unrelated sentences of Han characters alone get one vector', async () => {
    expect(embedder.languages).toEqual(['en']);
    const [byArea, lateFee] = await embedder.embed([
      '物业费按房屋建筑面积计算，按季度收取',
      '逾期缴纳的，每日按应缴金额的万分之五收取滞纳金',
    ]);
    expect(dot(byArea!, lateFee!)).toBeGreaterThan(0.99);
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

describe('USE-lite embedder: interactive before batch work (issue #16)', () => {
  it('answers a query while a batch call is in flight, and both get their own vectors', async () => {
    const pooled = await createUseLiteEmbedder({ threads: 2 });
    try {
      // 200 texts: long enough that the batch cannot finish first on a loaded machine (with 40, under a
      // full suite on 2 cores, it sometimes did before the query was even sent).
      const texts = Array.from({ length: 200 }, (_, i) => `document line ${i} about subject ${i % 5}`);
      const alone = await embedder.embed(texts);
      const [queryAlone] = await embedder.embed(['which subject is line seven about?']);
      await pooled.embed(['warm-up question']); // an interactive call: batch work now spares a thread
      const order: string[] = [];
      const bulk = pooled.embed(texts, { priority: 'batch' }).then((vectors) => {
        order.push('batch');
        return vectors;
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const query = pooled.embed(['which subject is line seven about?']).then((vectors) => {
        order.push('query');
        return vectors;
      });
      const [bulkVectors, queryVectors] = await Promise.all([bulk, query]);
      expect(order).toEqual(['query', 'batch']);
      expect(dot(queryVectors[0]!, queryAlone!)).toBeCloseTo(1, 4);
      expect(bulkVectors.map((v, i) => dot(v, alone[i]!))).toEqual(texts.map(() => expect.closeTo(1, 4)));
    } finally {
      await pooled.close();
    }
  });
});
