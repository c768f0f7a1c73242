import { silentLogger } from '@grounded/core';
import {
  ChunksRepo,
  type Collection,
  CollectionsRepo,
  createIngestionHandler,
  DocumentsRepo,
  IndexManager,
} from '@grounded/documents';
import {
  createLexicalReranker,
  createRemoteReranker,
  createUseLiteEmbedder,
  type Embedder,
} from '@grounded/retrieval';
import { createPgliteDatabase, type Database, migrationsDir, runMigrations } from '@grounded/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RANKING, SearchService } from './search-service';

/**
 * Issue #3: search uses the ranking settings the SciFact evaluation chose on its train
 * queries, not plain RRF, and a deployment can override them.
 */
let db: Database;
let embedder: Embedder;
let collection: Collection;
let indexes: IndexManager;
const QUERY = 'how many vacation days do new employees get';

beforeAll(async () => {
  db = await createPgliteDatabase();
  await runMigrations(db, { dir: migrationsDir() });
  embedder = await createUseLiteEmbedder();
  collection = await new CollectionsRepo(db).create({
    tenantId: 'default',
    name: 'fusion',
    embedderId: embedder.id,
    embeddingDimension: embedder.dimension,
  });
  indexes = new IndexManager({ chunks: new ChunksRepo(db) });
  await ingestTexts(collection, [
    '# Leave\n\nNew employees get 25 vacation days per year, plus public holidays.',
    '# Holidays\n\nThe office is closed between Christmas and New Year; those days are not vacation.',
    '# Onboarding\n\nOn their first day, employees meet their buddy and collect a laptop.',
    '# Sick days\n\nSick days do not count against vacation; report them before ten.',
    '# Payroll\n\nSalaries are paid on the 25th; days worked in the first month are prorated.',
  ]);
});

async function ingestTexts(into: Collection, texts: readonly string[]): Promise<void> {
  const ingest = createIngestionHandler({ db, embedder });
  for (const text of texts) {
    const document = await new DocumentsRepo(db).create({
      collectionId: into.id,
      tenantId: 'default',
      contentHash: text,
      bytes: new TextEncoder().encode(text),
      filename: 'policy.md',
    });
    await ingest(
      { documentId: document.id, contentHash: document.contentHash },
      { jobId: 'j', attempt: 1, signal: new AbortController().signal, reportProgress: async () => {} },
    );
  }
}

afterAll(async () => {
  await embedder?.close();
  await db?.close();
});

describe('SearchService ranking defaults', () => {
  it('hybrid search ranks and scores with DEFAULT_RANKING', async () => {
    const service = new SearchService({ db, embedder, indexes });
    const { results } = await service.search({
      tenantId: 'default',
      collectionId: collection.id,
      query: QUERY,
      k: 5,
      mode: 'hybrid',
    });
    const index = await indexes.ready(collection);
    const [queryVector] = await embedder.embed([QUERY]);
    const expected = index.search({
      mode: 'hybrid',
      query: QUERY,
      queryVector: queryVector!,
      k: 5,
      documentWeight: DEFAULT_RANKING.documentWeight,
      fusion: DEFAULT_RANKING.fusion,
      rrfK: DEFAULT_RANKING.rrfK,
      weights: DEFAULT_RANKING.weights,
      filter: { tenantId: 'default' },
    });
    expect(results.length).toBe(5);
    expect(results.map((r) => [r.chunkId, r.score])).toEqual(expected.map((h) => [h.chunkId, h.score]));
    expect(results[0]?.text).toContain('25 vacation days');
    if (DEFAULT_RANKING.fusion === 'rrf') {
      // The score is the weighted RRF sum of the ranks it reports.
      for (const result of results) {
        const { bm25, vector } = result.ranks;
        const score =
          (bm25 ? DEFAULT_RANKING.weights.bm25 / (DEFAULT_RANKING.rrfK + bm25) : 0) +
          (vector ? DEFAULT_RANKING.weights.vector / (DEFAULT_RANKING.rrfK + vector) : 0);
        expect(result.score).toBeCloseTo(score, 10);
      }
    }
  });

  it('a deployment can override the ranking settings', async () => {
    const plain = new SearchService({
      db,
      embedder,
      indexes,
      ranking: { fusion: 'rrf', rrfK: 60, weights: { bm25: 1, vector: 1 } },
    });
    const { results } = await plain.search({
      tenantId: 'default',
      collectionId: collection.id,
      query: QUERY,
      k: 5,
      mode: 'hybrid',
    });
    for (const result of results) {
      const { bm25, vector } = result.ranks;
      expect(result.score).toBeCloseTo((bm25 ? 1 / (60 + bm25) : 0) + (vector ? 1 / (60 + vector) : 0), 10);
    }
  });
});

