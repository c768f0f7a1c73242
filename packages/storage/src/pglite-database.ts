import { Worker } from 'node:worker_threads';
import { AppError } from '@grounded/core';
import { type DirectoryLock, lockDirectory } from './data-dir-lock';
import { toAppError } from './pg-errors';
import type { Database, Queryable, QueryResult } from './types';

export interface PgliteDatabaseOptions {
  /** A folder for the data files; undefined keeps everything in memory (tests). */
  dataDir?: string;
}

const THREAD_URL = new URL('./pglite-thread.mjs', import.meta.url);
/** How long a batch statement yields to others before it takes its turn anyway. */
const BATCH_MAX_WAIT_MS = 250;

/** A driver error's fields as the thread sends them; `toAppError` reads them as it would pg's. */
interface ErrorFields {
  message: string;
  code?: string;
  constraint?: string;
  table?: string;
}

type Reply =
  | { ready: true }
  | { ready: false; error: ErrorFields }
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: ErrorFields };

type Request =
  | { op: 'query'; sql: string; params: unknown[] | undefined }
  | { op: 'exec'; sql: string }
  | { op: 'close' };

function driverError(fields: ErrorFields): Error {
  return Object.assign(new Error(fields.message), fields);
}

/** The PGlite thread: one statement in flight at a time is the caller's business (the queue below). */
async function startThread(dataDir: string | undefined) {
  const worker = new Worker(THREAD_URL, { workerData: { dataDir } });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  let nextId = 0;
  let stopped: Error | null = null;
  const stop = (error: Error) => {
    stopped ??= error;
    for (const call of pending.values()) call.reject(stopped);
    pending.clear();
  };
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (reply: Reply) => {
      if ('ready' in reply && reply.ready) resolve();
      else reject(driverError('error' in reply ? reply.error : { message: 'PGlite did not start' }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the PGlite thread exited with code ${code}`)));
  });
  worker.on('message', (reply: Reply) => {
    if (!('id' in reply)) return;
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    // Idle, the thread must not keep the process alive (tests, CLI); a call in flight refs it.
    if (pending.size === 0) worker.unref();
    if (reply.ok) call.resolve(reply.result);
    else call.reject(driverError(reply.error));
  });
  const unavailable = (reason: string, cause?: unknown) =>
    new AppError('database_unavailable', `the embedded database stopped: ${reason}`, {
      cause,
      retryable: true,
    });
  worker.on('error', (error) => stop(unavailable(error.message, error)));
  worker.on('exit', (code) => stop(unavailable(`its thread exited with code ${code}`)));
  worker.unref();
  return {
    call(request: Request): Promise<unknown> {
      if (stopped) return Promise.reject(stopped);
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ ...request, id });
      });
    },
  };
}

/**
 * The embedded default: Postgres compiled to WebAssembly, one connection per process, run on a
 * thread of its own (pglite-thread.mjs) so that its statements never hold the event loop: under
 * the bench's 50 clients they were about half of the request thread's busy time (issue #16), and a
 * large document's writes stalled every request. Statements and transactions take turns through
 * one queue here (two lanes: `background()`), as on PGlite's single connection; a transaction
 * holds the queue until it ends, so transactions never see each other's statements.
 */
export async function createPgliteDatabase(options: PgliteDatabaseOptions = {}): Promise<Database> {
  // One process per data folder (issue #17); throws DataDirLockedError naming the holder.
  const lock: DirectoryLock | null =
    options.dataDir === undefined ? null : await lockDirectory(options.dataDir);
  let thread: Awaited<ReturnType<typeof startThread>>;
  try {
    thread = await startThread(options.dataDir);
  } catch (error) {
    await lock?.release();
    throw toAppError(error, `open PGlite${options.dataDir ? ` at ${options.dataDir}` : ''}`);
  }

  async function query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    try {
      return (await thread.call({
        op: 'query',
        sql,
        params: params ? [...params] : undefined,
      })) as QueryResult<R>;
    } catch (error) {
      throw toAppError(error, 'query');
    }
  }
  async function exec(sql: string): Promise<void> {
    try {
      await thread.call({ op: 'exec', sql });
    } catch (error) {
      throw toAppError(error, 'exec');
    }
  }

  let closed = false;
  // Two lanes into the one connection (issue #16). A batch statement runs when no other statement
  // waits, or once it has waited BATCH_MAX_WAIT_MS: a large document's thousands of writes then
  // delay a chat's statements by at most the one running, and still progress under constant load.
  type Lane = 'interactive' | 'batch';
  const lanes: Record<Lane, { run: () => Promise<void>; queuedAt: number }[]> = {
    interactive: [],
    batch: [],
  };
  let busy = false;
  function pump(): void {
    if (busy) return;
    const oldestBatch = lanes.batch[0];
    const task =
      oldestBatch && performance.now() - oldestBatch.queuedAt >= BATCH_MAX_WAIT_MS
        ? lanes.batch.shift()
        : (lanes.interactive.shift() ?? lanes.batch.shift());
    if (!task) return;
    busy = true;
    void task.run().then(() => {
      busy = false;
      pump();
    });
  }
  function serial<T>(fn: () => Promise<T>, lane: Lane = 'interactive'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // Through a resolved promise, so that even a function that throws at once cannot stall the queue.
      const run = () => Promise.resolve().then(fn).then(resolve, reject);
      lanes[lane].push({ queuedAt: performance.now(), run });
      pump();
    });
  }
  const background: Queryable = {
    query: <R>(sql: string, params?: readonly unknown[]) => serial(() => query<R>(sql, params), 'batch'),
    exec: (sql: string) => serial(() => exec(sql), 'batch'),
  };
  return {
    kind: 'pglite',
    query: <R>(sql: string, params?: readonly unknown[]) => serial(() => query<R>(sql, params)),
    exec: (sql: string) => serial(() => exec(sql)),
    background: () => background,
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return serial(async () => {
        let open = true;
        const guard = () => {
          if (!open) throw new AppError('internal', 'a transaction was used after it ended');
        };
        const tx: Queryable = {
          query: async <R>(sql: string, params?: readonly unknown[]) => {
            guard();
            return query<R>(sql, params);
          },
          exec: async (sql: string) => {
            guard();
            return exec(sql);
          },
        };
        await exec('BEGIN');
        try {
          const result = await fn(tx);
          open = false;
          await exec('COMMIT');
          return result;
        } catch (error) {
          open = false;
          // After a failed COMMIT the transaction is already over; ROLLBACK then only warns.
          await exec('ROLLBACK').catch(() => undefined);
          throw toAppError(error, 'transaction');
        }
      });
    },
    async ping() {
      await serial(() => query('SELECT 1'));
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        // After every statement queued before it, as PGlite's own close would.
        await serial(() => thread.call({ op: 'close' }), 'batch');
      } finally {
        await lock?.release();
      }
    },
  };
}
