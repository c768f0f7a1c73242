import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chunkDocument, parseDocument } from '@grounded/ingest';
import { createPostgresDatabase, type Database } from '@grounded/storage';
import {
  type ApiProcess,
  baseEnv,
  createKeyWithCli,
  dropSchema,
  isRunning,
  type Proc,
  startApi,
  startWorker,
  stop,
  waitFor,
} from './processes';

/**
 * Issue #16's scale-out proof, as a deployment runs it: two API processes (A and B, no workers)
 * and two worker processes on one PostgreSQL and one Redis, all real (`npm start` with
 * RUN_WORKER=false, `npm run worker`). It measures and checks:
 *
 * 1. propagation: a document uploaded through one API is found by a search through the other, and
 *    how long after its job finished (negative: found before the job was recorded finished, since
 *    the chunks commit first);
 * 2. a worker SIGKILLed in the middle of a large document: the other worker finishes it (resuming
 *    from the embedding cache), and its chunk rows are exactly a clean ingestion's (none lost, none
 *    duplicated), with the job `succeeded`;
 * 3. both APIs' indexes (catalog, HNSW, BM25) hold exactly Postgres's chunk ids, read through the
 *    admin route `GET /v1/collections/:id/index`.
 *
 * The e2e test (scale-out.e2e.test.ts) runs a short variant and asserts; the bench
 * (`npm run bench -- --only scale`) runs this file as a child process and prints the figures.
 */
export interface ScaleOutOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Chunks the large (killed) document makes. */
  largeChunks: number;
  /** Documents uploaded one at a time to time propagation between the APIs. */
  propagationSamples: number;
  /** BullMQ lock and stalled check (QUEUE_LOCK_MS, QUEUE_STALLED_CHECK_MS); they bound recovery. */
  lockMs: number;
  stalledCheckMs: number;
  /** Kill when this share of the large document's chunks is embedded. */
  killAt: number;
  log?: (line: string) => void;
}

export interface IndexCheck {
  api: 'A' | 'B';
  collection: 'propagation' | 'large';
  postgres: number;
  catalog: number;
  hnsw: number;
  bm25: number;
  missing: number;
  extra: number;
  equal: boolean;
  /** The same, before any catch-up: what the index held from the searches alone. */
  equalWithoutCatchUp: boolean;
}

export interface ScaleOutFigures {
  startupSeconds: number;
  propagation: {
    /** Per sample: ms from the job's finishedAt to the first search through the other API that found it. */
    afterJobFinishedMs: number[];
    /**
     * Per sample: ms from the job's finishedAt until the uploading API's index, which no search
     * touched, held the document (the follower, INDEX_FOLLOW_MS).
     */
    followerAfterJobFinishedMs: number[];
    /** Per sample: ms from the upload's 202 to that search. */
    afterUploadMs: number[];
    /** Per sample: ms the search that first found it took (it applies the change log first). */
    firstSearchMs: number[];
  };
  crash: {
    chunks: number;
    embeddedAtKill: number;
    killedPid: number;
    survivorPid: number;
    /** SIGKILL to the job recorded `succeeded`. */
    recoverySeconds: number;
    /** SIGKILL to the survivor starting the job (BullMQ's lock expiry and stalled check). */
    takeoverSeconds: number;
    /** From the job's result: chunks the survivor embedded, and reused from the cache. */
    embeddedBySurvivor: number | null;
    reusedBySurvivor: number | null;
    jobStatus: string;
    attempts: number;
    storedChunks: number;
    cleanChunks: number;
    lost: number;
    duplicated: number;
    /** ms from the job's finishedAt until each API's index held the document without a search. */
    followerAppliedMs: { A: number; B: number };
    /** Then the first search through each API for it, in ms. */
    firstSearchAfterMs: { A: number; B: number };
  };
  indexes: IndexCheck[];
}

interface SearchResponse {
  results: { chunkId: string; documentId: string }[];
}

