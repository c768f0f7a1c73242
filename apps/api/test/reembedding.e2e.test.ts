import { hasShared, sharedPath } from '@grounded/core';
import { ChunksRepo, IndexManager } from '@grounded/documents';
import { SearchService } from '@grounded/search';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient, handbook, type JobView } from './ingestion-lifecycle-client';
import { removeTestData, startTestServer, type TestServer } from './test-server';

/**
 * Issue #17: changing a collection's embedder re-embeds it in a background job while the old
 * index keeps serving, then swaps. With ../shared, the server's own embedder is transformers.js
 * on the tiny fixture model (32 dimensions, fast, so the collections fill quickly) and the target
 * is USE-lite (512 dimensions, slow enough on a small machine that the job runs for seconds while
 * the test searches). Without ../shared, only the request validation runs, on USE-lite. Runs on
 * PGlite and the in-process queue, or on Postgres and BullMQ when DATABASE_URL / REDIS_URL are set.
 */
const noFixtures = !hasShared('models', 'fixtures');
const TINY = { kind: 'transformers', model: 'local/tiny-random-bert' };
const TINY_ID = 'hf:local/tiny-random-bert';

interface CollectionView {
  id: string;
  embedderId: string;
  embeddingDimension: number;
  embedderSpec: { kind: string; model?: string } | null;
  reembedJobId: string | null;
}
interface ReembedView {
  job: JobView;
  target: { embedderId: string; dimension: number };
}
interface ErrorBody {
  error: { code: string; message: string };
}

let server: TestServer;
let api: ApiClient;
const utf8 = (text: string) => new TextEncoder().encode(text);

async function ingest(collectionId: string, text: string, filename: string): Promise<string> {
  const response = await api.upload<{ document: { id: string }; job: { id: string } }>(
    `/v1/collections/${collectionId}/documents`,
    { bytes: utf8(text), filename, type: 'text/markdown' },
  );
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  const job = await api.waitForJob(response.body.job.id, 120_000);
  expect(job.status, job.error ?? '').toBe('succeeded');
  return response.body.document.id;
}