describe('SearchService with a reranker (issue #17)', () => {
  const request = { tenantId: 'default', query: QUERY, k: 5, mode: 'hybrid' as const };

  it('reorders the fused top N by the reranker and leaves the rest in fused order', async () => {
    const fused = (
      await new SearchService({ db, embedder, indexes }).search({ ...request, collectionId: collection.id })
    ).results;
    const reranker = createLexicalReranker();
    const service = new SearchService({ db, embedder, indexes, reranker, rerankTopN: 3 });
    const { results, rerank } = await service.search({ ...request, collectionId: collection.id });
    expect(rerank).toEqual({ reranker: 'lexical-overlap', applied: true });
    const head = fused.slice(0, 3);
    const scores = await reranker.score(
      QUERY,
      head.map((r) => r.text),
    );
    const expectedHead = head
      .map((r, i) => ({ id: r.chunkId, score: scores[i] as number, i }))
      .sort((a, b) => b.score - a.score || a.i - b.i)
      .map((r) => r.id);
    expect(results.map((r) => r.chunkId)).toEqual([...expectedHead, ...fused.slice(3).map((r) => r.chunkId)]);
    expect(results.slice(0, 3).map((r) => r.rerankScore)).toEqual([...scores].sort((a, b) => b - a));
    expect(results.slice(3).every((r) => r.rerankScore === undefined)).toBe(true);
  });

  it('asks the reranker for max(k, top N) candidates and returns k', async () => {
    const service = new SearchService({
      db,
      embedder,
      indexes,
      reranker: createLexicalReranker(),
      rerankTopN: 5,
    });
    const { results } = await service.search({ ...request, k: 2, collectionId: collection.id });
    expect(results).toHaveLength(2);
    // The best of the five candidates by the reranker, not the best two of the fused list's two.
    const five = (
      await new SearchService({ db, embedder, indexes }).search({ ...request, collectionId: collection.id })
    ).results;
    const scores = await createLexicalReranker().score(
      QUERY,
      five.map((r) => r.text),
    );
    const best = five[scores.indexOf(Math.max(...scores))];
    expect(results[0]?.chunkId).toBe(best?.chunkId);
  });

  it('keeps the fused order and warns when the reranker cannot be reached', async () => {
    const warnings: unknown[] = [];
    const logger = {
      ...silentLogger,
      warn: (details: object | string) => void warnings.push(details),
    };
    // Nothing listens on port 9: a real connection failure, not a stand-in.
    const reranker = createRemoteReranker({ url: 'http://127.0.0.1:9', maxRetries: 0 });
    const service = new SearchService({ db, embedder, indexes, reranker, logger });
    const { results, rerank } = await service.search({ ...request, collectionId: collection.id });
    const fused = (
      await new SearchService({ db, embedder, indexes }).search({ ...request, collectionId: collection.id })
    ).results;
    expect(rerank).toEqual({ reranker: reranker.id, applied: false });
    expect(results.map((r) => [r.chunkId, r.score])).toEqual(fused.map((r) => [r.chunkId, r.score]));
    expect(warnings).toEqual([
      expect.objectContaining({ error: expect.stringContaining('reranker_unavailable') }),
    ]);
  });
});

describe('a query in a language the embedder does not read (Chinese retrieval round of #15)', () => {
  const LATE_FEE = '物业费晚交几天 滞纳金按多少算';

  it('ranks a Chinese hybrid search by BM25 alone on USE-lite, and keeps the vector elsewhere', async () => {
    const zh = await new CollectionsRepo(db).create({
      tenantId: 'default',
      name: 'zh',
      embedderId: embedder.id,
      embeddingDimension: embedder.dimension,
    });
    await ingestTexts(zh, [
      '# 物业费\n\n物业费按季度收取。逾期缴纳的，每日按应缴金额的万分之五收取滞纳金。',
      '# 车位\n\n车位月租每月400元，临时停车每小时5元。',
      '# 装修\n\n周六、周日禁止进行电钻、切割等噪音作业。',
    ]);
    const ask = (service: SearchService, query: string, mode: 'hybrid' | 'bm25' | 'vector', id = zh.id) =>
      service.search({ tenantId: 'default', collectionId: id, query, k: 3, mode }).then((r) => r.results);
    const service = new SearchService({ db, embedder, indexes });
    const hybrid = await ask(service, LATE_FEE, 'hybrid');
    expect(hybrid.map((r) => [r.chunkId, r.score])).toEqual(
      (await ask(service, LATE_FEE, 'bm25')).map((r) => [r.chunkId, r.score]),
    );
    expect(hybrid.every((r) => r.ranks.vector === undefined)).toBe(true);
    expect(hybrid[0]?.text).toContain('万分之五');
    // An English query, a search asked in vector mode, and an embedder that states no languages keep
    // the vector list.
    expect(
      (await ask(service, QUERY, 'hybrid', collection.id)).some((r) => r.ranks.vector !== undefined),
    ).toBe(true);
    expect((await ask(service, LATE_FEE, 'vector')).every((r) => r.ranks.vector !== undefined)).toBe(true);
    const anyLanguage: Embedder = {
      id: embedder.id,
      dimension: embedder.dimension,
      embed: (texts, options) => embedder.embed(texts, options),
      close: async () => {},
    };
    const keeps = await ask(new SearchService({ db, embedder: anyLanguage, indexes }), LATE_FEE, 'hybrid');
    expect(keeps.some((r) => r.ranks.vector !== undefined)).toBe(true);
  });
});
