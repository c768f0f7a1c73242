import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPgliteDatabase, createPostgresDatabase, type Database } from '@grounded/storage';
import { dropSchema, uniqueSchema } from '@grounded/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessQueue } from './in-process-queue';
import { createJobStore } from './job-store';
import { expectCrossInstanceCancel } from './testing/cross-instance-cancel';
import { migrateJobsTable } from './testing/jobs-schema';
import { sleep, waitFor } from './testing/wait-for';

const url = process.env.DATABASE_URL;
const fast = { pollIntervalMs: 50, backoffMs: 50, heartbeatMs: 100 };

describe('in-process queue recovery on the embedded database', () => {
  it('keeps queued jobs across a restart of the data folder and runs them afterwards', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'grounded-jobs-pglite-'));
    try {
      const before = await createPgliteDatabase({ dataDir: dir });
      await migrateJobsTable(before);
      const job = await createInProcessQueue({ db: before }).enqueue('ingest', { doc: 'a' });
      // One of them is left running by a process that died (nobody will renew its lease).
      const store = createJobStore(before);
      await store.createOrGet({
        id: 'crashed',
        kind: 'ingest',
        payload: { doc: 'b' },
        maxAttempts: 3,
        priority: 0,
        tenantId: null,
        documentIds: [],
        requestId: null,
      });
      const claimed = await store.claimNext({ kinds: ['ingest'], workerId: 'dead', leaseMs: 600_000 });
      expect(claimed?.status).toBe('running');
      await before.close();

      const after = await createPgliteDatabase({ dataDir: dir });
      const queue = createInProcessQueue({ db: after, ...fast });
      try {
        await queue.startWorker({ ingest: async (payload) => payload });
        for (const id of [job.id, 'crashed']) {
          await waitFor(
            () => queue.get(id),
            (j) => j?.status === 'succeeded',
            10_000,
            id,
          );
        }
        // The attempt that died with its process counts; the untouched job ran once.
        const ids = [job.id, 'crashed'];
        const attempts = await Promise.all(ids.map(async (id) => (await queue.get(id))?.attempts));
        expect(attempts).toEqual(ids.map((id) => (id === claimed?.id ? 2 : 1)));
      } finally {
        await queue.close();
        await after.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!url)('in-process queue recovery on shared Postgres', () => {
  const schema = uniqueSchema('jobs_recovery');
  let db: Database;

  beforeAll(async () => {
    db = await createPostgresDatabase({ connectionString: url!, schema, max: 4 });
    await migrateJobsTable(db);
  });
  afterAll(async () => {
    await db?.close();
    await dropSchema(url!, schema);
  });

  const newJob = (id: string, maxAttempts: number) => ({
    id,
    kind: 'work',
    payload: { id },
    maxAttempts,
    priority: 0,
    tenantId: null,
    documentIds: [],
    requestId: null,
  });

  it('requeues a job whose worker stopped renewing its lease, and leaves live leases alone', async () => {
    const store = createJobStore(db);
    await store.createOrGet(newJob('orphan', 3));
    await store.createOrGet(newJob('last-try', 1));
    await store.createOrGet(newJob('alive', 3));
    // Two jobs taken by a worker that then dies (short lease), one by a worker still alive.
    expect((await store.claimNext({ kinds: ['work'], workerId: 'dead', leaseMs: 200 }))?.id).toBeDefined();
    expect((await store.claimNext({ kinds: ['work'], workerId: 'dead', leaseMs: 200 }))?.id).toBeDefined();
    expect(
      (await store.claimNext({ kinds: ['work'], workerId: 'alive', leaseMs: 600_000 }))?.id,
    ).toBeDefined();

    const queue = createInProcessQueue({ db, ...fast });
    const ran: string[] = [];
    try {
      await queue.startWorker({
        work: async (payload) => {
          ran.push((payload as { id: string }).id);
          return 'ok';
        },
      });
      const orphan = await waitFor(
        () => queue.get('orphan'),
        (j) => j?.status === 'succeeded',
        10_000,
        'orphan',
      );
      expect(orphan?.attempts).toBe(2);
      const last = await waitFor(
        () => queue.get('last-try'),
        (j) => j?.status === 'failed',
        10_000,
        'last-try',
      );
      expect(last?.error).toContain('job_abandoned');
      await sleep(400);
      expect((await queue.get('alive'))?.status).toBe('running');
      expect(ran).toEqual(['orphan']);
    } finally {
      await queue.close();
    }
  });

  it('a cancel from another queue instance aborts the running handler through the heartbeat', async () => {
    const worker = createInProcessQueue({ db, ...fast });
    const other = createInProcessQueue({ db, ...fast });
    try {
      await expectCrossInstanceCancel(worker, other);
    } finally {
      await worker.close();
      await other.close();
    }
  });

  it('two in-process queues on one database never run the same job twice', async () => {
    const runs = new Map<string, number>();
    const handler = async (payload: unknown) => {
      const id = (payload as { i: number }).i.toString();
      runs.set(id, (runs.get(id) ?? 0) + 1);
      await sleep(10);
      return null;
    };
    const a = createInProcessQueue({ db, ...fast });
    const b = createInProcessQueue({ db, ...fast });
    try {
      const jobs = await Promise.all(Array.from({ length: 30 }, (_, i) => a.enqueue('shared', { i })));
      await Promise.all([
        a.startWorker({ shared: handler }, { concurrency: 3 }),
        b.startWorker({ shared: handler }, { concurrency: 3 }),
      ]);
      for (const job of jobs)
        await waitFor(
          () => a.get(job.id),
          (j) => j?.status === 'succeeded',
          15_000,
          job.id,
        );
      expect(runs.size).toBe(30);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
