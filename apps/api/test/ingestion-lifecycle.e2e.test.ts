import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Collection, CollectionsRepo, DocumentsRepo } from '@grounded/documents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer } from '../src/container';
import { createLogger } from '../src/logger';
import {
  type ApiClient,
  apiClient,
  handbook,
  type JobView,
  type SearchHitView,
  sharedDataOf,
} from './ingestion-lifecycle-client';
import { removeTestData, startTestServer, type TestServer } from './test-server';

/**
 * Issue #3 document lifecycle through the HTTP API on real parts (real parser, USE-lite, HNSW,
 * BM25; PGlite, or Postgres/Redis when DATABASE_URL/REDIS_URL are set): re-upload, edit, delete,
 * search fields and filters, crash and stale-index recovery.
 */
let server: TestServer;
let api: ApiClient;
let collectionId: string;
const MODES = ['bm25', 'vector', 'hybrid'] as const;
const utf8 = (text: string) => new TextEncoder().encode(text);

interface DocumentView {
  id: string;
  status: string;
  jobId: string | null;
}
interface UploadBody {
  document: DocumentView;
  job: JobView | null;
  duplicate: boolean;
}

async function chunkRows(documentId: string): Promise<{ id: string; created_at: string; text: string }[]> {
  const { rows } = await server.container.db.query<{ id: string; created_at: Date | string; text: string }>(
    'select id, created_at, text from chunks where document_id = $1 order by id',
    [documentId],
  );
  return rows.map((row) => ({ ...row, created_at: new Date(row.created_at).toISOString() }));
}

