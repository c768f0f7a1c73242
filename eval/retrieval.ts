import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, sharedPath } from '@grounded/core';
import {
  Bm25Index,
  CollectionIndex,
  type CollectionSearchOptions,
  createUseLiteEmbedder,
  EXACT_SCAN_MAX,
  exactSearch,
  normalizedScoreFusion,
} from '@grounded/retrieval';
import { DEFAULT_RANKING } from '@grounded/search';
import { embedWithCache } from './retrieval-cache';
import {
  type BeirQuery,
  chunkDocuments,
  embeddingText,
  loadBeir,
  loadQrels,
  type Passage,
  type Qrels,
} from './retrieval-data';
import { evaluate, percentile, perQueryNdcg10 } from './retrieval-metrics';

/**
 * `npm run eval -- retrieval [--dataset scifact|squad-v2] [--limit-queries N] [--limit-docs N] [--no-cache] [--cache-dir D] [--window 3] [--stride 3] [--bm25-only] [--threads N]`
 *
 * BEIR SciFact through the retrieval package: each abstract becomes passages of `window`
 * sentences (the title kept as a BM25 field and prefixed for the embedder), embedded with the
 * offline USE-lite model, indexed in one CollectionIndex (HNSW + BM25), searched with documents
 * scored by their best passage. Fusion settings (title weight, vector weight, RRF k) are chosen
 * on the TRAIN qrels only; the table reports TEST.
 */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'limit-queries': { type: 'string' },
      /** Smoke test: only the first N documents (figures are then meaningless). */
      'limit-docs': { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      /** Where embeddings are cached; default .data/eval-cache (gitignored). */
      'cache-dir': { type: 'string' },
      'embed-only': { type: 'boolean', default: false },
      'bm25-only': { type: 'boolean', default: false },
      /** USE-lite worker threads; default one per core, at most 4 (as the server). */
      threads: { type: 'string' },
      window: { type: 'string', default: '3' },
      stride: { type: 'string', default: '3' },
      dataset: { type: 'string', default: 'scifact' },
    },
  });
  const dataset = DATASETS[values.dataset as keyof typeof DATASETS];
  if (!dataset) throw new Error(`--dataset must be one of ${Object.keys(DATASETS).join(', ')}`);
  const limit = values['limit-queries'] ? Number(values['limit-queries']) : Number.POSITIVE_INFINITY;
  const dir = sharedPath('eval', ...dataset.path);
  const started = performance.now();
  const loaded = await loadBeir(dir);
  const { queries } = loaded;
  const docs = values['limit-docs'] ? loaded.docs.slice(0, Number(values['limit-docs'])) : loaded.docs;
  const trainQrels = limitQrels(await loadQrels(dir, 'train'), limit);
  const testQrels = limitQrels(await loadQrels(dir, 'test'), limit);
  const chunkStarted = performance.now();
  const passages = chunkDocuments(docs, Number(values.window), Number(values.stride));
  const chunkSeconds = (performance.now() - chunkStarted) / 1000;
  log(
    `${docs.length} documents → ${passages.length} passages; ${trainQrels.size} train / ${testQrels.size} test queries`,
  );
  const documentOf = new Map(passages.map((p) => [p.chunkId, p.documentId]));

  if (values['bm25-only']) {
    // Quick lexical table (no embedding): every BM25 setting × document weight, train and test.
    for (const params of BM25_GRID) {
      const bm25 = buildBm25(passages, params);
      for (const documentWeight of DOCUMENT_WEIGHTS) {
        const line = [`bm25 ${describeBm25(params)}, document weight ${documentWeight}:`];
        for (const [split, qrels] of [
          ['train', trainQrels],
          ['test', testQrels],
        ] as const) {
          const rankings = new Map<string, string[]>();
          for (const queryId of qrels.keys()) {
            const query = queries.get(queryId) as BeirQuery;
            const hits = bm25.search(query.text, 1000, { groupWeight: documentWeight });
            rankings.set(
              queryId,
              maxPassage(hits, documentOf, 100).map((h) => h.id),
            );
          }
          const m = evaluate(rankings, qrels);
          line.push(`${split} nDCG@10 ${m.ndcg10.toFixed(4)} R@100 ${m.recall100.toFixed(4)}`);
        }
        console.log(line.join(' '));
      }
    }
    return;
  }

  const threads = values.threads ? Number(values.threads) : Math.min(4, availableParallelism());
  const embedder = await createUseLiteEmbedder({ threads });
  const cacheDir = values['no-cache']
    ? null
    : (values['cache-dir'] ?? path.join(repoRoot(), '.data', 'eval-cache'));
  const embedded = await embedWithCache(embedder, passages.map(embeddingText), cacheDir, (done, total) => {
    if (done % 2048 < 256) log(`embedded ${done}/${total} passages`);
  });
  const passageVectors = embedded.vectors;
  log(
    `passage embedding: ${embedded.stats.count} in ${embedded.stats.seconds.toFixed(0)} s${embedded.stats.fromCache ? ' (cached run)' : ''}`,
  );
  if (values['embed-only']) return;

  const queryIds = [...new Set([...trainQrels.keys(), ...testQrels.keys()])];
  const queryEmbedded = await embedWithCache(
    embedder,
    queryIds.map((id) => (queries.get(id) as BeirQuery).text),
    cacheDir,
  );
  const queryVector = new Map(queryIds.map((id, i) => [id, queryEmbedded.vectors[i] as Float32Array]));
  await embedder.close();

  const vectorItems = passages.map((p, i) => ({ id: p.chunkId, vector: passageVectors[i] as Float32Array }));
  const best =
    trainQrels.size > 0
      ? tuneOnTrain({ passages, documentOf, queries, trainQrels, queryVector, vectorItems })
      : productDefaults();

  // --- The real index, built once with the chosen settings, evaluated on TEST.
  const indexStarted = performance.now();
  const index = new CollectionIndex({
    embedderId: embedder.id,
    dimension: embedder.dimension,
    bm25: best.bm25,
    hnsw: { initialCapacity: 1024 },
  });
  const batch = 1000;
  for (let i = 0; i < passages.length; i += batch) {
    index.upsert(
      passages.slice(i, i + batch).map((p, j) => ({
        meta: {
          chunkId: p.chunkId,
          documentId: p.documentId,
          tenantId: 'eval',
          allowedPrincipals: [],
          tags: [],
          date: null,
          metadata: {},
        },
        text: p.body,
        title: p.title,
        vector: passageVectors[i + j] as Float32Array,
      })),
    );
  }
  const indexSeconds = (performance.now() - indexStarted) / 1000;

  /** The test queries through the real index, documents scored by their best passage. */
  const searchTest = (options: Pick<CollectionSearchOptions, 'mode' | 'fusion' | 'weights'>) => {
    const rankings = new Map<string, string[]>();
    const latencies: number[] = [];
    for (const queryId of testQrels.keys()) {
      const query = queries.get(queryId) as BeirQuery;
      const t0 = performance.now();
      const hits = index.search({
        query: query.text,
        queryVector: queryVector.get(queryId) as Float32Array,
        k: 100,
        candidateK: 150,
        collapse: 'document',
        documentWeight: best.documentWeight,
        ...options,
      });
      latencies.push(performance.now() - t0);
      rankings.set(
        queryId,
        hits.map((h) => h.documentId),
      );
    }
    return {
      ...evaluate(rankings, testQrels),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  };
  const rows = (['bm25', 'vector', 'hybrid'] as const).map((mode) => ({
    mode,
    ...searchTest({ mode, fusion: best.fusion, weights: { bm25: 1, vector: best.vectorWeight } }),
  }));
  // Plain RRF (k 60, equal weights) as the untuned baseline the issue warns about (same BM25).
  const plainMetrics = searchTest({ mode: 'hybrid' });

  // HNSW recall@10 against exact search on the same passage vectors, chunk level, test queries.
  let found = 0;
  let total = 0;
  const chunkLatencies: number[] = [];
  for (const queryId of testQrels.keys()) {
    const q = queryVector.get(queryId) as Float32Array;
    const truth = new Set(exactSearch(vectorItems, q, 10).map((h) => h.id));
    const t0 = performance.now();
    const hits = index.search({ mode: 'vector', query: '', queryVector: q, k: 10 });
    chunkLatencies.push(performance.now() - t0);
    found += hits.filter((h) => truth.has(h.chunkId)).length;
    total += 10;
  }

  const embedSeconds = embedded.stats.seconds;
  const ingestSeconds = chunkSeconds + embedSeconds + indexSeconds;
  const f = (x: number) => x.toFixed(3);
  const ms = (x: number) => x.toFixed(1);
  console.log(
    `\n## ${dataset.name} retrieval (test: ${testQrels.size} queries; ${trainQrels.size > 0 ? `settings tuned on ${trainQrels.size} train queries` : 'no train split: the product defaults'})\n`,
  );
  console.log('| mode | nDCG@10 | Recall@100 | latency p50 (ms) | latency p99 (ms) |');
  console.log('|---|---|---|---|---|');
  for (const row of rows)
    console.log(`| ${row.mode} | ${f(row.ndcg10)} | ${f(row.recall100)} | ${ms(row.p50)} | ${ms(row.p99)} |`);
  console.log(
    `| hybrid, plain RRF (k 60, equal weights) | ${f(plainMetrics.ndcg10)} | ${f(plainMetrics.recall100)} | | |`,
  );
  // How hybrid responds to the vector's weight on this set. Information only: nothing is chosen
  // from these test figures.
  for (const vectorWeight of [0.1, 0.3, 0.5, 1]) {
    if (vectorWeight === best.vectorWeight) continue;
    const m = searchTest({ mode: 'hybrid', fusion: 'score', weights: { bm25: 1, vector: vectorWeight } });
    console.log(
      `| hybrid, vector weight ${vectorWeight} (not chosen; for information) | ${f(m.ndcg10)} | ${f(m.recall100)} | | |`,
    );
  }
  console.log(
    `\nSettings (${trainQrels.size > 0 ? 'chosen on train' : 'product defaults'}): passages of ${values.window} sentences, stride ${values.stride}; BM25 ${describeBm25(best.bm25)}, document weight ${best.documentWeight}; ` +
      `min-max score fusion, weights bm25 1 / vector ${best.vectorWeight}${trainQrels.size > 0 ? ' (one-standard-error rule)' : ''}; documents scored by their best passage.`,
  );
  console.log('\n| ingestion | value |');
  console.log('|---|---|');
  console.log(`| documents / passages | ${docs.length} / ${passages.length} |`);
  console.log(`| chunking | ${chunkSeconds.toFixed(1)} s |`);
  console.log(
    `| embedding (USE-lite, WASM, batch 8${embedded.stats.fromCache ? '' : `, ${threads} threads`}) | ${embedSeconds.toFixed(0)} s, ${(passages.length / embedSeconds).toFixed(1)} passages/s${embedded.stats.fromCache ? ' (timed when the cache was filled)' : ''} |`,
  );
  console.log(`| index build (HNSW M 16, efC 200 + BM25) | ${indexSeconds.toFixed(1)} s |`);
  console.log(
    `| ingestion total | ${ingestSeconds.toFixed(0)} s: ${(docs.length / ingestSeconds).toFixed(1)} docs/s, ${(passages.length / ingestSeconds).toFixed(1)} chunks/s |`,
  );
  // A corpus this small is scanned exactly, not searched by the graph (hnsw-vector-index.ts).
  const scanned = passages.length <= EXACT_SCAN_MAX ? `; ≤ ${EXACT_SCAN_MAX} passages: an exact scan` : '';
  console.log(`| HNSW recall@10 vs exact (ef 64, test queries${scanned}) | ${f(found / total)} |`);
  console.log(
    `| vector top-10 chunk search p50 / p99 | ${ms(percentile(chunkLatencies, 50))} / ${ms(percentile(chunkLatencies, 99))} ms |`,
  );
  console.log(`| eval wall time | ${((performance.now() - started) / 1000).toFixed(0)} s |`);
}

