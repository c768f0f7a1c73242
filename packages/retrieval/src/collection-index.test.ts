import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CollectionEntry, CollectionIndex } from './collection-index';
import { seededUnitVectors } from './test-vectors';
import type { ChunkMeta } from './types';

const DIM = 16;
const topics = [
  'aspirin heart attack',
  'statin cholesterol',
  'sleep exercise',
  'vitamin bone',
  'insulin diabetes',
];
const vectors = seededUnitVectors(200, DIM, 3);

function meta(i: number, overrides: Partial<ChunkMeta> = {}): ChunkMeta {
  return {
    chunkId: `ch${i}`,
    documentId: `doc${Math.floor(i / 4)}`,
    tenantId: i % 2 === 0 ? 'acme' : 'globex',
    allowedPrincipals: i % 10 === 0 ? ['group:finance'] : [],
    tags: i % 3 === 0 ? ['policy', 'hr'] : ['faq'],
    date: Date.UTC(2024, 0, 1 + i),
    metadata: { lang: i % 5 === 0 ? 'zh' : 'en', source: { kind: 'upload' } },
    ...overrides,
  };
}
const entries: CollectionEntry[] = vectors.map((vector, i) => ({
  meta: meta(i),
  text: `${topics[i % topics.length]} passage number ${i}`,
  vector,
}));

