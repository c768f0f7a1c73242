import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exactSearch, HnswVectorIndex } from '@grounded/retrieval';
import { collectGarbage, rssMb, summarize } from '../measure';
import { createVectorSource, type VectorDistribution } from '../synthetic-vectors';

/**
 * Child process: one vector case (build, exact vs HNSW at each ef, persist + reload), in a fresh
 * process so the build's RSS delta is not blurred by what ran before. Prints one JSON line.
 */
const DIMENSION = 512;
const EFS = [16, 32, 64, 128, 256];
const K = 10;
const c = {
  size: Number(process.argv[2]),
  distribution: process.argv[3] as VectorDistribution,
  queries: Number(process.argv[4]),
};
const notes: string[] = [];

const next = createVectorSource({ dimension: DIMENSION, seed: 42, distribution: c.distribution });
const items: { id: string; vector: Float32Array }[] = [];
for (let i = 0; i < c.size; i++) items.push({ id: `v${i}`, vector: next() });
const queries = Array.from({ length: c.queries }, () => next());

collectGarbage();
const rssBefore = rssMb();
const index = new HnswVectorIndex({
  dimension: DIMENSION,
  embedderId: 'synthetic',
  initialCapacity: c.size,
});
const buildStarted = performance.now();
for (let i = 0; i < items.length; i += 1000) index.upsert(items.slice(i, i + 1000));
const buildSeconds = (performance.now() - buildStarted) / 1000;
collectGarbage();
const rssDelta = rssMb() - rssBefore;
const rawMb = (c.size * DIMENSION * 4) / 2 ** 20;

// Exact first: it is both the latency baseline and the ground truth for recall.
const truth: Set<string>[] = [];
const exactMs: number[] = [];
for (const query of queries) {
  const started = performance.now();
  const hits = exactSearch(items, query, K);
  exactMs.push(performance.now() - started);
  truth.push(new Set(hits.map((h) => h.id)));
}
const exact = summarize(exactMs);
const sweep: { ef: number; recall: number; p50: number; p99: number }[] = [];
for (const ef of EFS) {
  index.setEfSearch(ef);
  for (const query of queries.slice(0, 10)) index.search(query, K); // warm caches
  const ms: number[] = [];
  let found = 0;
  queries.forEach((query, q) => {
    const started = performance.now();
    const hits = index.search(query, K);
    ms.push(performance.now() - started);
    const expected = truth[q] as Set<string>;
    for (const hit of hits) if (expected.has(hit.id)) found++;
  });
  const s = summarize(ms);
  const recall = found / (K * queries.length);
  sweep.push({ ef, recall, p50: s.p50, p99: s.p99 });
}

index.setEfSearch(64); // the index's default; save() records it and load() restores it
const dir = await mkdtemp(path.join(tmpdir(), 'grounded-bench-hnsw-'));
const saveStarted = performance.now();
await index.save(dir);
const saveSeconds = (performance.now() - saveStarted) / 1000;
let bytes = 0;
for (const name of await readdir(dir)) bytes += (await stat(path.join(dir, name))).size;
const loadStarted = performance.now();
const loaded = await HnswVectorIndex.load(dir, { embedderId: 'synthetic', dimension: DIMENSION });
const loadSeconds = (performance.now() - loadStarted) / 1000;
const firstQuery = queries[0] as Float32Array;
const same =
  JSON.stringify(loaded?.search(firstQuery, K).map((h) => h.id)) ===
  JSON.stringify(index.search(firstQuery, K).map((h) => h.id));
if (!same) notes.push(`${c.size}: the reloaded index answered a query differently`);
await rm(dir, { recursive: true, force: true });

process.stdout.write(
  `${JSON.stringify({ buildSeconds, rssDeltaMb: rssDelta, rawMb, exact, sweep, saveSeconds, loadSeconds, fileBytes: bytes, notes })}\n`,
);
process.exit(0);
