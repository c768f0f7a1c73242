import { createPgliteDatabase, createPostgresDatabase, type Database } from '@grounded/storage';
import { dropSchema, uniqueSchema } from '@grounded/storage/testing';
import { describe } from 'vitest';
import { createInProcessQueue } from './in-process-queue';
import { migrateJobsTable } from './testing/jobs-schema';
import { describeQueueConformance, type QueueBackend } from './testing/queue-conformance';

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
