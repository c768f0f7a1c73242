import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient, type JobView } from './ingestion-lifecycle-client';
import { removeTestData, startTestServer, type TestServer } from './test-server';

/**
 * A tenant's admin is a customer, not the operator: no answer may tell them which machine or
 * process served it, where the data lives, or how to reach the database. The index report once
 * named the host and pid; this walks every GET route of the OpenAPI document (with ids that exist
 * where the test can make them) so that a new route cannot bring the leak back.
 */
let server: TestServer;
let client: ApiClient;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  client = await apiClient(server);
  const collection = await client.request<{ id: string }>('POST', '/v1/collections', { name: 'walk' });
  ids.collectionId = collection.body.id;
  const upload = await client.upload<{ document: { id: string }; job: { id: string } }>(
    `/v1/collections/${ids.collectionId}/documents`,
    {
      bytes: new TextEncoder().encode('# Returns\n\nItems can be returned within 30 days of delivery.\n'),
      filename: 'returns.md',
      type: 'text/markdown',
    },
  );
  ids.documentId = upload.body.document.id;
  ids.jobId = upload.body.job.id;
  const job: JobView = await client.waitForJob(ids.jobId);
  expect(job.status).toBe('succeeded');
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

/** Strings that name this machine, this process or its secrets. */
function hostMarkers(): string[] {
  const markers = [server.dataDir, process.cwd()];
  const host = hostname();
  // A very short host name would match ordinary words; real ones are longer.
  if (host.length >= 6) markers.push(host);
  for (const url of [process.env.DATABASE_URL, process.env.REDIS_URL]) if (url) markers.push(url);
  return markers;
}

describe('no route tells a tenant about the host', () => {
  it('walks every GET route and finds no host name, pid, data folder or database address', async () => {
    const doc = (
      await client.request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json')
    ).body;
    const paths = Object.entries(doc.paths)
      .filter(([, methods]) => 'get' in methods)
      .map(([path]) => path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => ids[name] ?? 'zz_missing'));
    expect(paths.length).toBeGreaterThan(20);
    // The route that leaked must be walked with a real collection, or the walk proves nothing.
    expect(paths).toContain(`/v1/collections/${ids.collectionId}/index`);

    const markers = hostMarkers();
    const leaks: string[] = [];
    let admitted = 0;
    for (const path of paths) {
      const response = await fetch(`${server.url}${path}`, { headers: server.auth });
      const text = await response.text();
      if (response.status < 400) admitted++;
      for (const marker of markers) if (text.includes(marker)) leaks.push(`${path}: contains ${marker}`);
      if (/"(pid|hostname|host)"\s*:/.test(text)) leaks.push(`${path}: has a pid or host field`);
    }
    expect(leaks).toEqual([]);
    // Most routes answered with content, not with a 404 for a made-up id.
    expect(admitted).toBeGreaterThan(paths.length / 2);
  }, 120_000);

  it('still lets the operator tell replicas apart: the report names an opaque instance id', async () => {
    const report = await client.request<{ instance: { id: string } }>(
      'GET',
      `/v1/collections/${ids.collectionId}/index`,
    );
    expect(report.status).toBe(200);
    expect(report.body.instance.id).toMatch(/^ins_[0-9a-f]{20}$/);
    const again = await client.request<{ instance: { id: string } }>(
      'GET',
      `/v1/collections/${ids.collectionId}/index`,
    );
    expect(again.body.instance.id).toBe(report.body.instance.id);
  });
});
