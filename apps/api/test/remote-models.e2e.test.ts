import { hasShared, sharedPath } from '@grounded/core';
import { type ModelServer, startModelServer } from '@grounded/retrieval/testing';
import { SearchService } from '@grounded/search';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createReranker } from '../src/container';
import { chatSse, collectionWith, postJson } from './chat-test-helpers';
import { removeTestData, startTestServer, type TestServer } from './test-server';

/**
 * Issue #17, remote models end to end: the API runs with EMBEDDER=remote and RERANKER=remote,
 * both served by a real HTTP model server this test starts (OpenAI /v1/embeddings computed by a
 * hashing embedder, TEI /rerank scored by the lexical reranker). Documents are embedded through
 * it, search results come back in the reranker's order, chat retrieves through the same path,
 * and a reranker that fails leaves search and chat answering in the fused order.
 */

// Written so that BM25 (term frequency, length) and the reranker (coverage of the query's
// distinct terms) disagree: the short text repeating one term, and the long text naming all of
// them once, are ranked differently by the two.
const DOCS = [
  '# Password reset\n\nPassword reset: reset the password, reset it, then type the password again.',
  '# Accounts\n\nIn the profile area you can reset the account, the password and the avatar of your workspace, among many other settings that administrators and members change from time to time, such as language, time zone, notification frequency, theme, keyboard shortcuts and integrations with third-party tools.',
  '# Routers\n\nReset the router: hold the reset button, reset again if the light blinks.',
  '# Invoices\n\nInvoices are sent on the first day of each month.',
  '# Accounts again\n\nAccount account account: an account belongs to one workspace.',
];
const QUERY = 'reset account password';

interface SearchBody {
  results: Array<{ chunkId: string; text: string; score: number; rerankScore?: number }>;
  rerank?: { reranker: string; applied: boolean };
}

let models: ModelServer;
let server: TestServer;
let collectionId: string;
const logLines: string[] = [];

async function search(body: Record<string, unknown>): Promise<{ status: number; body: SearchBody }> {
  const response = await postJson(server, `/v1/collections/${collectionId}/search`, body);
  return { status: response.status, body: (await response.json()) as SearchBody };
}

/** The order the same search has without a reranker: the container's parts, minus the reranker. */
async function fusedOrder(k: number): Promise<string[]> {
  const { db, embedder, indexes } = server.container;
  const plain = new SearchService({ db, embedder, indexes });
  const { results } = await plain.search({
    tenantId: 'default',
    collectionId,
    query: QUERY,
    k,
    mode: 'hybrid',
  });
  return results.map((r) => r.chunkId);
}

beforeAll(async () => {
  models = await startModelServer({ behaviour: { dimension: 96 } });
  server = await startTestServer(
    {
      LOG_LEVEL: 'warn',
      EMBEDDER: 'remote',
      EMBEDDER_URL: models.embeddingsBaseUrl,
      EMBEDDER_MODEL: 'hashing-96',
      EMBEDDER_BATCH_SIZE: '2',
      RERANKER: 'remote',
      RERANKER_URL: models.origin,
      RERANKER_MAX_RETRIES: '1',
      RERANK_TOP_N: '10',
    },
    undefined,
    { write: (line: string) => void logLines.push(line) },
  );
  collectionId = await collectionWith(server, 'remote models', DOCS);
});

afterAll(async () => {
  if (server) {
    await server.stop();
    await removeTestData(server);
  }
  await models?.close();
});