interface Chosen {
  bm25: Bm25Params;
  documentWeight: number;
  fusion: 'score';
  vectorWeight: number;
}

/** BEIR-format sets under ../shared/eval. SciFact has train queries; the SQuAD subset has none. */
const DATASETS = {
  scifact: { name: 'BEIR SciFact', path: ['beir_scifact'] },
  'squad-v2': {
    name: 'SQuAD 2.0 dev subset (question → paragraph)',
    path: ['squad_v2_dev_subset', 'derived'],
  },
} as const;

const PRODUCT_BM25 = new Bm25Index();

/**
 * A set without train queries is searched with the product's defaults (BM25's chosen on SciFact
 * train, the vector's weight by the product-retrieval round of issue #15).
 */
function productDefaults(): Chosen {
  log('no train split: searching with the product defaults (DEFAULT_RANKING)');
  return {
    // The index options the product's collections use: Bm25Index's own defaults.
    bm25: {
      k1: PRODUCT_BM25.k1,
      b: PRODUCT_BM25.b,
      titleWeight: PRODUCT_BM25.titleWeight,
      tokenizer: { stem: 'porter' },
    },
    documentWeight: DEFAULT_RANKING.documentWeight,
    fusion: 'score',
    vectorWeight: DEFAULT_RANKING.weights.vector,
  };
}

