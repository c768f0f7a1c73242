import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient, handbook, type JobView } from './ingestion-lifecycle-client';
import { removeTestData, startTestServer, type TestServer } from './test-server';

/**
 * Issue #12: one upload took the server from 0.8 to 3.8 GB and queued 52,000 chunks. Per-document
 * limits, set low here through the real settings, fail such a document in its job, with the
 * reason on the document, before anything is embedded or stored.
 */
let server: TestServer;
let api: ApiClient;
let collectionId: string;
const utf8 = (text: string) => new TextEncoder().encode(text);

interface UploadBody {
  document: { id: string };
  job: { id: string } | null;
}
interface DocumentView {
  status: string;
  error: { code: string; message: string } | null;
}

async function ingest(text: string, filename: string) {
  const response = await api.upload<UploadBody>(`/v1/collections/${collectionId}/documents`, {
    bytes: utf8(text),
    filename,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  const job: JobView = await api.waitForJob(response.body.job!.id);
  const id = response.body.document.id;
  const document = (await api.request<DocumentView>('GET', `/v1/collections/${collectionId}/documents/${id}`))
    .body;
  const { rows } = await server.container.db.query<{ n: number | string }>(
    'select count(*) as n from chunks where document_id = $1',
    [id],
  );
  return { job, document, storedChunks: Number(rows[0]?.n) };
}

beforeAll(async () => {
  server = await startTestServer({ MAX_DOCUMENT_CHUNKS: '5', MAX_DOCUMENT_CHARS: '20000' });
  api = await apiClient(server);
  const created = await api.request<{ id: string }>('POST', '/v1/collections', { name: 'limits' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  collectionId = created.body.id;
});

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

describe('per-document limits (issue #12)', () => {
  it('issue #12: a document over MAX_DOCUMENT_CHUNKS fails with document_too_large, nothing embedded or stored', async () => {
    const { job, document, storedChunks } = await ingest(handbook(12, 'gamma'), 'handbook.md');
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^document_too_large: /);
    expect(job.attempts).toBe(1); // final: a retry would split the same way
    // The last stage reported is chunking: the embedder never saw a chunk.
    expect(job.progress).toMatchObject({ stage: 'chunking' });
    expect(document.status).toBe('failed');
    expect(document.error?.code).toBe('document_too_large');
    expect(document.error?.message).toMatch(
      /splits into 1\d chunks, over the limit of 5 \(MAX_DOCUMENT_CHUNKS\)/,
    );
    expect(storedChunks).toBe(0);
  });

  it('issue #12: a document over MAX_DOCUMENT_CHARS fails with document_too_large naming the setting', async () => {
    const paragraphs = Array.from(
      { length: 250 },
      (_, i) => `Paragraph ${i} of the annual report notes that revenue grew in office ${i} again this year.`,
    );
    const text = paragraphs.join('\n\n');
    expect(text.length).toBeGreaterThan(20_000);
    const { job, document, storedChunks } = await ingest(text, 'report.txt');
    expect(job.status).toBe('failed');
    expect(document).toMatchObject({ status: 'failed', error: { code: 'document_too_large' } });
    expect(document.error?.message).toMatch(/over the limit of 20,000 \(MAX_DOCUMENT_CHARS\)/);
    expect(storedChunks).toBe(0);
  });

  it('issue #12: a document within both limits still becomes ready', async () => {
    const { job, document, storedChunks } = await ingest(handbook(2, 'delta'), 'handbook.md');
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(document.status).toBe('ready');
    expect(storedChunks).toBeGreaterThan(0);
    expect(storedChunks).toBeLessThanOrEqual(5);
  });
});
