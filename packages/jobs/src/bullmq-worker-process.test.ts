import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createPostgresDatabase, type Database } from '@grounded/storage';
import { dropSchema, spawnTsx, uniqueSchema } from '@grounded/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullmqQueue } from './bullmq-queue';
import { migrateJobsTable } from './testing/jobs-schema';
import { deleteRedisPrefix } from './testing/redis-keys';
import { waitFor } from './testing/wait-for';
import type { JobQueue } from './types';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const script = path.join(import.meta.dirname, 'test-fixtures', 'bullmq-worker-child.ts');

function startWorkerProcess(schema: string, prefix: string, mode: 'work' | 'hang') {
  const spawned = spawnTsx(script, [databaseUrl!, schema, redisUrl!, prefix, mode]);
  const ready = new Promise<void>((resolve, reject) => {
    spawned.child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    void spawned.done.then((outcome) => reject(new Error(`worker exited early: ${outcome.stderr}`)));
  });
  return { ...spawned, ready };
}

// Separate worker processes need a database both processes can reach, so Postgres only.
describe.skipIf(!databaseUrl || !redisUrl)('BullMQ with a separate worker process', () => {
  const schema = uniqueSchema('jobs_proc');
  const prefix = `gtest-${randomBytes(4).toString('hex')}`;
  let db: Database;
  let producer: JobQueue;

  beforeAll(async () => {
    db = await createPostgresDatabase({ connectionString: databaseUrl!, schema, max: 3 });
    await migrateJobsTable(db);
    producer = createBullmqQueue({ db, redisUrl: redisUrl!, prefix });
  });
  afterAll(async () => {
    await producer?.close();
    await db?.close();
    await dropSchema(databaseUrl!, schema);
    await deleteRedisPrefix(redisUrl!, prefix);
  });

  it('a job enqueued here is processed by another process, and its outcome lands in Postgres', async () => {
    const worker = startWorkerProcess(schema, prefix, 'work');
    try {
      await worker.ready;
      const jobs = await Promise.all([3, 4, 5].map((n) => producer.enqueue('double', { n })));
      for (const [i, job] of jobs.entries()) {
        const done = await waitFor(
          () => producer.get(job.id),
          (j) => j?.status === 'succeeded',
          20_000,
          job.id,
        );
        expect(done?.result).toEqual({ value: (i + 3) * 2, pid: worker.child.pid });
      }
      expect(worker.child.pid).not.toBe(process.pid);
    } finally {
      worker.child.kill('SIGTERM');
      expect((await worker.done).code).toBe(0);
    }
  }, 60_000);

  it('a worker killed with SIGKILL mid-job: a restarted worker takes the job over and finishes it', async () => {
    const first = startWorkerProcess(schema, prefix, 'hang');
    await first.ready;
    const job = await producer.enqueue('ingest', { doc: 'd1' }, { jobId: 'ingest.d1' });
    const running = await waitFor(
      () => producer.get(job.id),
      (j) => j?.progress.pid === first.child.pid,
      20_000,
      'first worker running the job',
    );
    expect(running?.status).toBe('running');
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');

    const second = startWorkerProcess(schema, prefix, 'work');
    try {
      await second.ready;
      const done = await waitFor(
        () => producer.get(job.id),
        (j) => j?.status === 'succeeded',
        30_000,
        'resume',
      );
      expect(done?.result).toEqual({ pid: second.child.pid });
      expect(done?.progress.pid).toBe(second.child.pid);
      // BullMQ redelivers a stalled job without spending an attempt (maxStalledCount bounds crash loops).
      expect(done?.attempts).toBe(1);
    } finally {
      second.child.kill('SIGTERM');
      await second.done;
    }
  }, 90_000);
});
