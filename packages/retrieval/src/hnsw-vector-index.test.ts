import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exactSearch } from './exact-search';
import { HnswVectorIndex } from './hnsw-vector-index';
import { seededUnitVectors } from './test-vectors';

const DIM = 32;
const vectors = seededUnitVectors(2000, DIM, 7);
const queries = seededUnitVectors(20, DIM, 99);
const items = vectors.map((vector, i) => ({ id: `c${i}`, vector }));

// The graph's own search, as an index above the exact-scan size has it (these 2,000 vectors would
// otherwise be scanned): the scan has its own test below.
function build(options: { exactScanMax?: number } = { exactScanMax: 0 }): HnswVectorIndex {
  // A small initial capacity forces several automatic resizes.
  const index = new HnswVectorIndex({ dimension: DIM, embedderId: 'test', initialCapacity: 16, ...options });
  index.upsert(items);
  return index;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hnsw-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('HnswVectorIndex', () => {
  it('grows past its initial capacity and matches exact search closely', () => {
    const index = build();
    expect(index.size).toBe(2000);
    let found = 0;
    for (const q of queries) {
      const truth = new Set(exactSearch(items, q, 10).map((h) => h.id));
      found += index.search(q, 10).filter((h) => truth.has(h.id)).length;
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
    const self = index.search(vectors[5] as Float32Array, 1)[0];
    expect(self?.id).toBe('c5');
    expect(self?.score).toBeCloseTo(1, 5);
  });

  it('applies the filter before top-k: excluding the 10 best matches still returns k hits', () => {
    const index = build();
    const q = queries[0] as Float32Array;
    const best10 = new Set(exactSearch(items, q, 10).map((h) => h.id));
    const hits = index.search(q, 10, (id) => !best10.has(id));
    expect(hits).toHaveLength(10);
    for (const hit of hits) expect(best10.has(hit.id)).toBe(false);
    const truth = exactSearch(items, q, 10, (id) => !best10.has(id)).map((h) => h.id);
    expect(hits.filter((h) => truth.includes(h.id)).length).toBeGreaterThanOrEqual(9);
  });

  it('returns exact results for a very selective filter', () => {
    const index = build();
    const allowed = new Set(['c3', 'c1500', 'c77']);
    const hits = index.search(queries[1] as Float32Array, 10, (id) => allowed.has(id));
    expect(hits.map((h) => h.id).sort()).toEqual([...allowed].sort());
  });

  it('never returns removed ids, and a removed id can be added again', () => {
    const index = build();
    const q = queries[2] as Float32Array;
    const top = index.search(q, 20).map((h) => h.id);
    expect(index.remove([...top, 'nope'])).toEqual(top);
    expect(index.size).toBe(1980);
    for (const qq of queries) for (const hit of index.search(qq, 50)) expect(top).not.toContain(hit.id);
    index.upsert([{ id: top[0] as string, vector: q }]);
    expect(index.search(q, 1)[0]?.id).toBe(top[0]);
    expect(index.size).toBe(1981);
  });

  it('updates the vector of an existing id in place', () => {
    const index = build();
    const q = queries[3] as Float32Array;
    index.upsert([{ id: 'c0', vector: q }]);
    expect(index.size).toBe(2000);
    expect(index.search(q, 1)[0]?.id).toBe('c0');
  });

  it('changes ef at query time: a larger ef finds more true neighbours, and a reload keeps it', async () => {
    const index = build();
    const recallAt = (ef: number) => {
      index.setEfSearch(ef);
      let found = 0;
      for (const q of queries) {
        const truth = new Set(exactSearch(items, q, 10).map((h) => h.id));
        found += index.search(q, 10).filter((h) => truth.has(h.id)).length;
      }
      return found / (queries.length * 10);
    };
    expect(index.efSearch).toBe(64);
    const low = recallAt(10);
    const high = recallAt(400);
    expect(index.efSearch).toBe(400);
    expect(high).toBeGreaterThan(low);
    expect(high).toBeGreaterThanOrEqual(0.99);
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => index.setEfSearch(bad)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    }
    expect(index.efSearch).toBe(400);
    const target = path.join(dir, 'ef');
    await index.save(target);
    expect((await HnswVectorIndex.load(target, { exactScanMax: 0 }))?.efSearch).toBe(400);
  });

  it('scans a small index exactly: the same top-k, ties in id order, whatever order the vectors came in', async () => {
    // Boilerplate chunks (the same text in many documents) tie; the rest are distinct.
    const boilerplate = seededUnitVectors(3, DIM, 5);
    const withDuplicates = [
      ...items.slice(0, 1400),
      ...Array.from({ length: 600 }, (_, i) => ({ id: `d${i}`, vector: boilerplate[i % 3] as Float32Array })),
    ];
    const orders = [withDuplicates, [...withDuplicates].reverse(), interleaved(withDuplicates)];
    const asked = [...queries, boilerplate[0] as Float32Array];
    const lists = (index: HnswVectorIndex) =>
      asked.map((q) =>
        index
          .search(q, 50)
          .map((h) => h.id)
          .join(),
      );
    const truth = asked.map((q) =>
      exactSearch(withDuplicates, q, 50)
        .map((h) => h.id)
        .join(),
    );
    const indexes = orders.map((list) => {
      const index = new HnswVectorIndex({ dimension: DIM, embedderId: 'test', efSearch: 10 });
      for (let i = 0; i < list.length; i += 7) index.upsert(list.slice(i, i + 7));
      return index;
    });
    for (const index of indexes) expect(lists(index)).toEqual(truth);
    // A k that is no number asks for nothing, not for every vector the scan holds.
    expect(indexes[0]?.search(asked[0] as Float32Array, Number.NaN)).toEqual([]);
    // The tied boilerplate comes in id order: d0, d102, d105… (every third id holds vector 0).
    expect(truth.at(-1)?.split(',').slice(0, 3)).toEqual(['d0', 'd102', 'd105']);
    // A reloaded index copies its vectors out of the graph and scans them the same way.
    const target = path.join(dir, 'scan');
    await indexes[2]?.save(target);
    const loaded = await HnswVectorIndex.load(target);
    expect(loaded && lists(loaded)).toEqual(truth);
    // By the graph alone, at this ef, the lists differ from the exact ones.
    const graphOnly = new HnswVectorIndex({
      dimension: DIM,
      embedderId: 'test',
      efSearch: 10,
      exactScanMax: 0,
    });
    graphOnly.upsert(orders[1] as typeof withDuplicates);
    expect(lists(graphOnly)).not.toEqual(truth);
  });

  it('refuses vectors of the wrong dimension', () => {
    expect(() => build().search(new Float32Array(3), 1)).toThrow(
      expect.objectContaining({ code: 'dimension_mismatch' }),
    );
  });

  it('round-trips through save/load and reports missing, corrupt and mismatched indexes', async () => {
    const index = build();
    index.remove(['c1', 'c2']);
    const target = path.join(dir, 'roundtrip');
    expect(await HnswVectorIndex.load(target)).toBeNull();
    const manifest = await index.save(target);
    expect(manifest.count).toBe(1998);
    await index.save(target); // a second save leaves one graph file behind, not two
    expect((await readdir(target)).filter((n) => n.endsWith('.bin'))).toHaveLength(1);

    const loaded = await HnswVectorIndex.load(target, {
      embedderId: 'test',
      expectedVersion: index.version(),
      exactScanMax: 0,
    });
    expect(loaded?.size).toBe(1998);
    expect(loaded?.version()).toBe(index.version());
    for (const q of queries.slice(0, 5)) expect(loaded?.search(q, 10)).toEqual(index.search(q, 10));
    expect(loaded?.has('c1')).toBe(false);
    loaded?.upsert([{ id: 'new', vector: queries[0] as Float32Array }]);
    expect(loaded?.search(queries[0] as Float32Array, 1)[0]?.id).toBe('new');

    await expect(HnswVectorIndex.load(target, { embedderId: 'other' })).rejects.toMatchObject({
      code: 'embedder_mismatch',
    });
    await expect(HnswVectorIndex.load(target, { expectedVersion: '0'.repeat(64) })).rejects.toMatchObject({
      code: 'index_stale',
    });

    const manifestPath = path.join(target, 'manifest.json');
    const good = await readFile(manifestPath, 'utf8');
    await writeFile(manifestPath, good.slice(0, good.length / 2));
    await expect(HnswVectorIndex.load(target)).rejects.toMatchObject({ code: 'index_corrupt' });
    const tampered = JSON.parse(good) as { labels: [string, number][] };
    tampered.labels.pop();
    await writeFile(manifestPath, JSON.stringify(tampered));
    await expect(HnswVectorIndex.load(target)).rejects.toMatchObject({ code: 'index_corrupt' });

    await writeFile(manifestPath, good);
    const bin = (await readdir(target)).find((n) => n.endsWith('.bin')) as string;
    const bytes = await readFile(path.join(target, bin));
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff;
    await writeFile(path.join(target, bin), bytes);
    await expect(HnswVectorIndex.load(target)).rejects.toMatchObject({ code: 'index_corrupt' });
  });
});

/** Every other item from the front, then the rest: a third insertion order. */
function interleaved<T>(list: readonly T[]): T[] {
  return [...list.filter((_, i) => i % 2 === 0), ...list.filter((_, i) => i % 2 === 1)];
}
