import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chunkDocument, parseDocument } from '@grounded/ingest';
import { createPostgresDatabase, type Database } from '@grounded/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { markedText } from './scale-out';

/**
 * Issue #7 reliability, part 2: the API and a separate worker as real processes on the real
 * Postgres and Redis. 20 documents are uploaded, the worker is SIGKILLed mid-ingestion and
 * restarted. Every accepted document must end up ingested exactly once: its chunk rows are exactly
 * the ones a clean ingestion makes (same ids, no duplicates, none missing), and the API's HNSW and
 * BM25 indexes hold exactly the chunks Postgres holds. Also: SIGTERM to the API while a request is
 * in flight finishes that request and exits 0.
 */
const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;
const DOCUMENTS = 20;

/** Deterministic prose, different per document, with a marker word only that document contains. */
function documentText(n: number): { marker: string; text: string } {
  const marker = `zq${String.fromCharCode(97 + (n % 26))}${String.fromCharCode(97 + Math.floor(n / 26))}marker`;
  return { marker, text: markedText(marker, 60, n) };
}

/** The chunk ids a clean ingestion of this document makes (the ids are stable by design). */
async function cleanChunkIds(documentId: string, text: string): Promise<string[]> {
  // The same hints the API gives a JSON text upload.
  const extracted = await parseDocument(new TextEncoder().encode(text), {
    filename: 'document.txt',
    mimeType: 'text/plain',
  });
  return chunkDocument(extracted, { documentKey: documentId })
    .chunks.map((chunk) => chunk.id)
    .sort();
}

