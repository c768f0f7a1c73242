import { CollectionIndex } from '@grounded/retrieval';
import { collectGarbage, seededRandom } from '../measure';
import { createVectorSource } from '../synthetic-vectors';

/**
 * Child process: RSS retained by a CollectionIndex (HNSW + BM25 + filter catalog) holding `n`
 * chunks of synthetic 512-d vectors and short texts. Entries are made and dropped in batches, so
 * the delta is what the index keeps, not the input. Prints one JSON line.
 */
const n = Number(process.argv[2] ?? 100_000);
const VOCABULARY = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
const random = seededRandom(7);
const nextVector = createVectorSource({ dimension: 512, seed: 11, distribution: 'low-rank' });
const sentence = () =>
  Array.from({ length: 24 }, () => VOCABULARY[Math.floor(random() ** 2 * VOCABULARY.length)]).join(' ');

collectGarbage();
const before = process.memoryUsage.rss();
const heapBefore = process.memoryUsage().heapUsed;
const index = new CollectionIndex({ embedderId: 'synthetic', dimension: 512, hnsw: { initialCapacity: n } });
const started = performance.now();
for (let i = 0; i < n; i += 1000) {
  const batch = [];
  for (let j = i; j < Math.min(n, i + 1000); j++) {
    batch.push({
      meta: {
        chunkId: `c${j}`,
        documentId: `d${Math.floor(j / 20)}`,
        tenantId: 'default',
        allowedPrincipals: [],
        tags: [],
        date: null,
        metadata: {},
      },
      text: sentence(),
      title: `Document ${Math.floor(j / 20)}`,
      vector: nextVector(),
    });
  }
  index.upsert(batch);
}
const seconds = (performance.now() - started) / 1000;
collectGarbage();
const after = process.memoryUsage.rss();
process.stdout.write(
  `${JSON.stringify({ n, seconds, rssDeltaMb: (after - before) / 2 ** 20, heapDeltaMb: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20, rssMb: after / 2 ** 20, chunks: index.stats().chunks })}\n`,
);
process.exit(0);