async function createCollection(name: string): Promise<string> {
  const created = await api.request<CollectionView>('POST', '/v1/collections', { name });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

async function collection(id: string): Promise<CollectionView> {
  return (await api.request<CollectionView>('GET', `/v1/collections/${id}`)).body;
}

async function stagedVectors(collectionId: string): Promise<number> {
  const { rows } = await server.container.db.query<{ n: string | number }>(
    'select count(*) as n from reembedding_vectors where collection_id = $1',
    [collectionId],
  );
  return Number(rows[0]?.n);
}

/** Byte lengths of the collection's stored vectors: one entry per dimension in use. */
async function storedDimensions(collectionId: string): Promise<number[]> {
  const { rows } = await server.container.db.query<{ bytes: number }>(
    'select distinct octet_length(embedding) as bytes from chunks where collection_id = $1',
    [collectionId],
  );
  return rows.map((row) => Number(row.bytes) / 4).sort((a, b) => a - b);
}

/**
 * Searches the collection over and over, alternating vector and hybrid mode, until stopped;
 * every answer is recorded, so the test can assert none failed and none came back empty.
 */
function searchContinuously(collectionId: string, query: string, via?: SearchService) {
  let running = true;
  const failures: string[] = [];
  let count = 0;
  const loop = (async () => {
    while (running) {
      const mode = count % 2 === 0 ? 'vector' : 'hybrid';
      const request = via
        ? via
            .search({ tenantId: 'default', collectionId, query, mode, k: 3 })
            .then(({ results }) => ({ status: 200, body: { results } }))
        : api.search(collectionId, { query, mode, k: 3 });
      const response = await request.catch((error: unknown) => ({
        status: 0,
        body: { results: [] as unknown[], error: String(error) },
      }));
      count++;
      if (response.status !== 200)
        failures.push(`${mode}: ${response.status} ${JSON.stringify(response.body)}`);
      else if (response.body.results.length === 0) failures.push(`${mode}: no results`);
      // At most 10 a second: inside the API key's 600 a minute, now that a repeated query's
      // vector is cached and a search takes a few milliseconds.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    get count() {
      return count;
    },
    failures,
    async stop() {
      running = false;
      await loop;
    },
  };
}

beforeAll(async () => {
  // No per-key rate limit: the test polls the job every 25 ms beside ten searches a second, and on
  // a loaded machine the job ran long enough for that to pass 600 a minute (429s, not a re-embed
  // failure). Rate limits have tests of their own.
  server = await startTestServer(
    noFixtures
      ? { RATE_LIMIT_PER_MINUTE: '0' }
      : {
          EMBEDDER: 'transformers',
          EMBEDDER_MODEL: TINY.model,
          MODELS_DIR: sharedPath('models', 'fixtures'),
          RATE_LIMIT_PER_MINUTE: '0',
        },
  );
  api = await apiClient(server);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

describe('re-embedding requests are validated (issue #17)', () => {
  let id: string;
  beforeAll(async () => {
    id = await createCollection('reembed-validation');
  });

  it('refuses a kind the server cannot build, a path as a model, and the embedder it already has', async () => {
    const reembed = (embedder: unknown, collectionId = id) =>
      api.request<ErrorBody>('POST', `/v1/collections/${collectionId}/reembed`, { embedder });

    const unknown = await reembed({ kind: 'word2vec' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('validation_failed');
    const pathAsModel = await reembed({ kind: 'transformers', model: '../../etc/passwd' });
    expect(pathAsModel.status).toBe(400);
    expect((await reembed({ kind: 'use-lite', url: 'http://elsewhere' })).status).toBe(400);

    const missingModel = await reembed({ kind: 'transformers', model: 'local/no-such-model' });
    expect(missingModel.status).toBe(422);
    expect(missingModel.body.error.code).toBe('embedder_build_failed');
    if (noFixtures) {
      // EMBEDDER=use-lite here, so there is no configured model to fall back on.
      const noModel = await reembed({ kind: 'transformers' });
      expect(noModel.status).toBe(422);
      expect(noModel.body.error.code).toBe('embedder_build_failed');
    }

    const same = await reembed(noFixtures ? { kind: 'use-lite' } : TINY);
    expect(same.status).toBe(409);
    expect(same.body.error.code).toBe('conflict');
    expect(same.body.error.message).toContain(server.container.embedder.id);

    const missing = await reembed({ kind: 'use-lite' }, 'col_missing');
    expect(missing.status).toBe(404);
    // Nothing was queued or marked.
    expect((await collection(id)).reembedJobId).toBeNull();
  });
});

describe.skipIf(noFixtures)(
  're-embedding without downtime (issue #17) (needs ../shared/models/fixtures)',
  () => {
    let id: string;
    const QUERY = 'staff confirm the procedure with a reference code';

    beforeAll(async () => {
      id = await createCollection('reembed-live');
      for (const seed of ['travel', 'payroll', 'security']) {
        await ingest(id, handbook(30, seed), `${seed}.md`);
      }
    }, 300_000);

    it('cancel leaves the old index serving and drops the partial new one', async () => {
      expect(await collection(id)).toMatchObject({ embedderId: TINY_ID, embeddingDimension: 32 });
      const searches = searchContinuously(id, QUERY);
      let jobId = '';
      try {
        const started = await api.request<ReembedView>('POST', `/v1/collections/${id}/reembed`, {
          embedder: { kind: 'use-lite' },
        });
        expect(started.status, JSON.stringify(started.body)).toBe(202);
        jobId = started.body.job.id;
        // Cancel once some vectors are staged, so that there is a partial generation to clean up.
        const deadline = Date.now() + 60_000;
        while ((await stagedVectors(id)) === 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(await stagedVectors(id)).toBeGreaterThan(0);
        const cancelled = await api.request<JobView>('POST', `/v1/jobs/${jobId}/cancel`);
        expect(cancelled.status).toBe(200);
        expect(cancelled.body.status).toBe('cancelled');
        // The handler cleans up when it sees the abort.
        const cleanDeadline = Date.now() + 30_000;
        while (
          ((await stagedVectors(id)) > 0 || (await collection(id)).reembedJobId) &&
          Date.now() < cleanDeadline
        ) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const more = searches.count;
        while (searches.count < more + 4) await new Promise((resolve) => setTimeout(resolve, 20));
      } finally {
        await searches.stop();
      }
      expect(searches.failures, searches.failures.slice(0, 3).join('; ')).toEqual([]);
      expect((await api.waitForJob(jobId)).status).toBe('cancelled');
      expect(await stagedVectors(id)).toBe(0);
      expect(await collection(id)).toMatchObject({
        embedderId: TINY_ID,
        embeddingDimension: 32,
        embedderSpec: null,
        reembedJobId: null,
      });
      expect(await storedDimensions(id)).toEqual([32]);
      const index = await server.container.indexes.ready({ id, embedderId: TINY_ID, embeddingDimension: 32 });
      expect(index).toMatchObject({ embedderId: TINY_ID, dimension: 32 });
    }, 300_000);

    it('searches never fail or come back empty while the collection is re-embedded, and the swap takes the new embedder', async () => {
      expect(await storedDimensions(id)).toEqual([32]);
      // A second process serving the same collection (an API process beside the worker): its
      // index is not the one the job staged, so it builds its own after the swap, while its
      // old one keeps answering.
      const elsewhere = new IndexManager({ chunks: new ChunksRepo(server.container.db) });
      const otherProcess = new SearchService({
        db: server.container.db,
        embedder: server.container.embedder,
        embedders: server.container.embedders,
        indexes: elsewhere,
      });
      const elsewhereSearches = searchContinuously(id, QUERY, otherProcess);
      const searches = searchContinuously(id, QUERY);
      let during = 0;
      try {
        // Some searches on the old index first.
        while (searches.count < 3) await new Promise((resolve) => setTimeout(resolve, 20));
        const started = await api.request<ReembedView>('POST', `/v1/collections/${id}/reembed`, {
          embedder: { kind: 'use-lite' },
        });
        expect(started.status, JSON.stringify(started.body)).toBe(202);
        expect(started.body.target).toEqual({
          embedderId: 'use-lite',
          dimension: 512,
          spec: { kind: 'use-lite' },
        });
        const jobId = started.body.job.id;

        // One job at a time per collection.
        const second = await api.request<ErrorBody>('POST', `/v1/collections/${id}/reembed`, {
          embedder: { kind: 'use-lite' },
        });
        expect(second.status).toBe(409);
        expect(second.body.error.code).toBe('reembed_in_progress');

        // A document uploaded now is embedded by the old embedder, and must still come out of the
        // swap with a vector of the new one, findable in the new index.
        const late = await api.upload<{ job: { id: string } }>(`/v1/collections/${id}/documents`, {
          bytes: utf8('# Parking\n\nParking permits for the zeppelin hangar are renewed every January.'),
          filename: 'parking.md',
          type: 'text/markdown',
        });
        expect(late.status).toBe(202);

        // Progress is visible through the jobs API while it runs, and searches keep answering.
        const seen: Array<Record<string, unknown>> = [];
        let job: JobView;
        const before = searches.count;
        for (;;) {
          job = (await api.request<JobView>('GET', `/v1/jobs/${jobId}`)).body;
          if (job.status === 'running') seen.push(job.progress);
          if (['succeeded', 'failed', 'cancelled'].includes(job.status)) break;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        during = searches.count - before;
        expect(job.status, job.error ?? '').toBe('succeeded');
        expect(job.result).toMatchObject({ status: 'swapped', embedderId: 'use-lite', dimension: 512 });
        const partial = seen.filter(
          (p) => typeof p.done === 'number' && typeof p.total === 'number' && p.done > 0 && p.done < p.total,
        );
        expect(partial.length, JSON.stringify(seen)).toBeGreaterThan(0);
        expect(job.progress).toMatchObject({ stage: 'swapped' });
        expect(job.progress.done).toBe(job.progress.total);

        const lateJob = await api.waitForJob(late.body.job.id, 120_000);
        expect(lateJob.status, lateJob.error ?? '').toBe('succeeded');
        // Searches keep running a while on the new index.
        const after = searches.count;
        while (searches.count < after + 4) await new Promise((resolve) => setTimeout(resolve, 20));
      } finally {
        await searches.stop();
        await elsewhereSearches.stop();
      }
      expect(searches.failures, searches.failures.slice(0, 3).join('; ')).toEqual([]);
      expect(elsewhereSearches.failures, elsewhereSearches.failures.slice(0, 3).join('; ')).toEqual([]);
      expect(elsewhereSearches.count).toBeGreaterThan(3);
      // The other process swaps too, once its own new index is built.
      const rebuilt = await elsewhere.ready(
        { id, embedderId: 'use-lite', embeddingDimension: 512 },
        { current: true },
      );
      expect(rebuilt).toMatchObject({ embedderId: 'use-lite', dimension: 512 });
      // Searches ran while the job did, not only before and after it.
      expect(during).toBeGreaterThan(3);

      // The collection reports the new embedder, every stored vector is of it, the staged ones are gone.
      const now = await collection(id);
      expect(now).toMatchObject({
        embedderId: 'use-lite',
        embeddingDimension: 512,
        embedderSpec: { kind: 'use-lite' },
        reembedJobId: null,
      });
      expect(await storedDimensions(id)).toEqual([512]);
      expect(await stagedVectors(id)).toBe(0);
      // Search runs on the new index, with query vectors of the new embedder (a 32-dimension query
      // vector would be refused by a 512-dimension index).
      const index = await server.container.indexes.ready({
        id,
        embedderId: 'use-lite',
        embeddingDimension: 512,
      });
      expect(index).toMatchObject({ embedderId: 'use-lite', dimension: 512 });
      const vector = await api.search(id, { query: QUERY, mode: 'vector', k: 3 });
      expect(vector.status, JSON.stringify(vector.body)).toBe(200);
      expect(vector.body.results.length).toBe(3);
      // The document ingested during the re-embedding is in the new index.
      const parking = await api.search(id, {
        query: 'zeppelin hangar parking permits',
        mode: 'hybrid',
        k: 3,
      });
      expect(parking.status).toBe(200);
      expect(parking.body.results[0]?.text).toContain('zeppelin hangar');
      // Documents ingested now are embedded by the new embedder, though the server's own is another.
      expect(server.container.embedder.id).toBe(TINY_ID);
      await ingest(id, '# Canteen\n\nThe canteen serves soup on Tuesdays.', 'canteen.md');
      expect(await storedDimensions(id)).toEqual([512]);
      const canteen = await api.search(id, { query: 'canteen soup', mode: 'hybrid', k: 1 });
      expect(canteen.body.results[0]?.text).toContain('soup on Tuesdays');
    }, 300_000);

    it('a restart in the middle resumes the job: what was staged is not embedded again', async () => {
      const other = await createCollection('reembed-restart');
      await ingest(other, handbook(30, 'archive'), 'archive.md');
      const started = await api.request<ReembedView>('POST', `/v1/collections/${other}/reembed`, {
        embedder: { kind: 'use-lite' },
      });
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      const deadline = Date.now() + 60_000;
      while ((await stagedVectors(other)) < 8 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // A shutdown aborts the job without cancelling it: its staged vectors stay for the next run.
      server = await server.restart();
      api.use(server);
      const before = await stagedVectors(other);
      expect(before).toBeGreaterThanOrEqual(8);
      expect((await collection(other)).embedderId).toBe(TINY_ID);
      const search = await api.search(other, { query: 'archive procedure', mode: 'vector', k: 3 });
      expect(search.body.results.length).toBe(3);

      const job = await api.waitForJob(started.body.job.id, 240_000);
      expect(job.status, job.error ?? '').toBe('succeeded');
      const result = job.result as { status: string; chunks: number; embedded: number };
      expect(result.status).toBe('swapped');
      // The run after the restart embedded only the chunks the first run had not staged.
      expect(result.embedded).toBeLessThanOrEqual(result.chunks - before);
      expect(await collection(other)).toMatchObject({ embedderId: 'use-lite', embeddingDimension: 512 });
      expect(await storedDimensions(other)).toEqual([512]);
      expect(await stagedVectors(other)).toBe(0);
    }, 300_000);
  },
);
