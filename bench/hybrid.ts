import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, sharedPath } from '@grounded/core';
import {
  CollectionIndex,
  createUseLiteEmbedder,
  type Embedder,
  exactSearch,
  type SearchMode,
} from '@grounded/retrieval';
import { embedWithCache } from '../eval/retrieval-cache';
import { chunkDocuments, embeddingText, loadBeir } from '../eval/retrieval-data';
import type { BenchContext } from './context';
import { summarize } from './measure';
import { emptyResult, type SectionResult } from './report';

/** eval/retrieval's cache key (embedder id + every text), to tell whether its full-corpus run is cached. */
function evalCacheHas(embedder: Embedder, texts: readonly string[], dir: string): boolean {
  const hash = createHash('sha256').update(embedder.id);
  for (const text of texts) hash.update('\u0000').update(text);
  return existsSync(path.join(dir, `${hash.digest('hex').slice(0, 24)}.f32`));
}

export async function run(context: BenchContext): Promise<SectionResult> {
  const result = emptyResult('hybrid');
  const { docs, queries } = await loadBeir(sharedPath('eval', 'beir_scifact'));
  const embedder = await createUseLiteEmbedder();
  try {
    // eval/retrieval's passages: windows of 3 sentences, "title. body" for the embedder.
    const evalCache = path.join(repoRoot(), '.data', 'eval-cache');
    const allPassages = chunkDocuments(docs, 3, 3);
    const fullCached = evalCacheHas(embedder, allPassages.map(embeddingText), evalCache);
    const benchCache = path.join(import.meta.dirname, '.cache');
    const subsetOf = (limit: number) => {
      const ids = new Set(docs.slice(0, limit).map((d) => d.id));
      return allPassages.filter((p) => ids.has(p.documentId));
    };
    // --quick reuses the full run's cached subset when it is there, and otherwise embeds a
    // smaller one (150 abstracts take over a minute to embed on 2 shared cores).
    const docLimit = fullCached
      ? docs.length
      : !context.quick || evalCacheHas(embedder, subsetOf(150).map(embeddingText), benchCache)
        ? 150
        : 40;
    const passages = fullCached ? allPassages : subsetOf(docLimit);
    const cacheDir = fullCached ? evalCache : benchCache;
    context.log(
      `hybrid: ${passages.length} passages of ${docLimit} documents (${fullCached ? 'eval cache' : 'embedding, cached in bench/.cache'})`,
    );
    const embedded = await embedWithCache(embedder, passages.map(embeddingText), cacheDir);
    // The full run's 300 query vectors are cached; --quick times the first 100 of them (or embeds
    // 50 when there is no cache yet).
    const allQueryTexts = [...queries.values()].slice(0, 300).map((q) => q.text);
    const queriesCached = evalCacheHas(embedder, allQueryTexts, cacheDir);
    const embedQueries = !context.quick || queriesCached ? allQueryTexts : allQueryTexts.slice(0, 50);
    const queryTexts = embedQueries.slice(0, context.quick ? 100 : 300);
    const queryVectors = (await embedWithCache(embedder, embedQueries, cacheDir)).vectors;

    const index = new CollectionIndex({ embedderId: embedder.id, dimension: embedder.dimension });
    const buildStarted = performance.now();
    index.upsert(
      passages.map((p, i) => ({
        meta: {
          chunkId: p.chunkId,
          documentId: p.documentId,
          tenantId: 'default',
          allowedPrincipals: [],
          tags: [],
          date: null,
          metadata: {},
        },
        text: p.body,
        title: p.title,
        vector: embedded.vectors[i] as Float32Array,
      })),
    );
    const buildSeconds = (performance.now() - buildStarted) / 1000;

    // What the API's SearchService asks of the index: k 10 with the tenant filter.
    const timeMode = (mode: SearchMode) => {
      const ms: number[] = [];
      for (const [i, query] of queryTexts.entries()) {
        const started = performance.now();
        index.search({
          mode,
          query,
          queryVector: queryVectors[i] as Float32Array,
          k: 10,
          filter: { tenantId: 'default' },
        });
        ms.push(performance.now() - started);
      }
      return summarize(ms);
    };
    for (const mode of ['bm25', 'vector', 'hybrid'] as const) timeMode(mode); // warm-up pass
    const items = passages.map((p, i) => ({ id: p.chunkId, vector: embedded.vectors[i] as Float32Array }));
    const exactMs: number[] = [];
    for (const vector of queryVectors) {
      const started = performance.now();
      exactSearch(items, vector, 10);
      exactMs.push(performance.now() - started);
    }
    const exact = summarize(exactMs);
    const bm25 = timeMode('bm25');
    const vector = timeMode('vector');
    const hybrid = timeMode('hybrid');
    const embedMs: number[] = [];
    for (const text of queryTexts.slice(0, 30)) {
      const started = performance.now();
      await embedder.embed([text]);
      embedMs.push(performance.now() - started);
    }
    const embed = summarize(embedMs);
    result.tables.push({
      title: `Search latency on SciFact: ${passages.length} passages of ${docLimit} abstracts, ${queryTexts.length} queries, k 10 (index only; baseline: exact vector scan)`,
      columns: ['mode', 'p50 ms', 'p99 ms', 'mean ms', 'p50 / exact'],
      rows: [
        ['exact vector scan (baseline)', exact.p50, exact.p99, exact.mean, 1],
        ['bm25', bm25.p50, bm25.p99, bm25.mean, bm25.p50 / exact.p50],
        ['vector (HNSW ef 64, candidates 50)', vector.p50, vector.p99, vector.mean, vector.p50 / exact.p50],
        ['hybrid (bm25 + vector, RRF)', hybrid.p50, hybrid.p99, hybrid.mean, hybrid.p50 / exact.p50],
        [
          '+ query embedding (USE-lite, 1 query; 30 queries)',
          embed.p50,
          embed.p99,
          embed.mean,
          embed.p50 / exact.p50,
        ],
      ],
    });
    result.notes.push(
      fullCached
        ? 'Full corpus, passage vectors from eval/retrieval’s cache (.data/eval-cache).'
        : `Subset: the first ${docLimit} of ${docs.length} abstracts (no full-corpus embedding cache from \`npm run eval -- retrieval\`; embedding all ${allPassages.length} passages with USE-lite takes several minutes on 2 cores). Vectors are cached in bench/.cache (git-ignored) for the next run.`,
      `Index build (HNSW + BM25 + catalog) for ${passages.length} passages: ${buildSeconds.toFixed(1)} s. Vector and hybrid modes in the API also embed the query (last row), which dominates their latency.`,
    );
    result.data = {
      passages: passages.length,
      documents: docLimit,
      fullCorpus: fullCached,
      queries: queryTexts.length,
      exact,
      bm25,
      vector,
      hybrid,
      queryEmbedding: embed,
      buildSeconds,
    };
  } finally {
    await embedder.close();
  }
  return result;
}
