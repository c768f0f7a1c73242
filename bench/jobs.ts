import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sharedPath, vendoredModelPath } from '@grounded/core';
import { createBullmqQueue, createInProcessQueue, type JobQueue } from '@grounded/jobs';
import {
  createFastTextSentimentClassifier,
  createLexiconSentimentClassifier,
  type SentimentClassifier,
} from '@grounded/llm';
import {
  createPgliteDatabase,
  createPostgresDatabase,
  type Database,
  migrationsDir,
  runMigrations,
} from '@grounded/storage';
import { deleteRedisPrefix } from '../packages/jobs/src/testing/redis-keys';
import type { BenchContext } from './context';
import { emptyResult, type SectionResult } from './report';

interface Store {
  label: string;
  db: Database;
  dispose(): Promise<void>;
}

async function openStore(kind: 'pglite' | 'postgres', databaseUrl?: string): Promise<Store> {
  if (kind === 'pglite') {
    const db = await createPgliteDatabase();
    await runMigrations(db, { dir: migrationsDir() });
    return { label: 'PGlite (in memory)', db, dispose: () => db.close() };
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const db = await createPostgresDatabase({ connectionString: databaseUrl as string, schema });
  await runMigrations(db, { dir: migrationsDir() });
  return {
    label: 'PostgreSQL',
    db,
    async dispose() {
      await db.query(`drop schema if exists "${schema}" cascade`);
      await db.close();
    },
  };
}

/** Sequential `select 1` round trips: the floor under every job state transition. */
async function roundTrips(db: Database, n: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) await db.query('select 1');
  return n / ((performance.now() - started) / 1000);
}

/** Enqueues n no-op jobs with a worker running; returns enqueue/s and completed/s (enqueue start → last done). */
async function noOpThroughput(
  queue: JobQueue,
  n: number,
  concurrency: number,
): Promise<{ enqueuePerSecond: number; jobsPerSecond: number }> {
  let done = 0;
  let resolveAll!: () => void;
  const allDone = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  await queue.startWorker(
    {
      noop: async () => {
        done++;
        if (done === n) resolveAll();
        return null;
      },
    },
    { concurrency },
  );
  const started = performance.now();
  let last = '';
  for (let i = 0; i < n; i++) last = (await queue.enqueue('noop', { i }, { maxAttempts: 1 })).id;
  const enqueueSeconds = (performance.now() - started) / 1000;
  await allDone;
  // The handler returning is not the end: the job's row must say 'succeeded'.
  for (;;) {
    const job = await queue.get(last);
    if (job?.status === 'succeeded') break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const seconds = (performance.now() - started) / 1000;
  return { enqueuePerSecond: n / enqueueSeconds, jobsPerSecond: n / seconds };
}

async function classifierRate(classifier: SentimentClassifier, texts: readonly string[]): Promise<number> {
  await classifier.classify(texts.slice(0, 16));
  const started = performance.now();
  for (let i = 0; i < texts.length; i += 256) await classifier.classify(texts.slice(i, i + 256));
  return texts.length / ((performance.now() - started) / 1000);
}

export async function run(context: BenchContext): Promise<SectionResult> {
  const result = emptyResult('jobs');
  const n = context.quick ? 100 : 1000;
  const concurrency = 8;
  const { databaseUrl, redisUrl } = context.env;
  const rows: (string | number | null)[][] = [];
  const raw: Record<string, unknown>[] = [];
  const stores: ('pglite' | 'postgres')[] = databaseUrl ? ['pglite', 'postgres'] : ['pglite'];
  if (!databaseUrl) result.notes.push('DATABASE_URL unset: the in-process queue runs on PGlite only.');
  if (!redisUrl) result.notes.push('REDIS_URL unset: BullMQ skipped.');

  for (const kind of stores) {
    const store = await openStore(kind, databaseUrl);
    try {
      const rtt = await roundTrips(store.db, 500);
      rows.push([`select 1 round trips, ${store.label} (baseline)`, rtt, null, null]);
      const adapters: ('in-process' | 'bullmq')[] = redisUrl ? ['in-process', 'bullmq'] : ['in-process'];
      for (const adapter of adapters) {
        context.log(`jobs: ${n} no-op jobs, ${adapter} on ${store.label}`);
        const prefix = `bench-${randomBytes(4).toString('hex')}`;
        const queue =
          adapter === 'bullmq'
            ? createBullmqQueue({ db: store.db, redisUrl: redisUrl as string, prefix, queueName: prefix })
            : createInProcessQueue({ db: store.db });
        try {
          const t = await noOpThroughput(queue, n, concurrency);
          rows.push([
            `${adapter} queue, state in ${store.label}`,
            t.jobsPerSecond,
            t.enqueuePerSecond,
            t.jobsPerSecond / rtt,
          ]);
          raw.push({ adapter, store: store.label, ...t, roundTripsPerSecond: rtt });
        } finally {
          await queue.close();
          if (adapter === 'bullmq')
            await deleteRedisPrefix(redisUrl as string, prefix).catch(() => undefined);
        }
      }
    } finally {
      await store.dispose();
    }
  }
  result.tables.push({
    title: `No-op jobs: ${n} enqueued one after another with a worker (concurrency ${concurrency}) running; jobs/s = enqueue start → last row 'succeeded'`,
    columns: ['path', 'jobs/s (end to end)', 'enqueue/s', 'jobs per select-1 round trip'],
    rows,
  });

  const sst2 = await readFile(path.join(sharedPath('eval', 'sst2'), 'sst2_glue_dev.tsv'), 'utf8');
  const texts = sst2
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[0]?.trim() ?? '')
    .filter((t) => t !== '')
    .slice(0, context.quick ? 256 : undefined);
  const fasttext = await createFastTextSentimentClassifier({
    modelPath: vendoredModelPath('fasttext', 'amazon_review_polarity.ftz'),
  });
  const lexicon = createLexiconSentimentClassifier();
  const fastTextRate = await classifierRate(fasttext, texts);
  const lexiconRate = await classifierRate(lexicon, texts);
  await Promise.all([fasttext.close(), lexicon.close()]);
  result.tables.push({
    title: `Sentiment rows/s on the ${texts.length} SST-2 dev sentences (in calls of 256)`,
    columns: ['path', 'rows/s', '× raw fastText'],
    rows: [
      ['raw classifier: fastText amazon_review_polarity (baseline)', fastTextRate, 1],
      ['raw classifier: wink-nlp lexicon', lexiconRate, lexiconRate / fastTextRate],
      ['end to end: upload → queue → classify → store', 'see --only sentiment-batch (issue #6)', null],
    ],
  });
  result.goals.push({
    name: 'sentiment batch end to end ≥ 0.8× raw classifier',
    target: '≥ 0.80×',
    measured: 'measured by the opt-in section sentiment-batch (issue #6), not here',
    met: null,
  });
  result.data = {
    n,
    concurrency,
    queues: raw,
    sentiment: { texts: texts.length, fastTextRate, lexiconRate },
  };
  return result;
}
