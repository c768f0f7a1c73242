import { hasShared, sharedPath } from '@grounded/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient, sharedDataOf } from './ingestion-lifecycle-client';
import { removeTestData, startTestServer, type TestServer } from './test-server';

/**
 * Issue #3: a collection records the embedder and dimension that built it, and a server running
 * another embedder on the same data refuses to query or ingest it with 'embedder_mismatch'.
 * Server A runs the offline default (USE-lite); server B runs transformers.js on the tiny fixture
 * model. They take turns on the same database and data folder.
 */
const TRANSFORMERS = {
  EMBEDDER: 'transformers',
  MODELS_DIR: sharedPath('models', 'fixtures'),
  EMBEDDER_MODEL: 'local/tiny-random-bert',
};
// The fixture model lives in ../shared, which a fresh clone may lack: server B's tests skip without it.
const noFixtures = !hasShared('models', 'fixtures');
let server: TestServer;
let api: ApiClient;
let useCollection: string;
const utf8 = (text: string) => new TextEncoder().encode(text);

interface CollectionView {
  id: string;
  embedderId: string;
  embeddingDimension: number;
}
interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

async function switchTo(overrides: Record<string, string>): Promise<void> {
  const shared = sharedDataOf(server);
  await server.stop();
  server = await startTestServer(overrides, shared);
  api.use(server);
}

async function ingest(collectionId: string, text: string, filename: string): Promise<string> {
  const response = await api.upload<{ document: { id: string }; job: { id: string } }>(
    `/v1/collections/${collectionId}/documents`,
    { bytes: utf8(text), filename, type: 'text/plain' },
  );
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  const job = await api.waitForJob(response.body.job.id);
  expect(job.status, job.error ?? '').toBe('succeeded');
  return response.body.document.id;
}

async function documentCount(collectionId: string): Promise<number> {
  const { rows } = await server.container.db.query<{ n: string | number }>(
    'select count(*) as n from documents where collection_id = $1',
    [collectionId],
  );
  return Number(rows[0]?.n);
}

beforeAll(async () => {
  server = await startTestServer();
  api = await apiClient(server);
  const created = await api.request<CollectionView>('POST', '/v1/collections', { name: 'use-lite-built' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  useCollection = created.body.id;
});

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

describe('embedder identity (issue #3)', () => {
  const TEXT = 'Badge photos are retaken every three years at the security desk in building C.';

  it('a collection records the embedder id and dimension that built it', async () => {
    const shown = await api.request<CollectionView>('GET', `/v1/collections/${useCollection}`);
    expect(shown.body).toMatchObject({
      embedderId: server.container.embedder.id,
      embeddingDimension: server.container.embedder.dimension,
    });
    expect(shown.body.embedderId).toBe('use-lite');
    expect(shown.body.embeddingDimension).toBe(512);
    await ingest(useCollection, TEXT, 'badges.txt');
  });

  it.skipIf(noFixtures)(
    'a server with another embedder refuses queries and ingestion into it with embedder_mismatch (needs ../shared/models/fixtures)',
    async () => {
      await switchTo(TRANSFORMERS);
      const otherId = server.container.embedder.id;
      expect(otherId).not.toBe('use-lite');
      for (const mode of ['vector', 'hybrid']) {
        const refused = await api.search(useCollection, { query: 'badge photos', mode, k: 3 });
        expect(refused.status, mode).toBe(409);
        const body = refused.body as unknown as ErrorBody;
        expect(body.error.code).toBe('embedder_mismatch');
        expect(body.error.message).toContain('use-lite');
        expect(body.error.message).toContain(otherId);
      }
      // BM25 needs no query embedding, so it still answers from the same chunks.
      const lexical = await api.search(useCollection, {
        query: 'badge photos security desk',
        mode: 'bm25',
        k: 3,
      });
      expect(lexical.status).toBe(200);
      expect(lexical.body.results[0]?.text).toContain('Badge photos');

      // Ingestion is refused at upload, before anything is stored…
      const before = await documentCount(useCollection);
      const upload = await api.upload(`/v1/collections/${useCollection}/documents`, {
        bytes: utf8('Parking permits are renewed in January.'),
        filename: 'parking.txt',
      });
      expect(upload.status).toBe(409);
      expect((upload.body as unknown as ErrorBody).error.code).toBe('embedder_mismatch');
      expect(await documentCount(useCollection)).toBe(before);
      // …and a worker with the wrong embedder refuses the job too (a document enqueued elsewhere).
      const queued = await server.container.documents.upload({
        tenantId: 'default',
        collectionId: useCollection,
        bytes: utf8('Lockers are cleared on the last Friday of each month.'),
        filename: 'lockers.txt',
      });
      const job = await api.waitForJob(queued.job!.id);
      expect(job.status).toBe('failed');
      expect(job.error).toMatch(/^embedder_mismatch: /);
      const { rows } = await server.container.db.query<{ n: string | number }>(
        'select count(*) as n from chunks where document_id = $1',
        [queued.document.id],
      );
      expect(Number(rows[0]?.n)).toBe(0);
    },
  );

  it.skipIf(noFixtures)(
    'a collection built by the other embedder records it, and the default server refuses it in turn (needs ../shared/models/fixtures)',
    async () => {
      const created = await api.request<CollectionView>('POST', '/v1/collections', { name: 'bert-built' });
      expect(created.status).toBe(201);
      expect(created.body.embedderId).toBe(server.container.embedder.id);
      expect(created.body.embeddingDimension).toBe(server.container.embedder.dimension);
      expect(created.body.embeddingDimension).not.toBe(512);
      await ingest(created.body.id, TEXT, 'badges.txt');
      const ok = await api.search(created.body.id, { query: 'badge photos', mode: 'vector', k: 1 });
      expect(ok.status).toBe(200);
      expect(ok.body.results).toHaveLength(1);

      await switchTo({});
      const refused = await api.search(created.body.id, { query: 'badge photos', mode: 'vector', k: 1 });
      expect(refused.status).toBe(409);
      expect((refused.body as unknown as ErrorBody).error.code).toBe('embedder_mismatch');
      const upload = await api.upload(`/v1/collections/${created.body.id}/documents`, {
        bytes: utf8('Visitors need an escort beyond the lobby.'),
        filename: 'visitors.txt',
      });
      expect(upload.status).toBe(409);
      // Its own collection still works on the default server.
      const own = await api.search(useCollection, { query: 'badge photos', mode: 'hybrid', k: 1 });
      expect(own.status).toBe(200);
      expect(own.body.results[0]?.text).toContain('Badge photos');
    },
  );
});
