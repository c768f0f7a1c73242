import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createPgliteDatabase, createPostgresDatabase, type Database } from '@grounded/storage';
import { dropSchema, uniqueSchema } from '@grounded/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullmqQueue } from './bullmq-queue';
import { migrateJobsTable } from './testing/jobs-schema';
import { sleep, waitFor } from './testing/wait-for';
import type { JobQueue } from './types';

const databaseUrl = process.env.DATABASE_URL;

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A private, throwaway Redis (no persistence), so stopping it never disturbs the shared one. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const { Redis } = await import('ioredis');
  await waitFor(
    async () => {
      const probe = new Redis(port, '127.0.0.1', {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on('error', () => {});
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        probe.disconnect();
      }
    },
    Boolean,
    10_000,
    'private redis to start',
  );
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

// Issue #7: while Redis is down, queue-backed calls fail fast with queue_unavailable; afterwards
// the same queue instance recovers without a restart.
describe.skipIf(!hasRedisServer())('BullMQ queue across a Redis outage', () => {
  let port: number;
  let redis: ChildProcess;
  let db: Database;
  let schema: string | undefined;
  let queue: JobQueue;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    if (databaseUrl) {
      schema = uniqueSchema('jobs_outage');
      db = await createPostgresDatabase({ connectionString: databaseUrl, schema, max: 3 });
    } else {
      db = await createPgliteDatabase();
    }
    await migrateJobsTable(db);
    queue = createBullmqQueue({
      db,
      redisUrl: `redis://127.0.0.1:${port}`,
      commandTimeoutMs: 500,
      heartbeatMs: 100,
      reconcileIntervalMs: 300,
    });
  });
  afterAll(async () => {
    await queue?.close();
    await db?.close();
    if (schema) await dropSchema(databaseUrl!, schema);
    if (redis) await stopRedis(redis);
  });

  it('fails fast while Redis is down and recovers when it returns, without a restart', async () => {
    await queue.startWorker({ echo: async (payload) => payload });
    const before = await queue.enqueue('echo', { phase: 'before' });
    await waitFor(
      () => queue.get(before.id),
      (j) => j?.status === 'succeeded',
      10_000,
      'job before the outage',
    );

    await stopRedis(redis);
    const started = Date.now();
    await expect(queue.ping()).rejects.toMatchObject({ code: 'queue_unavailable', retryable: true });
    await expect(queue.enqueue('echo', { phase: 'during' })).rejects.toMatchObject({
      code: 'queue_unavailable',
    });
    expect(Date.now() - started).toBeLessThan(3000);
    // Reads come from Postgres and keep working during the outage.
    expect((await queue.get(before.id))?.status).toBe('succeeded');
    await sleep(300);

    redis = await startRedis(port);
    await waitFor(
      () =>
        queue.ping().then(
          () => true,
          () => false,
        ),
      Boolean,
      15_000,
      'queue to reconnect',
    );
    const after = await queue.enqueue('echo', { phase: 'after' });
    const done = await waitFor(
      () => queue.get(after.id),
      (j) => j?.status === 'succeeded',
      15_000,
      'job after',
    );
    expect(done?.result).toEqual({ phase: 'after' });
  }, 60_000);
});