async function scalar(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await server.container.db.query<{ n: string | number | null }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

async function collection(): Promise<Collection> {
  return new CollectionsRepo(server.container.db).get('default', collectionId);
}

async function uploadText(text: string, filename: string, fields: Record<string, string> = {}) {
  return api.upload<UploadBody>(
    `/v1/collections/${collectionId}/documents`,
    { bytes: utf8(text), filename, type: filename.endsWith('.md') ? 'text/markdown' : 'text/plain' },
    fields,
  );
}

async function ingest(text: string, filename: string, fields: Record<string, string> = {}) {
  const response = await uploadText(text, filename, fields);
  expect(response.status).toBe(202);
  const job = await api.waitForJob(response.body.job!.id);
  expect(job.status, job.error ?? '').toBe('succeeded');
  return { documentId: response.body.document.id, job };
}

async function jsonDocument(body: Record<string, unknown>): Promise<string> {
  const response = await api.request<UploadBody>('POST', `/v1/collections/${collectionId}/documents`, body);
  expect(response.status).toBe(202);
  const job = await api.waitForJob(response.body.job!.id);
  expect(job.status, job.error ?? '').toBe('succeeded');
  return response.body.document.id;
}

async function search(query: string, mode: string, k = 10, filter?: Record<string, unknown>) {
  const response = await api.search(collectionId, { query, mode, k, ...(filter ? { filter } : {}) });
  expect(response.status).toBe(200);
  return response.body.results;
}

async function restartWith(prepare?: () => Promise<void>): Promise<void> {
  const shared = sharedDataOf(server);
  await server.stop();
  await prepare?.();
  server = await startTestServer({}, shared);
  api.use(server);
}

const EDITED = handbook(50, 'gamma');
const EDITED_TEXT =
  'Section twenty-five was rewritten: travel requests now need a signed approval from the regional controller.';

beforeAll(async () => {
  server = await startTestServer();
  api = await apiClient(server);
  const created = await api.request<{ id: string }>('POST', '/v1/collections', { name: 'lifecycle' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  collectionId = created.body.id;
});

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

describe('re-upload and edit (issue #3)', () => {
  let handbookId: string;
  let firstJob: JobView;
  let rowsBefore: { id: string; created_at: string; text: string }[];

  it('re-uploading the same bytes changes nothing: 200, same document, no new job, same rows', async () => {
    const first = await ingest(EDITED, 'gamma.md');
    handbookId = first.documentId;
    firstJob = first.job;
    rowsBefore = await chunkRows(handbookId);
    expect(rowsBefore.length).toBeGreaterThanOrEqual(50);
    const seqBefore = await scalar('select max(seq) as n from chunk_changes');
    const jobsBefore = await scalar('select count(*) as n from jobs');

    const again = await uploadText(EDITED, 'renamed-copy.md');
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(again.body.document.id).toBe(handbookId);
    expect(again.body.job?.id).toBe(firstJob.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const job = (await api.request<JobView>('GET', `/v1/jobs/${firstJob.id}`)).body;
    expect(job).toMatchObject({
      status: 'succeeded',
      attempts: firstJob.attempts,
      finishedAt: firstJob.finishedAt,
    });
    expect(await scalar('select count(*) as n from jobs')).toBe(jobsBefore);
    expect(await scalar('select max(seq) as n from chunk_changes')).toBe(seqBefore);
    expect(await chunkRows(handbookId)).toEqual(rowsBefore);
  });

  it('PUT with one paragraph edited re-embeds only the changed chunk; unchanged rows survive', async () => {
    const edited = handbook(50, 'gamma', { section: 25, text: EDITED_TEXT });
    const put = await api.upload<UploadBody>(
      `/v1/collections/${collectionId}/documents/${handbookId}`,
      { bytes: utf8(edited), filename: 'gamma.md', type: 'text/markdown' },
      {},
      'PUT',
    );
    expect(put.status).toBe(202);
    expect(put.body.document.id).toBe(handbookId);
    const job = await api.waitForJob(put.body.job!.id);
    expect(job.status, job.error ?? '').toBe('succeeded');
    const result = job.result as { chunks: number; embedded: number; reused: number; removed: number };
    expect(result.chunks).toBe(rowsBefore.length);
    expect(result.embedded).toBeGreaterThanOrEqual(1);
    expect(result.embedded).toBeLessThanOrEqual(3);
    expect(result.reused).toBe(result.chunks - result.embedded);
    expect(result.removed).toBe(result.embedded);

    const rowsAfter = await chunkRows(handbookId);
    const after = new Map(rowsAfter.map((row) => [row.id, row]));
    const survived = rowsBefore.filter((row) => after.has(row.id));
    expect(survived.length).toBe(rowsBefore.length - result.removed);
    // Same ids and the same creation times: updated in place, never deleted and re-inserted.
    for (const row of survived) expect(after.get(row.id)).toEqual(row);
    const gone = rowsBefore.filter((row) => !after.has(row.id));
    expect(gone.some((row) => row.text.includes('Rule 25 of the gamma handbook'))).toBe(true);
    expect(rowsAfter.some((row) => row.text.includes('regional controller'))).toBe(true);

    const hits = await search('signed approval from the regional controller', 'hybrid', 3);
    expect(hits[0]?.text).toContain('regional controller');
    const old = await search('Rule 25 of the gamma handbook request number 175', 'bm25', 50);
    for (const row of gone) expect(old.map((hit) => hit.chunkId)).not.toContain(row.id);
  });
});

describe('delete (issue #3)', () => {
  const SECRET =
    'The decommissioned Zephyrine archive stores quarterly vortex telemetry for the Osterwald turbine farm.';

  it('returns a receipt of the removed chunks and removes them from Postgres, HNSW and BM25 at once', async () => {
    const text = `# Zephyrine archive\n\n${SECRET}\n\n## Retention\n\nVortex telemetry older than nine years is purged every Zephyrine cycle.`;
    const { documentId } = await ingest(text, 'zephyrine.md');
    const chunks = await api.request<{ items: { id: string }[] }>(
      'GET',
      `/v1/collections/${collectionId}/documents/${documentId}/chunks`,
    );
    const ids = chunks.body.items.map((item) => item.id).sort();
    expect(ids.length).toBeGreaterThan(0);
    for (const mode of MODES) {
      const hits = await search(SECRET, mode, 5);
      expect(hits[0]?.documentId, mode).toBe(documentId);
    }

    const receipt = await api.request<{ chunksRemoved: string[]; removedFrom: string[]; documentId: string }>(
      'DELETE',
      `/v1/collections/${collectionId}/documents/${documentId}`,
    );
    expect(receipt.status).toBe(200);
    expect(receipt.body.documentId).toBe(documentId);
    expect([...receipt.body.chunksRemoved].sort()).toEqual(ids);
    expect(receipt.body.removedFrom).toEqual(expect.arrayContaining(['postgres:chunks', 'hnsw', 'bm25']));

    expect(await scalar('select count(*) as n from chunks where id = any($1::text[])', [ids])).toBe(0);
    const index = await server.container.indexes.ready(await collection());
    for (const id of ids) expect(index.has(id)).toBe(false);
    // The raw index (no Postgres post-filter) no longer knows the text in either retriever.
    const [vector] = await server.container.embedder.embed([SECRET]);
    for (const mode of MODES) {
      const raw = index.search({ mode, query: SECRET, queryVector: vector!, k: 100 });
      expect(
        raw.filter((hit) => ids.includes(hit.chunkId)),
        mode,
      ).toEqual([]);
      const hits = await search(SECRET, mode, 100);
      expect(
        hits.filter((hit) => hit.documentId === documentId),
        mode,
      ).toEqual([]);
    }
    const missing = await api.request('GET', `/v1/collections/${collectionId}/documents/${documentId}`);
    expect(missing.status).toBe(404);
  });
});

describe('search results and filters (issue #3)', () => {
  let alpha: string;
  let beta: string;
  const QUERY = 'expense reimbursement receipts deadline';

  beforeAll(async () => {
    const strong = Array.from(
      { length: 4 },
      (_, i) =>
        `## Expense reimbursement ${i + 1}\n\nExpense reimbursement requires itemised receipts; the expense reimbursement deadline for receipts is ${20 + i} days.`,
    ).join('\n\n');
    alpha = await jsonDocument({
      text: `# Sales expenses\n\n${strong}`,
      format: 'markdown',
      title: 'Sales expense policy',
      tags: ['policy', 'alpha'],
      metadata: { dept: 'sales', region: 'eu' },
      documentDate: '2024-03-01T00:00:00Z',
    });
    const weak = Array.from(
      { length: 8 },
      (_, i) =>
        `## Support topic ${i + 1}\n\nSupport staff log ticket ${i + 1}; any expense they incur follows the travel desk rules for office ${i + 1}.`,
    ).join('\n\n');
    beta = await jsonDocument({
      text: `# Support handbook\n\n${weak}`,
      format: 'markdown',
      title: 'Support handbook',
      tags: ['policy', 'beta'],
      metadata: { dept: 'support', region: 'us' },
      documentDate: '2025-09-01T00:00:00Z',
    });
  });

  it('returns chunk id, document id, score, ranks per retriever, heading path, page, span and text', async () => {
    const texts = new DocumentsRepo(server.container.db);
    for (const mode of MODES) {
      const hits = await search(QUERY, mode, 5);
      expect(hits.length, mode).toBe(5);
      expect(hits[0]?.documentId, mode).toBe(alpha);
      for (const hit of hits) {
        expect(hit.chunkId).toMatch(/\S/);
        expect(Number.isFinite(hit.score)).toBe(true);
        expect(hit.headingPath.length).toBeGreaterThan(0);
        expect(hit).toHaveProperty('page', null); // Markdown has no pages (PDF pages: formats test)
        const extracted = await texts.extractedText(hit.documentId);
        expect(extracted?.slice(hit.start, hit.end)).toBe(hit.text);
        if (mode === 'bm25') expect(hit.ranks.vector).toBeUndefined();
        if (mode === 'vector') expect(hit.ranks.bm25).toBeUndefined();
      }
      if (mode === 'bm25') expect(hits.map((hit) => hit.ranks.bm25)).toEqual([1, 2, 3, 4, 5]);
      if (mode === 'vector') expect(hits.map((hit) => hit.ranks.vector)).toEqual([1, 2, 3, 4, 5]);
      expect(hits[0]?.headingPath[0]).toBe('Sales expenses');
      // Scores come out in rank order.
      const scores = hits.map((hit) => hit.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
    const hybrid = await search(QUERY, 'hybrid', 5);
    expect(hybrid.some((hit) => hit.ranks.bm25 !== undefined && hit.ranks.vector !== undefined)).toBe(true);
  });

  it('filters before top-k: excluding the best matches still returns k hits of the rest', async () => {
    const onlyBeta: Record<string, unknown>[] = [
      { tags: ['beta'] },
      { documentIds: [beta] },
      { metadata: { dept: 'support' } },
      { dateFrom: '2025-01-01T00:00:00Z' },
      { tags: ['policy'], metadata: { region: 'us' }, dateTo: '2026-01-01T00:00:00Z' },
    ];
    for (const filter of onlyBeta) {
      for (const mode of MODES) {
        const hits = await search(QUERY, mode, 5, filter);
        expect(hits.length, `${mode} ${JSON.stringify(filter)}`).toBe(5);
        expect(new Set(hits.map((hit) => hit.documentId)), `${mode} ${JSON.stringify(filter)}`).toEqual(
          new Set([beta]),
        );
      }
    }
    for (const mode of MODES) {
      const hits = await search(QUERY, mode, 5, {
        dateTo: '2024-12-31T00:00:00Z',
        metadata: { dept: 'sales' },
      });
      expect(new Set(hits.map((hit) => hit.documentId)), mode).toEqual(new Set([alpha]));
      expect(hits.length).toBe(4); // alpha has 4 sections (+ none shorter): all of them, no more
      const none = await search(QUERY, mode, 5, { tags: ['alpha', 'beta'] });
      expect(none, mode).toEqual([]);
    }
  });
});

describe('crash and stale-index recovery (issue #3)', () => {
  const QUERIES = [
    'request must be filed within days',
    'regional controller approval',
    'support ticket travel',
  ];

  async function snapshot(): Promise<Record<string, { chunkId: string; score: number }[]>> {
    const out: Record<string, { chunkId: string; score: number }[]> = {};
    for (const query of QUERIES) {
      for (const mode of MODES) {
        const hits: SearchHitView[] = await search(query, mode, 10);
        out[`${mode}:${query}`] = hits.map((hit) => ({ chunkId: hit.chunkId, score: hit.score }));
      }
    }
    return out;
  }

  function expectSameResults(
    actual: Record<string, { chunkId: string; score: number }[]>,
    expected: Record<string, { chunkId: string; score: number }[]>,
  ): void {
    for (const [key, hits] of Object.entries(expected)) {
      expect(
        actual[key]?.map((hit) => hit.chunkId),
        key,
      ).toEqual(hits.map((hit) => hit.chunkId));
      for (const [i, hit] of (actual[key] ?? []).entries())
        expect(hit.score, key).toBeCloseTo(hits[i]!.score, 5);
    }
  }

  const indexDir = () => path.join(server.container.config.indexDir, collectionId);

  it('rebuilds from Postgres with identical results when the persisted files are corrupt or missing', async () => {
    const before = await snapshot();
    expect(before[`hybrid:${QUERIES[0]}`]?.length).toBe(10);
    await restartWith(async () => {
      const files = await readdir(indexDir(), { recursive: true, withFileTypes: true });
      const regular = files.filter((file) => file.isFile());
      expect(regular.length).toBeGreaterThan(1);
      // A crash mid-write as seen by the next start: every file garbled in place.
      for (const file of regular) {
        const full = path.join(file.parentPath, file.name);
        const bytes = await readFile(full);
        await writeFile(full, bytes.subarray(0, Math.floor(bytes.length / 2)));
      }
    });
    expectSameResults(await snapshot(), before);

    await restartWith(() => rm(indexDir(), { recursive: true, force: true }));
    expectSameResults(await snapshot(), before);
    const index = await server.container.indexes.ready(await collection());
    expect(index.stats().chunks).toBe(
      await scalar('select count(*) as n from chunks where collection_id = $1', [collectionId]),
    );
  });

  it('a stale persisted index catches up from chunk_changes written by another process', async () => {
    const LATE = 'Late addendum: the Quillbrook warehouse accepts pallet returns only on Thursdays.';
    let lateId = '';
    let stateBefore = '';
    await restartWith(async () => {
      stateBefore = await readFile(path.join(indexDir(), 'state.json'), 'utf8');
      // Another process (a separate worker) ingests through the same services while we are down.
      const { config } = server.container;
      const other = await createContainer(config, createLogger('silent'));
      try {
        await other.queue.startWorker(other.jobHandlers, { concurrency: 1 });
        const outcome = await other.documents.upload({
          tenantId: 'default',
          collectionId,
          bytes: utf8(`# Addendum\n\n${LATE}`),
          filename: 'addendum.md',
          mimeType: 'text/markdown',
        });
        lateId = outcome.document.id;
        const deadline = Date.now() + 30_000;
        while ((await other.queue.get(outcome.job!.id))?.status !== 'succeeded') {
          if (Date.now() > deadline) throw new Error('the other process did not ingest the addendum');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        await other.close();
      }
    });
    expect(JSON.parse(stateBefore).lastSeq).toBeLessThan(
      await scalar('select max(seq) as n from chunk_changes where collection_id = $1', [collectionId]),
    );
    for (const mode of MODES) {
      const hits = await search(LATE, mode, 3);
      expect(hits[0]?.documentId, mode).toBe(lateId);
    }
    // Caught up from the change log, not rebuilt: a rebuild would have saved a new state at once.
    expect(await readFile(path.join(indexDir(), 'state.json'), 'utf8')).toBe(stateBefore);
    const index = await server.container.indexes.ready(await collection());
    expect(index.stats().chunks).toBe(
      await scalar('select count(*) as n from chunks where collection_id = $1', [collectionId]),
    );
  });
});