describe.skipIf(!DATABASE_URL || !REDIS_URL)(
  'crash during ingestion (real processes, Postgres + Redis)',
  () => {
    const suffix = randomBytes(4).toString('hex');
    const schema = `t_crash_${suffix}`;
    let env: NodeJS.ProcessEnv;
    let apiDir: string;
    let workerDir: string;
    let api: ApiProcess;
    const workers: Proc[] = [];
    let auth: Record<string, string>;
    let db: Database;
    let stoppedOnPurpose = false;

    const get = async <T>(route: string): Promise<T> => {
      const response = await fetch(`${api.url}${route}`, { headers: auth });
      if (!response.ok) throw new Error(`GET ${route}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    const post = async (route: string, body: unknown) =>
      fetch(`${api.url}${route}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    beforeAll(async () => {
      apiDir = await mkdtemp(path.join(tmpdir(), 'grounded-crash-api-'));
      workerDir = await mkdtemp(path.join(tmpdir(), 'grounded-crash-worker-'));
      env = baseEnv({
        DATABASE_URL: DATABASE_URL!,
        DATABASE_SCHEMA: schema,
        REDIS_URL: REDIS_URL!,
        QUEUE_NAME: `test-crash-${suffix}`,
        RATE_LIMIT_PER_MINUTE: '0',
        RATE_LIMIT_IP_PER_MINUTE: '0',
        // The killed job comes back once its BullMQ lock has expired and a stalled check has run. At
        // the 30 s defaults that wait was most of this file's length; 10 s keeps the lock far above
        // any event-loop pause of the worker (it is renewed every 5 s), so no live job is taken.
        QUEUE_LOCK_MS: '10000',
        QUEUE_STALLED_CHECK_MS: '2000',
      });
      // The first admin key comes from the CLI, as in a real deployment (it also migrates the schema).
      const key = await createKeyWithCli({ ...env, DATA_DIR: apiDir });
      auth = { authorization: `Bearer ${key}` };
      api = await startApi({ ...env, DATA_DIR: apiDir, RUN_WORKER: 'false' });
      db = await createPostgresDatabase({ connectionString: DATABASE_URL!, schema });
    });

    afterAll(async () => {
      if (api && !isRunning(api) && !stoppedOnPurpose) {
        console.error(`the API process exited early:\n${api.output()}`);
      }
      for (const worker of workers) await stop(worker);
      await stop(api);
      await db?.close();
      if (DATABASE_URL) await dropSchema(DATABASE_URL, schema);
      await rm(apiDir, { recursive: true, force: true });
      await rm(workerDir, { recursive: true, force: true });
    });

    it('ingests every accepted document exactly once after the worker is SIGKILLed mid-ingestion', async () => {
      const created = await post('/v1/collections', { name: 'crash' });
      expect(created.status).toBe(201);
      const collectionId = ((await created.json()) as { id: string }).id;

      const docs: { id: string; jobId: string; marker: string; text: string }[] = [];
      for (let n = 0; n < DOCUMENTS; n++) {
        const { marker, text } = documentText(n);
        const response = await post(`/v1/collections/${collectionId}/documents`, { text, title: `doc ${n}` });
        expect(response.status, await response.clone().text()).toBe(202);
        const body = (await response.json()) as { document: { id: string }; job: { id: string } };
        docs.push({ id: body.document.id, jobId: body.job.id, marker, text });
      }
      // Accepted while no worker runs: all queued.
      const [{ n: queued }] = (
        await db.query<{ n: number }>(`select count(*)::int as n from documents where status <> 'ready'`)
      ).rows as [{ n: number }];
      expect(queued).toBe(DOCUMENTS);

      const t0 = Date.now();
      const phase = (name: string) => console.log(`  ${name} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const statuses = async () =>
        (await db.query<{ id: string; status: string }>('select id, status from documents')).rows;
      const first = startWorker({ ...env, DATA_DIR: workerDir });
      workers.push(first);
      // Kill while a document is mid-embedding and some, not all, are done.
      const atKill = await waitFor(
        'the worker to be mid-ingestion',
        async () => {
          if (!isRunning(first)) throw new Error(`the worker exited:\n${first.output()}`);
          const ready = (await statuses()).filter((d) => d.status === 'ready').length;
          if (ready === 0 || ready >= DOCUMENTS - 2) return false;
          const { rows } = await db.query<{ id: string }>(
            `select id from jobs where status = 'running' and progress->>'stage' = 'embedding'`,
          );
          return rows.length > 0 ? { ready, running: rows.map((r) => r.id) } : false;
        },
        120_000,
        20,
      );
      phase('kill');
      first.child.kill('SIGKILL');
      const exit = await first.exited;
      expect(exit.signal).toBe('SIGKILL');
      expect(() => process.kill(first.child.pid!, 0)).toThrow();
      const readyAfterKill = (await statuses()).filter((d) => d.status === 'ready').length;
      expect(readyAfterKill).toBeLessThan(DOCUMENTS);

      let killedJobBack = false;
      phase('restart');
      const second = startWorker({ ...env, DATA_DIR: workerDir });
      workers.push(second);
      // The killed job comes back when BullMQ's lock (QUEUE_LOCK_MS) has expired and its stalled
      // check (QUEUE_STALLED_CHECK_MS) redelivers it, shortened above.
      await waitFor(
        'every document to be ready and every job finished',
        async () => {
          if (!isRunning(second)) throw new Error(`the restarted worker exited:\n${second.output()}`);
          const all = await statuses();
          if (
            !killedJobBack &&
            (await db.query(`select 1 from jobs where id = $1 and status <> 'running'`, [atKill.running[0]]))
              .rows.length > 0
          ) {
            killedJobBack = true;
            phase('killed job left running');
          }
          const failed = all.filter((d) => d.status === 'failed');
          if (failed.length > 0) throw new Error(`documents failed: ${JSON.stringify(failed)}`);
          if (all.length !== DOCUMENTS || !all.every((d) => d.status === 'ready')) return false;
          // A document can be ready while its job is still 'running': the worker died after the
          // commit and before recording success. That job runs again; wait for it to finish too.
          const { rows } = await db.query<{ n: number }>(
            `select count(*)::int as n from jobs where kind = 'ingest-document' and status <> 'succeeded'`,
          );
          return rows[0]!.n === 0;
        },
        150_000,
        250,
      );

      phase('all ready');
      // Exactly once, in Postgres: each document's chunk rows are the clean ingestion's, no more.
      const { rows: chunkRows } = await db.query<{ id: string; document_id: string; ordinal: number }>(
        'select id, document_id, ordinal from chunks where collection_id = $1',
        [collectionId],
      );
      const positions = new Set(chunkRows.map((row) => `${row.document_id}#${row.ordinal}`));
      expect(positions.size).toBe(chunkRows.length);
      let expectedTotal = 0;
      for (const doc of docs) {
        const expected = await cleanChunkIds(doc.id, doc.text);
        expectedTotal += expected.length;
        const stored = chunkRows
          .filter((row) => row.document_id === doc.id)
          .map((row) => row.id)
          .sort();
        expect(stored, `chunks of ${doc.id}`).toEqual(expected);
      }
      expect(chunkRows.length).toBe(expectedTotal);
      expect(expectedTotal).toBeGreaterThanOrEqual(DOCUMENTS * 3);

      // Every job finished once; the killed one was redelivered, not duplicated.
      const jobs = await Promise.all(
        docs.map((doc) => get<{ status: string; attempts: number }>(`/v1/jobs/${doc.jobId}`)),
      );
      expect(jobs.map((job) => job.status)).toEqual(docs.map(() => 'succeeded'));
      const { rows: jobRows } = await db.query<{ n: number }>(
        `select count(*)::int as n from jobs where kind = 'ingest-document'`,
      );
      expect(jobRows[0]!.n).toBe(DOCUMENTS);

      // The API process's indexes agree with Postgres: per document, the vector (HNSW) and BM25
      // searches, filtered to that document inside the index, find exactly its stored chunks.
      for (const doc of docs) {
        const stored = new Set(chunkRows.filter((row) => row.document_id === doc.id).map((row) => row.id));
        for (const mode of ['vector', 'bm25'] as const) {
          const response = await post(`/v1/collections/${collectionId}/search`, {
            query: mode === 'bm25' ? `${doc.marker} customer invoice parcels` : doc.text.slice(0, 300),
            mode,
            k: 100,
            filter: { documentIds: [doc.id] },
          });
          expect(response.status).toBe(200);
          const { results } = (await response.json()) as { results: { chunkId: string }[] };
          const found = new Set(results.map((r) => r.chunkId));
          if (mode === 'vector') expect(found, `${mode} search of ${doc.id}`).toEqual(stored);
          else for (const id of found) expect(stored.has(id)).toBe(true);
        }
        // And unfiltered, the document's marker word finds that document first.
        const response = await post(`/v1/collections/${collectionId}/search`, {
          query: doc.marker,
          mode: 'bm25',
        });
        const { results } = (await response.json()) as { results: { documentId: string }[] };
        expect(results[0]?.documentId).toBe(doc.id);
      }
      phase('checked');
      console.log(
        `worker crash: killed with ${atKill.ready}/${DOCUMENTS} ready and job(s) ${atKill.running.join(',')} mid-embedding; after restart ${DOCUMENTS}/${DOCUMENTS} ready, ${expectedTotal} chunks, 0 lost, 0 duplicated`,
      );
    }, 240_000);

    it('finishes an in-flight request on SIGTERM and exits 0', async () => {
      // A multipart upload whose body is still arriving when the API is told to stop.
      const collection = await post('/v1/collections', { name: 'shutdown' });
      const collectionId = ((await collection.json()) as { id: string }).id;
      const boundary = 'ShutdownBoundary';
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="late.txt"\r\nContent-Type: text/plain\r\n\r\n`;
      const tail = `The late document arrives after the stop signal.\r\n--${boundary}--\r\n`;
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode(head));
          await released;
          controller.enqueue(new TextEncoder().encode(tail));
          controller.close();
        },
      });
      const pending = fetch(`${api.url}/v1/collections/${collectionId}/documents`, {
        method: 'POST',
        headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
        duplex: 'half',
      } as RequestInit);
      await new Promise((resolve) => setTimeout(resolve, 300));
      stoppedOnPurpose = true;
      api.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Stopping: new connections are refused while the in-flight request is still being served.
      await expect(fetch(`${api.url}/health`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
      release();
      const response = await pending;
      expect(response.status, await response.clone().text()).toBe(202);
      const exit = await Promise.race([
        api.exited,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('the API did not exit')), 30_000),
        ),
      ]);
      expect(exit).toEqual({ code: 0, signal: null });
      // The upload was committed, not lost in the shutdown.
      const { rows } = await db.query<{ n: number }>(
        'select count(*)::int as n from documents where collection_id = $1',
        [collectionId],
      );
      expect(rows[0]!.n).toBe(1);
    }, 60_000);
  },
);