/** Tuning on TRAIN, in two stages. Exact vector lists here (HNSW is measured separately). */
function tuneOnTrain(input: {
  passages: readonly Passage[];
  documentOf: ReadonlyMap<string, string>;
  queries: ReadonlyMap<string, BeirQuery>;
  trainQrels: Qrels;
  queryVector: ReadonlyMap<string, Float32Array>;
  vectorItems: { id: string; vector: Float32Array }[];
}): Chosen {
  const { passages, documentOf, queries, trainQrels, queryVector, vectorItems } = input;
  const tuneStarted = performance.now();
  const trainVector = new Map<string, DocHit[]>();
  for (const queryId of trainQrels.keys()) {
    const hits = exactSearch(vectorItems, queryVector.get(queryId) as Float32Array, 600);
    trainVector.set(queryId, maxPassage(hits, documentOf, 150));
  }
  const trainScores = (rank: (queryId: string) => readonly string[]) => {
    const rankings = new Map<string, readonly string[]>();
    for (const queryId of trainQrels.keys()) rankings.set(queryId, rank(queryId));
    return perQueryNdcg10(rankings, trainQrels);
  };

  // Stage 1, the lexical retriever alone: index-time BM25 settings × document weight.
  let lexical: {
    bm25: Bm25Params;
    documentWeight: number;
    lists: Map<string, DocHit[]>;
    ndcg10: number;
  } | null = null;
  for (const bm25Params of BM25_GRID) {
    const bm25 = buildBm25(passages, bm25Params);
    for (const documentWeight of DOCUMENT_WEIGHTS) {
      const lists = new Map<string, DocHit[]>();
      for (const queryId of trainQrels.keys()) {
        const query = queries.get(queryId) as BeirQuery;
        lists.set(
          queryId,
          maxPassage(bm25.search(query.text, 600, { groupWeight: documentWeight }), documentOf, 150),
        );
      }
      const ndcg10 = mean(trainScores((queryId) => (lists.get(queryId) ?? []).map((h) => h.id)));
      if (!lexical || ndcg10 > lexical.ndcg10) lexical = { bm25: bm25Params, documentWeight, lists, ndcg10 };
    }
  }
  const chosenLexical = lexical as NonNullable<typeof lexical>;

  // Stage 2, the vector's weight in min-max score fusion, by the one-standard-error rule: the
  // smallest weight whose train nDCG@10 is within one paired standard error of the best weight's.
  // A weak retriever's gain on train is often noise; this keeps it out unless the gain is clear,
  // so that hybrid does not fall below BM25 on unseen queries.
  const fusionScores = VECTOR_WEIGHTS.map((vectorWeight) => ({
    vectorWeight,
    perQuery: trainScores((queryId) =>
      normalizedScoreFusion(
        [
          { name: 'bm25', hits: chosenLexical.lists.get(queryId) ?? [] },
          { name: 'vector', hits: trainVector.get(queryId) ?? [] },
        ],
        { weights: { bm25: 1, vector: vectorWeight } },
      )
        .slice(0, 100)
        .map((item) => item.id),
    ),
  }));
  const bestFusion = fusionScores.reduce((a, b) => (mean(b.perQuery) > mean(a.perQuery) ? b : a));
  const chosenFusion = fusionScores.find(
    (candidate) =>
      mean(bestFusion.perQuery) - mean(candidate.perQuery) <=
      pairedStandardError(bestFusion.perQuery, candidate.perQuery),
  ) as (typeof fusionScores)[number];
  const tuneSeconds = (performance.now() - tuneStarted) / 1000;
  log(
    `tuned on train in ${tuneSeconds.toFixed(0)} s: BM25 ${describeBm25(chosenLexical.bm25)}, document weight ${chosenLexical.documentWeight} ` +
      `(train nDCG@10 ${chosenLexical.ndcg10.toFixed(4)}); vector weight ${chosenFusion.vectorWeight} (train ${mean(chosenFusion.perQuery).toFixed(4)}; ` +
      `best weight ${bestFusion.vectorWeight} at ${mean(bestFusion.perQuery).toFixed(4)} ± ${pairedStandardError(bestFusion.perQuery, chosenFusion.perQuery).toFixed(4)})`,
  );
  for (const { vectorWeight, perQuery } of fusionScores) {
    log(`  train nDCG@10 with vector weight ${vectorWeight}: ${mean(perQuery).toFixed(4)}`);
  }

  return {
    bm25: chosenLexical.bm25,
    documentWeight: chosenLexical.documentWeight,
    fusion: 'score' as const,
    vectorWeight: chosenFusion.vectorWeight,
  };
}