/** Deterministic prose with a marker word only this document contains; about `sentences` long. */
export function markedText(marker: string, sentences: number, seed: number): string {
  const subjects = [
    'The warehouse',
    'Our support team',
    'The billing system',
    'Each customer',
    'The mobile app',
  ];
  const verbs = ['records', 'reviews', 'ships', 'refunds', 'archives', 'escalates'];
  const objects = ['every invoice', 'late parcels', 'password resets', 'damaged items', 'trial accounts'];
  const tails = ['within two days.', 'before noon.', 'after a manager approves it.', 'once a week.'];
  let state = seed * 7919 + 17;
  const next = (size: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % size;
  };
  const out = [`This document is about the ${marker} procedure.`];
  for (let i = 0; i < sentences; i++) {
    const marked = i % 25 === 0 ? ` under the ${marker} rule` : '';
    // The running number makes every sentence, and so every chunk, a text of its own: the
    // embedding cache must not make the large document cheaper than its size.
    out.push(
      `${subjects[next(subjects.length)]} ${verbs[next(verbs.length)]} ${objects[next(objects.length)]}${marked} ${tails[next(tails.length)]} Entry ${seed}-${i}.`,
    );
    if (i % 8 === 7) out.push('\n\n');
  }
  return out.join(' ');
}

/** The chunk ids a clean ingestion of this text makes (ids are stable by design). */
export async function cleanChunkIds(documentId: string, text: string): Promise<string[]> {
  // The same hints the API gives a JSON text upload.
  const extracted = await parseDocument(new TextEncoder().encode(text), {
    filename: 'document.txt',
    mimeType: 'text/plain',
  });
  return chunkDocument(extracted, { documentKey: documentId })
    .chunks.map((chunk) => chunk.id)
    .sort();
}

/** A text that chunks into at least `chunks` chunks. */
async function largeText(marker: string, chunks: number): Promise<string> {
  let sentences = chunks * 8;
  for (;;) {
    const text = markedText(marker, sentences, 9_999);
    if ((await cleanChunkIds('doc_probe', text)).length >= chunks) return text;
    sentences = Math.ceil(sentences * 1.3);
  }
}

