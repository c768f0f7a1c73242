import { AppError, type Logger } from '@grounded/core';
import { createPgliteDatabase, createPostgresDatabase, type Database } from '@grounded/storage';
import { dropSchema, uniqueSchema } from '@grounded/storage/testing';
import { describe, expect, it } from 'vitest';
import { createInProcessQueue } from './in-process-queue';
import { migrateJobsTable } from './testing/jobs-schema';
import { describeQueueConformance, type QueueBackend } from './testing/queue-conformance';
import { waitFor } from './testing/wait-for';

const url = process.env.DATABASE_URL;

function inProcessBackend(db: Database, teardown: () => Promise<void>): QueueBackend {
  return {
    newScope: () => ({
      makeQueue: () => createInProcessQueue({ db, pollIntervalMs: 50, backoffMs: 50, heartbeatMs: 100 }),
      // Each test uses its own job kinds' rows; clearing keeps a later test's claims clean.
      cleanup: async () => {
        await db.query('DELETE FROM jobs');
      },
    }),
    teardown,
  };
}

describeQueueConformance('in-process on PGlite', async () => {
  const db = await createPgliteDatabase();
  await migrateJobsTable(db);
  return inProcessBackend(db, () => db.close());
});

describe.skipIf(!url)('in-process on Postgres', () => {
  describeQueueConformance('in-process on Postgres', async () => {
    const schema = uniqueSchema('jobs_inproc');
    const db = await createPostgresDatabase({ connectionString: url!, schema, max: 5 });
    await migrateJobsTable(db);
    return inProcessBackend(db, async () => {
      await db.close();
      await dropSchema(url!, schema);
    });
  });
});

describe('in-process queue: failure logs (issue #17)', () => {
  it('logs a failure caused by the input as its code and message once, with no stack; a bug keeps its stack', async () => {
    const db = await createPgliteDatabase();
    await migrateJobsTable(db);
    const lines: Record<string, unknown>[] = [];
    const capture: Logger = {
      debug: () => {},
      info: () => {},
      warn: (obj, msg) => void lines.push({ ...(typeof obj === 'object' ? obj : {}), msg }),
      error: (obj, msg) => void lines.push({ ...(typeof obj === 'object' ? obj : {}), msg }),
      child: () => capture,
    };
    const queue = createInProcessQueue({ db, logger: capture, pollIntervalMs: 20, backoffMs: 20 });
    try {
      await queue.startWorker({
        scanned: async () => {
          throw new AppError('pdf_no_text', 'The PDF has no extractable text (a scan?).');
        },
        buggy: async () => {
          throw new TypeError('cannot read properties of undefined');
        },
      });
      const scanned = await queue.enqueue('scanned', {});
      const buggy = await queue.enqueue('buggy', {}, { maxAttempts: 1 });
      for (const id of [scanned.id, buggy.id]) {
        await waitFor(
          () => queue.get(id),
          (job) => job?.status === 'failed',
          10_000,
          id,
        );
      }
      const [expected, unexpected] = lines.filter((line) => line.msg === 'job failed');
      expect(expected).toEqual({
        code: 'pdf_no_text',
        reason: 'The PDF has no extractable text (a scan?).',
        msg: 'job failed',
      });
      expect((unexpected!.err as Error).stack).toContain('TypeError');
    } finally {
      await queue.close();
      await db.close();
    }
  });
});