describe('remote embedder and reranker through the API (issue #17)', () => {
  it('embeds the documents through the remote server, and records its identity on the collection', async () => {
    const embedded = models.requests.filter((r) => r.path === '/v1/embeddings');
    // The probe, then the chunks of five documents (in batches of at most 2) and no more.
    expect(embedded.length).toBeGreaterThan(5);
    expect(Math.max(...embedded.map((r) => r.batch))).toBeLessThanOrEqual(2);
    const response = await fetch(`${server.url}/v1/collections/${collectionId}`, { headers: server.auth });
    const collection = (await response.json()) as { embedderId: string; embeddingDimension: number };
    expect(collection.embedderId).toBe(`remote:${new URL(models.origin).host}/hashing-96`);
    expect(collection.embeddingDimension).toBe(96);
  });

  it('search returns the fused candidates in the reranker’s order', async () => {
    const before = models.requests.filter((r) => r.path === '/rerank').length;
    const { status, body } = await search({ query: QUERY, k: 5 });
    expect(status).toBe(200);
    expect(body.rerank).toEqual({ reranker: `remote-rerank:${new URL(models.origin).host}`, applied: true });
    const rerank = models.requests.filter((r) => r.path === '/rerank');
    expect(rerank.length).toBe(before + 1);
    expect(rerank.at(-1)?.body.query).toBe(QUERY);
    // Ordered by the scores the server computed, best first.
    const scores = body.results.map((r) => r.rerankScore as number);
    expect(scores.every(Number.isFinite)).toBe(true);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // The same candidates as the fused search, in another order: the reranker changed the ranking.
    const fused = await fusedOrder(5);
    const reranked = body.results.map((r) => r.chunkId);
    expect(new Set(reranked)).toEqual(new Set(fused));
    expect(reranked).not.toEqual(fused);
    // The passage covering every query term comes first, whatever BM25 thought of its length.
    expect(body.results[0]?.text).toContain('reset the account, the password');
  });

  it('chat retrieves through the reranker: its sources are the reranked results', async () => {
    const { results } = await server.container.search.search({
      tenantId: 'default',
      collectionId,
      query: QUERY,
      k: 5,
      mode: 'hybrid',
    });
    let sources: string[] = [];
    for await (const event of server.container.chat.answer({
      tenantId: 'default',
      collectionId,
      message: QUERY,
      topK: 5,
    })) {
      if (event.type === 'answer-end') sources = (event.sources ?? []).map((s) => s.chunkId);
    }
    expect(sources.length).toBeGreaterThan(0);
    expect(sources).toEqual(results.map((r) => r.chunkId).slice(0, sources.length));
    expect(sources).not.toEqual((await fusedOrder(5)).slice(0, sources.length));
  });

  it('a failing reranker degrades to the fused order with a warning; search and chat still answer', async () => {
    // RERANKER_MAX_RETRIES=1: two 500s exhaust the search's reranking, two more the chat's.
    models.behaviour.failPath = '/rerank';
    models.behaviour.failFirst = [500, 500];
    const warnedBefore = logLines.length;
    const { status, body } = await search({ query: QUERY, k: 5 });
    expect(status).toBe(200);
    expect(body.rerank?.applied).toBe(false);
    expect(body.results.map((r) => r.chunkId)).toEqual(await fusedOrder(5));
    expect(body.results.every((r) => r.rerankScore === undefined)).toBe(true);
    const warning = logLines.slice(warnedBefore).find((line) => line.includes('reranking failed'));
    expect(warning).toBeDefined();
    expect(JSON.parse(warning as string)).toMatchObject({
      level: 40,
      error: expect.stringContaining('reranker_unavailable'),
    });

    models.behaviour.failFirst = [503, 503];
    const chat = await chatSse(server, { collectionId, message: QUERY });
    expect(chat.status).toBe(200);
    expect(chat.events.find((e) => e.event === 'error')).toBeUndefined();
    expect(chat.events.find((e) => e.event === 'answer-end')).toBeDefined();
    expect(models.behaviour.failFirst).toEqual([]);
  });
});

describe('remote model settings', () => {
  it('EMBEDDER=remote needs EMBEDDER_URL and EMBEDDER_MODEL; each RERANKER needs its source', () => {
    expect(() => loadConfig({ EMBEDDER: 'remote', EMBEDDER_MODEL: 'm' })).toThrow(/EMBEDDER_URL/);
    expect(() => loadConfig({ EMBEDDER: 'remote', EMBEDDER_URL: 'http://tei:8080/v1' })).toThrow(
      /EMBEDDER_MODEL/,
    );
    expect(() => loadConfig({ RERANKER: 'remote' })).toThrow(/RERANKER_URL/);
    expect(() => loadConfig({ RERANKER: 'cross-encoder' })).toThrow(/RERANKER_MODEL/);
    expect(() => loadConfig({ EMBEDDER: 'remote', EMBEDDER_URL: 'ftp://x', EMBEDDER_MODEL: 'm' })).toThrow(
      /EMBEDDER_URL/,
    );
    const config = loadConfig({
      EMBEDDER: 'remote',
      EMBEDDER_URL: 'http://tei:8080/v1',
      EMBEDDER_MODEL: 'm',
    });
    expect(config).toMatchObject({
      RERANKER: 'none',
      RERANK_TOP_N: 20,
      EMBEDDER_BATCH_SIZE: 32,
      EMBEDDER_CONCURRENCY: 4,
      EMBEDDER_TIMEOUT_MS: 30_000,
      EMBEDDER_MAX_RETRIES: 3,
    });
    expect(config.EMBEDDER_DIMENSIONS).toBeUndefined();
  });
});

describe('the reranker the container builds', () => {
  it('is none by default, so search keeps its measured ranking', async () => {
    expect(await createReranker(loadConfig({}))).toBeNull();
  });

  it.skipIf(!hasShared('models', 'fixtures'))(
    'RERANKER=cross-encoder loads RERANKER_MODEL from MODELS_DIR (needs ../shared/models/fixtures)',
    async () => {
      const reranker = await createReranker(
        loadConfig({
          RERANKER: 'cross-encoder',
          RERANKER_MODEL: 'local/tiny-random-bert-reranker',
          MODELS_DIR: sharedPath('models', 'fixtures'),
        }),
      );
      try {
        expect(reranker?.id).toBe('hf-cross-encoder:local/tiny-random-bert-reranker');
        const scores = await reranker!.score(QUERY, ['a password reset', 'the weather']);
        expect(scores).toHaveLength(2);
        expect(scores.every(Number.isFinite)).toBe(true);
      } finally {
        await reranker?.close();
      }
    },
  );
});
