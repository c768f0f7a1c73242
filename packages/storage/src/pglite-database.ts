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

async function run<R>(target: PgliteLike, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  try {
    const result = await target.query<R>(sql, params ? [...params] : undefined);
    // PGlite reports affectedRows only for writes; a SELECT's count is its row count, as in pg.
    return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
  } catch (error) {
    throw toAppError(error, 'query');
  }
}

async function exec(target: PgliteLike, sql: string): Promise<void> {
  try {
    await target.exec(sql);
  } catch (error) {
    throw toAppError(error, 'exec');
  }
}

/**
 * The embedded default: Postgres compiled to WebAssembly, one connection per process. PGlite
 * itself queues every query behind an open transaction, so transactions are serialized and never
 * see each other's statements.
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
  return {
    kind: 'pglite',
    query: <R>(sql: string, params?: readonly unknown[]) => run<R>(pglite, sql, params),
    exec: (sql: string) => exec(pglite, sql),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
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
      }
    },
    async ping() {
      await run(pglite, 'SELECT 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pglite.close();
      } finally {
        await lock?.release();
      }
    },
  };
}