function build(): CollectionIndex {
  const index = new CollectionIndex({ embedderId: 'test', dimension: DIM });
  index.upsert(entries);
  return index;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'collection-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CollectionIndex', () => {
  it('searches each mode and reports per-retriever ranks and scores in hybrid hits', () => {
    const index = build();
    const q = vectors[7] as Float32Array;
    expect(index.search({ mode: 'vector', query: '', queryVector: q, k: 1 })[0]?.chunkId).toBe('ch7');
    const bm25 = index.search({ mode: 'bm25', query: 'statin cholesterol', k: 5 });
    expect(bm25).toHaveLength(5);
    for (const hit of bm25) expect(Number(hit.chunkId.slice(2)) % 5).toBe(1);
    const hybrid = index.search({
      mode: 'hybrid',
      query: 'statin cholesterol 7',
      queryVector: vectors[6] as Float32Array,
      k: 10,
    });
    expect(hybrid).toHaveLength(10);
    const both = hybrid.find((h) => h.ranks.bm25 !== undefined && h.ranks.vector !== undefined);
    expect(both?.scores.bm25).toBeGreaterThan(0);
    expect(both?.scores.vector).toBeLessThanOrEqual(1);
    for (const hit of hybrid) {
      const expected =
        (hit.ranks.bm25 ? 1 / (60 + hit.ranks.bm25) : 0) +
        (hit.ranks.vector ? 1 / (60 + hit.ranks.vector) : 0);
      expect(hit.score).toBeCloseTo(expected, 12);
    }
  });

  it('honours fusion weights', () => {
    const index = build();
    const base = {
      mode: 'hybrid' as const,
      query: 'sleep exercise',
      queryVector: vectors[0] as Float32Array,
      k: 3,
    };
    const lexical = index.search({ ...base, weights: { bm25: 1, vector: 0 } });
    for (const hit of lexical) expect(hit.ranks.bm25).toBeDefined();
    expect(index.search({ ...base, weights: { bm25: 0, vector: 1 } })[0]?.chunkId).toBe('ch0');
    expect(index.search({ ...base, fusion: 'score', weights: { bm25: 0, vector: 1 } })[0]?.chunkId).toBe(
      'ch0',
    );
    const scored = index.search({ ...base, fusion: 'score', weights: { bm25: 1, vector: 1 } });
    for (const hit of scored) expect(hit.score).toBeLessThanOrEqual(2);
    // Weights are hybrid's: vector mode ranks by the vector even when hybrid would weigh it 0.
    const unweighted = { ...base, fusion: 'score' as const, weights: { bm25: 1, vector: 0 } };
    expect(index.search({ ...unweighted, mode: 'vector' }).map((h) => h.chunkId)).toEqual(
      index.search({ ...base, mode: 'vector' }).map((h) => h.chunkId),
    );
    // With no lexical match at all, hybrid falls back to the vector's order, whatever its weight.
    expect(index.search({ ...unweighted, query: 'zzzz' }).map((h) => h.chunkId)).toEqual(
      index.search({ ...base, mode: 'vector' }).map((h) => h.chunkId),
    );
  });

  it('adds the document score to BM25 chunk scores with documentWeight, and keeps it through remove', () => {
    const index = new CollectionIndex({ embedderId: 'test', dimension: DIM });
    const entry = (chunkId: string, documentId: string, text: string, i: number): CollectionEntry => ({
      meta: { ...meta(i), chunkId, documentId, tenantId: 'acme' },
      text,
      vector: vectors[i] as Float32Array,
    });
    index.upsert([
      entry('spread-1', 'spread', 'metformin lowers glucose', 0),
      entry('spread-2', 'spread', 'lactate rose in the treated group over the following weeks', 1),
      entry('alone', 'other', 'lactate levels', 2),
    ]);
    const query = { mode: 'bm25' as const, query: 'metformin lactate', k: 3 };
    const ids = (documentWeight?: number) =>
      index
        .search({ ...query, ...(documentWeight === undefined ? {} : { documentWeight }) })
        .map((h) => h.chunkId);
    // On their own, 'alone' and 'spread-2' match the same one term, and the shorter chunk wins.
    expect(ids().indexOf('alone')).toBeLessThan(ids().indexOf('spread-2'));
    // With its document's score added, the chunk whose document also holds 'metformin' wins.
    expect(ids(2).indexOf('spread-2')).toBeLessThan(ids(2).indexOf('alone'));
    const weighted = index.search({ ...query, documentWeight: 2 });
    expect(
      weighted
        .map((h) => h.chunkId)
        .slice(0, 2)
        .sort(),
    ).toEqual(['spread-1', 'spread-2']);
    expect(weighted[0]?.score).toBeGreaterThan(index.search(query)[0]?.score ?? Infinity);
    // Without the metformin chunk, the document no longer lifts its lactate chunk.
    index.remove(['spread-1']);
    const after = index.search({ ...query, documentWeight: 2 });
    expect(after.map((h) => h.chunkId)).toEqual(index.search(query).map((h) => h.chunkId));
  });

  it('applies every filter inside the retrievers, so k hits still come back', () => {
    const index = build();
    const q = vectors[2] as Float32Array;
    const filter = {
      tenantId: 'acme',
      principals: ['user:1'],
      tags: ['policy'],
      dateFrom: Date.UTC(2024, 0, 20),
      dateTo: Date.UTC(2024, 5, 1),
      metadata: { lang: 'en', source: { kind: 'upload' } },
    };
    for (const mode of ['bm25', 'vector', 'hybrid'] as const) {
      const hits = index.search({ mode, query: 'passage number', queryVector: q, k: 5, filter });
      expect(hits).toHaveLength(5);
      for (const hit of hits) {
        const i = Number(hit.chunkId.slice(2));
        expect(i % 2).toBe(0);
        expect(i % 10).not.toBe(0); // ACL-restricted chunks stay hidden from user:1
        expect(i % 3).toBe(0);
        expect(i).toBeGreaterThanOrEqual(19);
      }
    }
    const finance = index.search({
      mode: 'bm25',
      query: 'passage',
      k: 200,
      filter: { principals: ['group:finance'] },
    });
    expect(finance.some((h) => Number(h.chunkId.slice(2)) % 10 === 0)).toBe(true);
    const docs = index.search({
      mode: 'vector',
      query: '',
      queryVector: q,
      k: 50,
      filter: { documentIds: ['doc3', 'doc9'] },
    });
    expect(new Set(docs.map((h) => h.documentId))).toEqual(new Set(['doc3', 'doc9']));
    expect(docs).toHaveLength(8);
  });

  it('collapses to one chunk per document when asked', () => {
    const hits = build().search({
      mode: 'hybrid',
      query: 'passage',
      queryVector: vectors[1] as Float32Array,
      k: 20,
      collapse: 'document',
    });
    expect(hits).toHaveLength(20);
    expect(new Set(hits.map((h) => h.documentId)).size).toBe(20);
  });

  it('diversifies with MMR', () => {
    const index = build();
    const q = vectors[4] as Float32Array;
    // A near-duplicate of the best match: MMR with a low lambda must not return both.
    const twin = Float32Array.from(q, (x, i) => x + (i === 0 ? 0.01 : 0));
    index.upsert([{ meta: meta(500), text: 'twin', vector: twin }]);
    const plain = index.search({ mode: 'vector', query: '', queryVector: q, k: 2 }).map((h) => h.chunkId);
    expect(plain.sort()).toEqual(['ch4', 'ch500']);
    const diverse = index
      .search({ mode: 'vector', query: '', queryVector: q, k: 2, mmrLambda: 0.3 })
      .map((h) => h.chunkId);
    expect(diverse).toHaveLength(2);
    expect(diverse.includes('ch4') && diverse.includes('ch500')).toBe(false);
  });

  it('removes from catalog, vectors and BM25 in one call', () => {
    const index = build();
    const ids = index.chunksOfDocument('doc1');
    expect(ids).toEqual(['ch4', 'ch5', 'ch6', 'ch7']);
    expect(index.remove([...ids, 'ghost'])).toEqual(ids);
    expect(index.stats()).toMatchObject({ chunks: 196, vectors: 196, bm25Documents: 196, documents: 49 });
    for (const mode of ['bm25', 'vector', 'hybrid'] as const) {
      const hits = index.search({
        mode,
        query: 'passage number 5',
        queryVector: vectors[5] as Float32Array,
        k: 200,
      });
      for (const hit of hits) expect(ids).not.toContain(hit.chunkId);
    }
  });

  it('refuses a query vector from another embedder and a vector mode without a vector', () => {
    const index = build();
    expect(() => index.search({ mode: 'vector', query: 'x', k: 3 })).toThrow(
      expect.objectContaining({ code: 'query_vector_required' }),
    );
    expect(() =>
      index.search({ mode: 'hybrid', query: 'x', queryVector: new Float32Array(512), k: 3 }),
    ).toThrow(expect.objectContaining({ code: 'embedder_mismatch' }));
  });

  it('saves and loads, and detects a catalog that disagrees with the vectors', async () => {
    const index = build();
    index.remove(['ch0']);
    const target = path.join(dir, 'c1');
    expect(await CollectionIndex.load(target)).toBeNull();
    await index.save(target);
    const loaded = await CollectionIndex.load(target, { embedderId: 'test' });
    expect(loaded?.stats()).toEqual(index.stats());
    const query = {
      mode: 'hybrid' as const,
      query: 'insulin diabetes',
      queryVector: vectors[9] as Float32Array,
      k: 10,
      filter: { tenantId: 'globex' },
    };
    expect(loaded?.search(query)).toEqual(index.search(query));
    await writeFile(path.join(target, 'catalog.json'), '{"format":1}');
    await expect(CollectionIndex.load(target)).rejects.toMatchObject({ code: 'index_corrupt' });
  });

  it('saves a consistent snapshot even when upserts arrive during the save', async () => {
    const index = build();
    const target = path.join(dir, 'c2');
    const saving = index.save(target);
    index.upsert([{ meta: meta(900), text: 'late arrival', vector: vectors[0] as Float32Array }]);
    index.remove(['ch1']);
    await saving;
    const loaded = await CollectionIndex.load(target);
    expect(loaded?.stats().chunks).toBe(200);
    expect(loaded?.has('ch900')).toBe(false);
    expect(loaded?.has('ch1')).toBe(true);
  });
});

describe('CollectionIndex.ids (issue #16: replicas compare their index with Postgres)', () => {
  it('lists the same ids in the catalog, HNSW and BM25 through upserts, replacements and removals', () => {
    const index = build();
    index.upsert([{ ...entries[3]!, text: 'a replaced passage' }]);
    index.remove(['ch5', 'ch7', 'not-there']);
    const expected = entries
      .map((entry) => entry.meta.chunkId)
      .filter((id) => id !== 'ch5' && id !== 'ch7')
      .sort();
    const ids = index.ids();
    expect([...ids.catalog].sort()).toEqual(expected);
    expect([...ids.vectors].sort()).toEqual(expected);
    expect([...ids.bm25].sort()).toEqual(expected);
  });
});