export async function runScaleOut(options: ScaleOutOptions): Promise<ScaleOutFigures> {
  const log = options.log ?? (() => {});
  const suffix = randomBytes(4).toString('hex');
  const schema = `t_scale_${suffix}`;
  const dirs: string[] = [];
  const procs: Proc[] = [];
  let db: Database | undefined;
  const started = performance.now();
  const since = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  try {
    const env = baseEnv({
      DATABASE_URL: options.databaseUrl,
      DATABASE_SCHEMA: schema,
      REDIS_URL: options.redisUrl,
      QUEUE_NAME: `test-scale-${suffix}`,
      QUEUE_LOCK_MS: String(options.lockMs),
      QUEUE_STALLED_CHECK_MS: String(options.stalledCheckMs),
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_IP_PER_MINUTE: '0',
      // Four processes share the machine: one embedding thread and one job at a time each.
      EMBEDDER_THREADS: '1',
      WORKER_CONCURRENCY: '1',
    });
    const dataDir = async (name: string) => {
      const dir = await mkdtemp(path.join(tmpdir(), `grounded-scale-${name}-`));
      dirs.push(dir);
      return dir;
    };
    // All four start at once, as `docker compose up --scale api=2 --scale worker=2` starts them
    // (each applies the migrations; the runner serialises them), the workers while the first admin
    // key comes from the CLI, as in a deployment.
    const workers = [startWorker({ ...env, DATA_DIR: await dataDir('w1') })];
    workers.push(startWorker({ ...env, DATA_DIR: await dataDir('w2') }));
    procs.push(...workers);
    const key = await createKeyWithCli({ ...env, DATA_DIR: await dataDir('cli') });
    const auth = { authorization: `Bearer ${key}` };
    db = await createPostgresDatabase({ connectionString: options.databaseUrl, schema });
    const [apiA, apiB] = await Promise.all([
      dataDir('a').then((dir) => startApi({ ...env, DATA_DIR: dir, RUN_WORKER: 'false' })),
      dataDir('b').then((dir) => startApi({ ...env, DATA_DIR: dir, RUN_WORKER: 'false' })),
    ]);
    procs.push(apiA, apiB);
    const apis = { A: apiA, B: apiB };

    const call = async <T>(api: ApiProcess, method: string, route: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${api.url}${route}`, {
        method,
        headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    const upload = (api: ApiProcess, collectionId: string, text: string, title: string) =>
      call<{ document: { id: string }; job: { id: string } }>(
        api,
        'POST',
        `/v1/collections/${collectionId}/documents`,
        { text, title },
      );
    const search = (api: ApiProcess, collectionId: string, query: string, mode: 'bm25' | 'vector', k = 10) =>
      call<SearchResponse>(api, 'POST', `/v1/collections/${collectionId}/search`, { query, mode, k });
    const jobRow = async (id: string) =>
      (
        await db!.query<{
          status: string;
          attempts: number;
          locked_by: string | null;
          progress: Record<string, unknown> | null;
          result: Record<string, unknown> | null;
          finished_at: Date | null;
          started_at: Date | null;
        }>(
          'select status, attempts, locked_by, progress, result, finished_at, started_at from jobs where id = $1',
          [id],
        )
      ).rows[0];
    type IndexReport = {
      equal: boolean;
      postgres: { count: number };
      catalog: { count: number; missing: number; extra: number; ids?: string[] } | null;
      hnsw: { count: number; missing: number; extra: number; ids?: string[] } | null;
      bm25: { count: number; missing: number; extra: number; ids?: string[] } | null;
    };
    const indexReport = (api: ApiProcess, collectionId: string, query: string) =>
      call<IndexReport>(api, 'GET', `/v1/collections/${collectionId}/index?${query}`);
    /** When the API's index, as it stands (no catch-up), holds every chunk of the document. */
    const heldWithoutSearch = async (api: ApiProcess, collectionId: string, documentId: string) => {
      const { rows } = await db!.query<{ id: string }>('select id from chunks where document_id = $1', [
        documentId,
      ]);
      if (rows.length === 0) return false;
      const report = await indexReport(api, collectionId, 'catchUp=false&ids=true');
      const parts = [report.catalog, report.hnsw, report.bm25];
      const held = rows.every((row) => parts.every((part) => part?.ids?.includes(row.id)));
      return held ? Date.now() : false;
    };
    const killed = new Set<Proc>();
    const alive = () => {
      for (const proc of procs) {
        if (!isRunning(proc) && !killed.has(proc)) throw new Error(`a process exited:\n${proc.output()}`);
      }
    };

    // A collection created through each API. The workers may still be loading their models: the
    // first document's upload-to-searchable time includes that, its after-the-job time does not.
    const propagationCollection = (
      await call<{ id: string }>(apiA, 'POST', '/v1/collections', { name: 'scale-propagation' })
    ).id;
    const largeCollection = (
      await call<{ id: string }>(apiB, 'POST', '/v1/collections', { name: 'scale-large' })
    ).id;
    await Promise.all(
      [apiA, apiB].map((api) => search(api, propagationCollection, 'warm up the query embedder', 'vector')),
    );
    log(`both APIs answer at ${since()}`);

    // 1. Propagation: uploads alternate between the APIs; the other one searches for the marker.
    const propagation: ScaleOutFigures['propagation'] = {
      afterJobFinishedMs: [],
      followerAfterJobFinishedMs: [],
      afterUploadMs: [],
      firstSearchMs: [],
    };
    let startupSeconds = 0;
    for (let n = 0; n < options.propagationSamples; n++) {
      const [from, to] = n % 2 === 0 ? [apiA, apiB] : [apiB, apiA];
      const marker = `zq${suffix}p${n}marker`;
      const uploaded = await upload(
        from,
        propagationCollection,
        markedText(marker, 30, n),
        `propagation ${n}`,
      );
      const uploadedAt = Date.now();
      let foundAt = 0;
      let firstSearchMs = 0;
      // Meanwhile the uploading API is never searched: only its follower can bring the document
      // into its index.
      const applied = waitFor(
        `document ${n} to reach the uploading API's index without a search`,
        () => heldWithoutSearch(from, propagationCollection, uploaded.document.id),
        180_000,
        50,
      );
      await waitFor(
        `document ${n} to be searchable through the other API`,
        async () => {
          alive();
          const t = performance.now();
          const { results } = await search(to, propagationCollection, marker, 'bm25');
          if (!results.some((result) => result.documentId === uploaded.document.id)) return false;
          firstSearchMs = performance.now() - t;
          foundAt = Date.now();
          return true;
        },
        180_000,
        20,
      );
      const appliedAt = await applied;
      if (n === 0) startupSeconds = (performance.now() - started) / 1000;
      const job = await waitFor(
        `job ${uploaded.job.id} to finish`,
        async () => {
          const row = await jobRow(uploaded.job.id);
          if (row?.status === 'failed') throw new Error(`job failed: ${JSON.stringify(row)}`);
          return row?.status === 'succeeded' && row.finished_at ? row : false;
        },
        30_000,
        20,
      );
      propagation.afterJobFinishedMs.push(foundAt - new Date(job.finished_at!).getTime());
      propagation.followerAfterJobFinishedMs.push(appliedAt - new Date(job.finished_at!).getTime());
      propagation.afterUploadMs.push(foundAt - uploadedAt);
      propagation.firstSearchMs.push(firstSearchMs);
    }
    log(`propagation ${JSON.stringify(propagation)} at ${since()}`);

    // 2. SIGKILL the worker running the large document, part-way through its embedding.
    const marker = `zq${suffix}largemarker`;
    const text = await largeText(marker, options.largeChunks);
    const large = await upload(apiB, largeCollection, text, 'large');
    const atKill = await waitFor(
      'the large document to be part-way through its embedding',
      async () => {
        alive();
        const row = await jobRow(large.job.id);
        if (row?.status !== 'running' || row.progress?.stage !== 'embedding' || !row.locked_by) return false;
        const done = Number(row.progress.chunksEmbedded ?? 0);
        const total = Number(row.progress.chunksToEmbed ?? 0);
        return total > 0 && done >= total * options.killAt ? { row, done, total } : false;
      },
      600_000,
      20,
    );
    // locked_by is `bullmq:<host>:<pid>:<uuid>`.
    const runningPid = Number(atKill.row.locked_by!.split(':')[2]);
    const victim = workers.find((worker) => worker.child.pid === runningPid);
    const survivor = workers.find((worker) => worker !== victim);
    if (!victim || !survivor) throw new Error(`no worker has pid ${runningPid} (${atKill.row.locked_by})`);
    killed.add(victim);
    const killedAt = performance.now();
    victim.child.kill('SIGKILL');
    const exit = await victim.exited;
    if (exit.signal !== 'SIGKILL') throw new Error(`the victim exited with ${JSON.stringify(exit)}`);
    log(`killed worker ${runningPid} with ${atKill.done}/${atKill.total} embedded at ${since()}`);
    let takeoverSeconds = Number.NaN;
    const finished = await waitFor(
      'the surviving worker to finish the large document',
      async () => {
        alive();
        const row = await jobRow(large.job.id);
        if (
          Number.isNaN(takeoverSeconds) &&
          row?.status === 'running' &&
          row.locked_by?.split(':')[2] === String(survivor.child.pid)
        ) {
          takeoverSeconds = (performance.now() - killedAt) / 1000;
        }
        if (row?.status === 'failed' || row?.status === 'cancelled') {
          throw new Error(`the large job ended ${row.status}: ${JSON.stringify(row)}`);
        }
        return row?.status === 'succeeded' ? row : false;
      },
      600_000,
      50,
    );
    const recoverySeconds = (performance.now() - killedAt) / 1000;
    log(`large document succeeded ${recoverySeconds.toFixed(1)} s after the kill, at ${since()}`);

    // Nothing lost, nothing duplicated: the rows are exactly a clean ingestion's.
    const clean = await cleanChunkIds(large.document.id, text);
    const { rows } = await db.query<{ id: string; ordinal: number }>(
      'select id, ordinal from chunks where document_id = $1',
      [large.document.id],
    );
    const stored = new Set(rows.map((row) => row.id));
    const cleanSet = new Set(clean);
    const lost = clean.filter((id) => !stored.has(id)).length;
    const extra = [...stored].filter((id) => !cleanSet.has(id)).length;
    const positions = new Set(rows.map((row) => row.ordinal)).size;
    const finishedAt = new Date(finished.finished_at!).getTime();
    const followerAppliedMs = { A: 0, B: 0 };
    await Promise.all(
      (['A', 'B'] as const).map(async (name) => {
        const at = await waitFor(
          `API ${name}'s index to hold the large document without a search`,
          () => heldWithoutSearch(apis[name], largeCollection, large.document.id),
          60_000,
          50,
        );
        followerAppliedMs[name] = at - finishedAt;
      }),
    );
    const firstSearchAfterMs = { A: 0, B: 0 };
    for (const name of ['A', 'B'] as const) {
      const t = performance.now();
      const { results } = await search(apis[name], largeCollection, marker, 'bm25');
      firstSearchAfterMs[name] = performance.now() - t;
      if (!results.some((result) => result.documentId === large.document.id)) {
        throw new Error(`API ${name} does not find the large document`);
      }
    }
    const result = finished.result ?? {};
    const crash: ScaleOutFigures['crash'] = {
      chunks: atKill.total,
      embeddedAtKill: atKill.done,
      killedPid: runningPid,
      survivorPid: survivor.child.pid ?? 0,
      recoverySeconds,
      takeoverSeconds,
      embeddedBySurvivor: typeof result.embedded === 'number' ? result.embedded : null,
      reusedBySurvivor: typeof result.reused === 'number' ? result.reused : null,
      jobStatus: finished.status,
      attempts: finished.attempts,
      storedChunks: rows.length,
      cleanChunks: clean.length,
      lost,
      // A chunk twice (two rows for one position) or a chunk a clean ingestion does not make.
      duplicated: rows.length - positions + extra,
      followerAppliedMs,
      firstSearchAfterMs,
    };

    // 3. Each API's index against Postgres: first as the searches left it, then caught up.
    const indexes: IndexCheck[] = [];
    for (const name of ['A', 'B'] as const) {
      for (const [label, collectionId] of [
        ['propagation', propagationCollection],
        ['large', largeCollection],
      ] as const) {
        const asIs = await indexReport(apis[name], collectionId, 'catchUp=false');
        const report = await indexReport(apis[name], collectionId, 'catchUp=true');
        const parts = [report.catalog, report.hnsw, report.bm25];
        indexes.push({
          api: name,
          collection: label,
          postgres: report.postgres.count,
          catalog: report.catalog?.count ?? 0,
          hnsw: report.hnsw?.count ?? 0,
          bm25: report.bm25?.count ?? 0,
          missing: Math.max(...parts.map((part) => part?.missing ?? Number.NaN)),
          extra: Math.max(...parts.map((part) => part?.extra ?? Number.NaN)),
          equal: report.equal,
          equalWithoutCatchUp: asIs.equal,
        });
      }
    }
    log(`index checks done at ${since()}`);
    return { startupSeconds, propagation, crash, indexes };
  } finally {
    for (const proc of procs) await stop(proc);
    await db?.close();
    await dropSchema(options.databaseUrl, schema).catch(() => {});
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}

// `node --import tsx apps/api/test/reliability/scale-out.ts '<options JSON>'`: the bench's child
// process; progress on stderr, the figures as the last line of stdout.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const given = JSON.parse(process.argv[2] ?? '{}') as Partial<ScaleOutOptions>;
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    console.error('the scale-out proof needs DATABASE_URL and REDIS_URL');
    process.exit(2);
  }
  const figures = await runScaleOut({
    databaseUrl,
    redisUrl,
    largeChunks: 400,
    propagationSamples: 10,
    lockMs: 30_000,
    stalledCheckMs: 30_000,
    killAt: 0.4,
    ...given,
    log: (line) => console.error(line),
  });
  console.log(JSON.stringify(figures));
  process.exit(0);
}
