import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ApiProcess,
  baseEnv,
  createKeyWithCli,
  dropSchema,
  freePort,
  hasPostgresBinaries,
  hasRedisServer,
  isRunning,
  startApi,
  stop,
  TestPostgres,
  TestRedis,
  waitFor,
} from './processes';

/**
 * Issue #7 reliability, part 3: the API as a real process, on a Redis and then a PostgreSQL that
 * the test owns and stops (never the shared ones). While a dependency is down, the requests that
 * need it answer 503 with a clear code, quickly; liveness stays up and readiness says why; after
 * the dependency is back the same process serves again, without a restart.
 */
const faults = { injected: 0 };

interface Client {
  url: string;
  auth: Record<string, string>;
}

async function call(
  client: Client,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = Date.now();
  const response = await fetch(`${client.url}${route}`, {
    method,
    headers: { ...client.auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, ms: Date.now() - started };
}

/** A 503 or readiness body names no address of the dependency that is down (the log does). */
function expectNoAddress(body: unknown, port: number, what: string): void {
  const text = JSON.stringify(body);
  for (const marker of [`:${port}`, 'ECONNREFUSED', '127.0.0.1', 'localhost']) {
    expect(text, `${what} names ${marker}`).not.toContain(marker);
  }
}

async function waitForDocument(client: Client, collectionId: string, documentId: string): Promise<string> {
  return waitFor(
    `document ${documentId} to be ingested`,
    async () => {
      const { status, body } = await call(
        client,
        'GET',
        `/v1/collections/${collectionId}/documents/${documentId}`,
      );
      if (status !== 200) return false;
      if (body.status === 'failed') throw new Error(`ingestion failed: ${JSON.stringify(body)}`);
      return body.status === 'ready' ? 'ready' : false;
    },
    60_000,
    200,
  );
}

function errorCode(body: Record<string, unknown>): unknown {
  return (body.error as { code?: unknown } | undefined)?.code;
}

describe.skipIf(!hasRedisServer())('Redis outage', () => {
  const suffix = randomBytes(4).toString('hex');
  const schema = `t_redis_out_${suffix}`;
  let dataDir: string;
  let redis: TestRedis;
  let api: ApiProcess | undefined;

  afterAll(async () => {
    await stop(api);
    await redis?.stop();
    if (process.env.DATABASE_URL) await dropSchema(process.env.DATABASE_URL, schema);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 queue_unavailable for uploads while Redis is down, and recovers without a restart', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'grounded-redis-outage-'));
    redis = new TestRedis(await freePort());
    await redis.start();
    const env = baseEnv({
      DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      QUEUE_NAME: `test-outage-${suffix}`,
      // Postgres when the suite has one (own schema), else the embedded database.
      ...(process.env.DATABASE_URL
        ? { DATABASE_URL: process.env.DATABASE_URL, DATABASE_SCHEMA: schema }
        : {}),
    });
    const key = await createKeyWithCli(env);
    // Rate limits stay on: their Redis counter must not turn the outage into errors or hangs.
    api = await startApi(env);
    const client = { url: api.url, auth: { authorization: `Bearer ${key}` } };

    const collection = await call(client, 'POST', '/v1/collections', { name: 'outage' });
    expect(collection.status).toBe(201);
    const collectionId = String(collection.body.id);
    const before = await call(client, 'POST', `/v1/collections/${collectionId}/documents`, {
      text: 'Before the outage the warehouse ships parcels every Monday.',
    });
    expect(before.status).toBe(202);
    await waitForDocument(client, collectionId, (before.body.document as { id: string }).id);
    expect((await call(client, 'GET', '/ready')).status).toBe(200);

    await redis.stop();
    faults.injected++;
    // Queue-backed requests: a clear 503, fast, every time (not only the first).
    for (let i = 0; i < 3; i++) {
      const refused = await call(client, 'POST', `/v1/collections/${collectionId}/documents`, {
        text: `During the outage, attempt ${i}: the billing system refunds invoices.`,
      });
      expect(refused.status, JSON.stringify(refused.body)).toBe(503);
      expect(errorCode(refused.body)).toBe('queue_unavailable');
      expectNoAddress(refused.body, redis.port, 'the 503');
      expect(refused.ms).toBeLessThan(10_000);
    }
    // Liveness stays up; readiness says the queue is the problem.
    expect((await call(client, 'GET', '/health')).status).toBe(200);
    const ready = await call(client, 'GET', '/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('not_ready');
    expectNoAddress(ready.body, redis.port, '/ready');
    expect(ready.ms).toBeLessThan(10_000);
    const checks = ready.body.checks as Record<string, { ok: boolean }>;
    expect(
      Object.entries(checks)
        .filter(([, check]) => !check.ok)
        .map(([name]) => name),
    ).toEqual(['queue:bullmq']);
    // What does not need the queue still works: reads and search (rate limiter included).
    expect((await call(client, 'GET', `/v1/collections/${collectionId}`)).status).toBe(200);
    const search = await call(client, 'POST', `/v1/collections/${collectionId}/search`, { query: 'parcels' });
    expect(search.status).toBe(200);
    expect((search.body.results as unknown[]).length).toBeGreaterThan(0);

    await redis.start();
    await waitFor(
      'the API to be ready again',
      async () => (await call(client, 'GET', '/ready')).status === 200,
      30_000,
      250,
    );
    const after = await call(client, 'POST', `/v1/collections/${collectionId}/documents`, {
      text: 'After the outage the support team escalates damaged items.',
    });
    expect(after.status, JSON.stringify(after.body)).toBe(202);
    await waitForDocument(client, collectionId, (after.body.document as { id: string }).id);
    // The client retries what was refused with 503: it is queued now and ingested, not answered
    // "duplicate" for a document that no job will ever ingest.
    const retried = await call(client, 'POST', `/v1/collections/${collectionId}/documents`, {
      text: 'During the outage, attempt 0: the billing system refunds invoices.',
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    await waitForDocument(client, collectionId, (retried.body.document as { id: string }).id);
    expect(isRunning(api)).toBe(true);
  }, 120_000);
});

describe.skipIf(!hasPostgresBinaries())('PostgreSQL outage (a temporary cluster the test owns)', () => {
  let cluster: TestPostgres | undefined;
  let dataDir: string;
  let api: ApiProcess | undefined;

  afterAll(async () => {
    await stop(api);
    await cluster?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 database_unavailable while PostgreSQL is down, and serves again when it is back', async () => {
    cluster = await TestPostgres.create();
    await cluster.start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'grounded-pg-outage-'));
    // In-process queue: its job store is this same database, so it rides the outage too.
    const env = baseEnv({ DATA_DIR: dataDir, DATABASE_URL: cluster.url() });
    const key = await createKeyWithCli(env);
    api = await startApi(env);
    const client = { url: api.url, auth: { authorization: `Bearer ${key}` } };

    const collection = await call(client, 'POST', '/v1/collections', { name: 'pg-outage' });
    expect(collection.status).toBe(201);
    const collectionId = String(collection.body.id);
    const before = await call(client, 'POST', `/v1/collections/${collectionId}/documents`, {
      text: 'Before the outage each customer reviews trial accounts once a week.',
    });
    expect(before.status).toBe(202);
    await waitForDocument(client, collectionId, (before.body.document as { id: string }).id);

    // An immediate stop: connections drop as in a crash.
    await cluster.stop('immediate');
    faults.injected++;
    for (const [method, route, body] of [
      ['GET', '/v1/collections', undefined],
      ['POST', `/v1/collections/${collectionId}/search`, { query: 'trial accounts' }],
      ['POST', `/v1/collections/${collectionId}/documents`, { text: 'Written during the outage.' }],
      ['POST', '/v1/chat', { collectionId, message: 'How often are trial accounts reviewed?' }],
      ['GET', '/v1/collections', undefined],
    ] as const) {
      const refused = await call(client, method, route, body);
      expect(refused.status, `${method} ${route}: ${JSON.stringify(refused.body)}`).toBe(503);
      expect(errorCode(refused.body)).toBe('database_unavailable');
      expectNoAddress(refused.body, cluster.port, `${method} ${route}`);
      expect(refused.ms).toBeLessThan(10_000);
    }
    expect((await call(client, 'GET', '/health')).status).toBe(200);
    const ready = await call(client, 'GET', '/ready');
    expect(ready.status).toBe(503);
    expectNoAddress(ready.body, cluster.port, '/ready');
    expect(ready.ms).toBeLessThan(10_000);
    // Down for a while (background loops hit the dead database too): still no crash.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(isRunning(api)).toBe(true);

    await cluster.start();
    await waitFor(
      'the API to serve again',
      async () => (await call(client, 'GET', '/v1/collections')).status === 200,
      30_000,
      250,
    );
    expect((await call(client, 'GET', '/ready')).status).toBe(200);
    const after = await call(client, 'POST', `/v1/collections/${collectionId}/documents`, {
      text: 'After the outage the mobile app archives password resets before noon.',
    });
    expect(after.status, JSON.stringify(after.body)).toBe(202);
    await waitForDocument(client, collectionId, (after.body.document as { id: string }).id);
    const search = await call(client, 'POST', `/v1/collections/${collectionId}/search`, {
      query: 'password resets',
      mode: 'bm25',
    });
    expect(search.status).toBe(200);
    expect((search.body.results as { documentId: string }[])[0]?.documentId).toBe(
      (after.body.document as { id: string }).id,
    );
    expect(isRunning(api)).toBe(true);
    console.log(
      `dependency outage: ${faults.injected} faults injected (Redis and PostgreSQL stopped and restarted)`,
    );
  }, 120_000);
});