function log(message: string): void {
  console.error(`[retrieval] ${message}`);
}

function limitQrels(qrels: Qrels, limit: number): Qrels {
  return Number.isFinite(limit) ? new Map([...qrels].slice(0, limit)) : qrels;
}

interface Bm25Params {
  k1: number;
  b: number;
  titleWeight: number;
  tokenizer: { stem: 'porter' | 'light' };
}

/** The BM25 settings the train queries choose from (the index-time ones; weights are per query). */
const BM25_GRID: Bm25Params[] = [
  ...[0.9, 1.2].flatMap((k1) =>
    [1, 2].map((titleWeight) => ({
      k1,
      b: k1 === 0.9 ? 0.4 : 0.75,
      titleWeight,
      tokenizer: { stem: 'porter' as const },
    })),
  ),
  // The light stemmer, to show what Porter buys.
  { k1: 1.2, b: 0.75, titleWeight: 1, tokenizer: { stem: 'light' } },
];

const DOCUMENT_WEIGHTS = [0, 0.5, 1, 2, 4];
/** Ascending: the one-standard-error rule takes the first that is close enough to the best. */
const VECTOR_WEIGHTS = [0, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1];

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / (values.length || 1);
}

/** Standard error of the mean of the per-query differences a − b. */
function pairedStandardError(a: readonly number[], b: readonly number[]): number {
  const diffs = a.map((value, i) => value - (b[i] as number));
  const m = mean(diffs);
  const variance = diffs.reduce((sum, d) => sum + (d - m) ** 2, 0) / Math.max(1, diffs.length - 1);
  return Math.sqrt(variance / Math.max(1, diffs.length));
}

function describeBm25(p: Bm25Params): string {
  return `k1 ${p.k1} b ${p.b}, ${p.tokenizer.stem} stemming, title weight ${p.titleWeight}`;
}

/** Passages indexed with their document as BM25 group, as CollectionIndex does. */
function buildBm25(passages: readonly Passage[], params: Bm25Params): Bm25Index {
  const bm25 = new Bm25Index(params);
  for (const p of passages) bm25.add(p.chunkId, p.body, p.title, p.documentId);
  return bm25;
}

interface DocHit {
  id: string;
  score: number;
}

/** Document ranking by each document's best passage, as CollectionIndex's collapse does. */
function maxPassage(
  hits: readonly { id: string; score: number }[],
  documentOf: ReadonlyMap<string, string>,
  limit: number,
): DocHit[] {
  const out: DocHit[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    const documentId = documentOf.get(hit.id) ?? hit.id;
    if (seen.has(documentId)) continue;
    seen.add(documentId);
    out.push({ id: documentId, score: hit.score });
    if (out.length === limit) break;
  }
  return out;
}
