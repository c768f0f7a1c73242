import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DestinationStream } from 'pino';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { type Container, createContainer } from '../src/container';
import { createLogger } from '../src/logger';

/**
 * A real API server on an ephemeral port. With DATABASE_URL / REDIS_URL in the environment (as
 * in CI) it runs on the real Postgres (own schema) and Redis (own queue); otherwise on PGlite and
 * the in-process queue.
 */
export interface TestServer {
  url: string;
  /** An admin API key of the 'default' tenant, created for the test. */
  apiKey: string;
  /** `{ authorization: 'Bearer <apiKey>' }`, to spread into fetch headers. */
  auth: Record<string, string>;
  container: Container;
  dataDir: string;
  stop(): Promise<void>;
  /** Stops and starts a new server on the same data (same schema, folder and queue). */
  restart(): Promise<TestServer>;
}

export async function startTestServer(
  overrides: Record<string, string> = {},
  shared?: { dataDir: string; schema: string; queue: string },
  /** Where log lines go (a test that reads them); stdout otherwise. */
  logs?: DestinationStream,
): Promise<TestServer> {
  const suffix = randomBytes(4).toString('hex');
  const dataDir = shared?.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'grounded-test-')));
  const schema = shared?.schema ?? `t_${suffix}`;
  const queue = shared?.queue ?? `test-${suffix}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    DATA_DIR: dataDir,
    DEMO_SEED: 'false',
    QUEUE_NAME: queue,
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL, DATABASE_SCHEMA: schema } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...overrides,
  });
  const container = await createContainer(config, createLogger(config.LOG_LEVEL, 'grounded', logs));
  const { key: apiKey } = await container.apiKeys.create({
    tenantId: 'default',
    name: 'test admin',
    role: 'admin',
  });
  const auth = { authorization: `Bearer ${apiKey}` };
  await container.queue.startWorker(container.jobHandlers, { concurrency: 2 });
  const server: Server = await new Promise((resolve) => {
    const s = createApp(container).listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  authByUrl.set(`http://127.0.0.1:${port}`, auth);
  const stop = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await container.close();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    auth,
    container,
    dataDir,
    stop,
    async restart() {
      await stop();
      return startTestServer(overrides, { dataDir, schema, queue }, logs);
    },
  };
}

export async function removeTestData(server: TestServer): Promise<void> {
  if (server.container.config.DATABASE_URL && server.container.config.DATABASE_SCHEMA) {
    const { createPostgresDatabase } = await import('@grounded/storage');
    const db = await createPostgresDatabase({ connectionString: server.container.config.DATABASE_URL });
    await db.query(`drop schema if exists "${server.container.config.DATABASE_SCHEMA}" cascade`);
    await db.close();
  }
  await rm(server.dataDir, { recursive: true, force: true });
}

/** So that helpers such as waitForJob can authenticate with just the server's URL. */
const authByUrl = new Map<string, Record<string, string>>();

export async function waitForJob(
  url: string,
  jobId: string,
  timeoutMs = 60_000,
  headers: Record<string, string> = authByUrl.get(url) ?? {},
): Promise<{ status: string; error: string | null; progress: Record<string, unknown>; result: unknown }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${url}/v1/jobs/${jobId}`, { headers });
    if (!response.ok) throw new Error(`GET /v1/jobs/${jobId}: ${response.status} ${await response.text()}`);
    const job = (await response.json()) as {
      status: string;
      error: string | null;
      progress: Record<string, unknown>;
      result: unknown;
    };
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
