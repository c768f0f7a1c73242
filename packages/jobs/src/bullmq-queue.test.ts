import { randomBytes } from 'node:crypto';
import { AppError } from '@grounded/core';
import { createPgliteDatabase, createPostgresDatabase, type Database } from '@grounded/storage';
import { dropSchema, uniqueSchema } from '@grounded/storage/testing';
import { describe, expect, it } from 'vitest';
import { createBullmqQueue } from './bullmq-queue';
import { expectCrossInstanceCancel } from './testing/cross-instance-cancel';
import { migrateJobsTable } from './testing/jobs-schema';
import { describeQueueConformance } from './testing/queue-conformance';
import { deleteRedisPrefix } from './testing/redis-keys';
import { waitFor } from './testing/wait-for';

const redisUrl = process.env.REDIS_URL;
const databaseUrl = process.env.DATABASE_URL;

/** Postgres when configured (as in CI), else the embedded database; Redis is required. */
async function openDatabase(): Promise<{ db: Database; close(): Promise<void> }> {
  if (!databaseUrl) {
    const db = await createPgliteDatabase();
    await migrateJobsTable(db);
    return { db, close: () => db.close() };
  }
  const schema = uniqueSchema('jobs_bullmq');
  const db = await createPostgresDatabase({ connectionString: databaseUrl, schema, max: 5 });
  await migrateJobsTable(db);
  return {
    db,
    close: async () => {
      await db.close();
      await dropSchema(databaseUrl, schema);
    },
  };
}

const testPrefix = () => `gtest-${randomBytes(4).toString('hex')}`;

describe.skipIf(!redisUrl)('BullMQ queue', () => {
  describeQueueConformance('BullMQ', async () => {
    const { db, close } = await openDatabase();
    return {
      newScope: () => {
        const prefix = testPrefix();
        return {
          makeQueue: () =>
            createBullmqQueue({
              db,
              redisUrl: redisUrl!,
              prefix,
              backoffMs: 50,
              heartbeatMs: 100,
              tenantRetryMs: 100,
            }),
          cleanup: async () => {
            await db.query('DELETE FROM jobs');
            await deleteRedisPrefix(redisUrl!, prefix);
          },
        };
      },
      teardown: close,
    };
  });

  it('a cancel from a producer-only instance aborts the handler running in the worker instance', async () => {
    const { db, close } = await openDatabase();
    const prefix = testPrefix();
    const producer = createBullmqQueue({ db, redisUrl: redisUrl!, prefix });
    const worker = createBullmqQueue({ db, redisUrl: redisUrl!, prefix, heartbeatMs: 100 });
    try {
      await expectCrossInstanceCancel(worker, producer);
    } finally {
      await producer.close();
      await worker.close();
      await deleteRedisPrefix(redisUrl!, prefix);
      await close();
    }
  });

  it('re-adds a queued job that Redis lost, when the worker starts', async () => {
    const { db, close } = await openDatabase();
    const prefix = testPrefix();
    const producer = createBullmqQueue({ db, redisUrl: redisUrl!, prefix });
    const worker = createBullmqQueue({ db, redisUrl: redisUrl!, prefix });
    try {
      const job = await producer.enqueue('lost', { n: 1 });
      // Simulate a Redis restart without persistence: the queue entry is gone, the row remains.
      await deleteRedisPrefix(redisUrl!, prefix);
      await worker.startWorker({ lost: async (payload) => payload });
      const done = await waitFor(
        () => worker.get(job.id),
        (j) => j?.status === 'succeeded',
        10_000,
        'lost job',
      );
      expect(done?.result).toEqual({ n: 1 });
    } finally {
      await producer.close();
      await worker.close();
      await deleteRedisPrefix(redisUrl!, prefix);
      await close();
    }
  });
});

describe('BullMQ queue with Redis unreachable', () => {
  it('answers queue_unavailable quickly on enqueue and ping, and leaves no orphan row', async () => {
    const { db, close } = await openDatabase();
    // Port 1 on loopback: nothing listens, so every connection attempt is refused.
    const queue = createBullmqQueue({ db, redisUrl: 'redis://127.0.0.1:1', commandTimeoutMs: 500 });
    try {
      const started = Date.now();
      const failure = await queue
        .enqueue('any', { a: 1 }, { jobId: 'will-not-stay' })
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe('queue_unavailable');
      expect((failure as AppError).retryable).toBe(true);
      await expect(queue.ping()).rejects.toMatchObject({ code: 'queue_unavailable' });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await queue.get('will-not-stay')).toBeNull();
    } finally {
      await queue.close();
      await close();
    }
  });
});
