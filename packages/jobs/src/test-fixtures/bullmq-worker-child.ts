/**
 * Test fixture: a separate worker process. argv: <databaseUrl> <schema> <redisUrl> <prefix> <mode>.
 * mode 'work' finishes jobs; mode 'hang' reports progress and then never finishes (to be killed).
 */
import { createPostgresDatabase } from '@grounded/storage';
import { createBullmqQueue } from '../bullmq-queue';

const [databaseUrl, schema, redisUrl, prefix, mode] = process.argv.slice(2);
if (!databaseUrl || !schema || !redisUrl || !prefix || !mode) throw new Error('bad arguments');

const db = await createPostgresDatabase({ connectionString: databaseUrl, schema, max: 3 });
const queue = createBullmqQueue({
  db,
  redisUrl,
  prefix,
  heartbeatMs: 100,
  // Short lock so a killed worker's job is redelivered within a couple of seconds.
  lockDurationMs: 1000,
  stalledIntervalMs: 500,
});
await queue.startWorker({
  double: async (payload) => ({ value: (payload as { n: number }).n * 2, pid: process.pid }),
  ingest: async (_payload, context) => {
    await context.reportProgress({ pid: process.pid, attempt: context.attempt });
    if (mode === 'hang') await new Promise(() => {});
    return { pid: process.pid };
  },
});
process.on('SIGTERM', () => {
  void queue
    .close()
    .then(() => db.close())
    .then(() => process.exit(0));
});
process.stdout.write('ready\n');
