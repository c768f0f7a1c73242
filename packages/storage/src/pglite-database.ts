import { PGlite } from '@electric-sql/pglite';
import { type DirectoryLock, lockDirectory } from './data-dir-lock';
import { toAppError } from './pg-errors';
import type { Database, Queryable, QueryResult } from './types';

export interface PgliteDatabaseOptions {
  /** A folder for the data files; undefined keeps everything in memory (tests). */
  dataDir?: string;
}

interface PgliteLike {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

/**
 * One macrotask turn. PGlite runs each statement synchronously in WASM and settles its promise as
 * a microtask, so a queue of statements (50 clients' requests) would otherwise run back to back
 * without the event loop ever reaching its poll phase: new connections and request bodies wait
 * for the whole queue (issue #16: PGlite p99 47.6 s under the bench's load, 1.2 s on Postgres).
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function run<R>(target: PgliteLike, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  try {
    const result = await target.query<R>(sql, params ? [...params] : undefined);
    // PGlite reports affectedRows only for writes; a SELECT's count is its row count, as in pg.
    return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
  } catch (error) {
    throw toAppError(error, 'query');
  } finally {
    await nextTurn();
  }
}

async function exec(target: PgliteLike, sql: string): Promise<void> {
  try {
    await target.exec(sql);
  } catch (error) {
    throw toAppError(error, 'exec');
  } finally {
    await nextTurn();
  }
}

/**
 * The embedded default: Postgres compiled to WebAssembly, one connection per process. Statements
 * and transactions take turns through one queue here (as they would on PGlite's own single
 * connection), with a macrotask turn between any two, so I/O is served between statements; a
 * transaction holds the queue until it ends, so transactions never see each other's statements.
 */
export async function createPgliteDatabase(options: PgliteDatabaseOptions = {}): Promise<Database> {
  // One process per data folder (issue #17); throws DataDirLockedError naming the holder.
  const lock: DirectoryLock | null =
    options.dataDir === undefined ? null : await lockDirectory(options.dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  } catch (error) {
    await lock?.release();
    throw toAppError(error, `open PGlite${options.dataDir ? ` at ${options.dataDir}` : ''}`);
  }
  let closed = false;
  // The tail of the queue: each caller waits for the previous one (its outcome ignored).
  let tail: Promise<unknown> = Promise.resolve();
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const turn = tail.then(fn, fn);
    tail = turn.catch(() => undefined);
    return turn;
  }
  return {
    kind: 'pglite',
    query: <R>(sql: string, params?: readonly unknown[]) => serial(() => run<R>(pglite, sql, params)),
    exec: (sql: string) => serial(() => exec(pglite, sql)),
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return serial(async () => {
        try {
          return await pglite.transaction(async (raw) => {
            const tx: Queryable = {
              query: <R>(sql: string, params?: readonly unknown[]) => run<R>(raw, sql, params),
              exec: (sql: string) => exec(raw, sql),
            };
            return fn(tx);
          });
        } catch (error) {
          throw toAppError(error, 'transaction');
        } finally {
          await nextTurn();
        }
      });
    },
    async ping() {
      await serial(() => run(pglite, 'SELECT 1'));
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        // After every queued statement, as PGlite's own close would.
        await serial(() => pglite.close());
      } finally {
        await lock?.release();
      }
    },
  };
}
