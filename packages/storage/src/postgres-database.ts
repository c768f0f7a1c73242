import type { Logger } from '@grounded/core';
import { AppError, silentLogger } from '@grounded/core';
import pg from 'pg';
import { toAppError } from './pg-errors';
import type { Database, Queryable, QueryResult } from './types';

export interface PostgresDatabaseOptions {
  connectionString: string;
  /** Every pooled connection gets `search_path=<schema>`; the schema is created when missing. */
  schema?: string;
  max?: number;
  statementTimeoutMs?: number;
  /** How long to wait for a connection before failing with `database_unavailable` (default 5000). */
  connectTimeoutMs?: number;
  logger?: Logger;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;

// Both adapters return bigint columns (count(*), sums) as JS numbers so callers see the same shape
// from PGlite and Postgres; ids in this project are text, so no value near 2^53 goes through here.
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as pg.CustomTypesConfig;

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function run<R>(
  client: pg.Pool | pg.PoolClient,
  sql: string,
  params: readonly unknown[] | undefined,
): Promise<QueryResult<R>> {
  try {
    const result = await client.query(sql, params as unknown[] | undefined);
    // A multi-statement simple query returns an array of results; the contract returns the last.
    const last = Array.isArray(result) ? (result.at(-1) as pg.QueryResult) : result;
    return { rows: (last?.rows ?? []) as R[], rowCount: last?.rowCount ?? last?.rows.length ?? 0 };
  } catch (error) {
    throw toAppError(error, 'query');
  }
}

export async function createPostgresDatabase(options: PostgresDatabaseOptions): Promise<Database> {
  const logger = options.logger ?? silentLogger;
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new AppError('invalid_config', `schema name must match ${SCHEMA_NAME}: ${schema}`);
  }
  const startupOptions: string[] = [];
  // Set at connection start-up, so there is no window in which a pooled connection has the wrong path.
  if (schema) startupOptions.push(`-c search_path=${schema}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    types: typeParsers,
    ...(options.statementTimeoutMs !== undefined ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(startupOptions.length > 0 ? { options: startupOptions.join(' ') } : {}),
  });
  // An idle client whose server goes away emits 'error' on the pool; unhandled, it kills the process.
  pool.on('error', (error) => logger.warn({ err: error }, 'postgres idle client error'));

  if (schema) {
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    } catch (error) {
      // Two processes creating the same schema at once race on the catalog's unique index.
      const code = (error as { code?: string }).code;
      if (code !== '23505' && code !== '42P06') {
        await pool.end().catch(() => {});
        throw toAppError(error, 'create schema');
      }
    }
  }

  let closed = false;
  const database: Database = {
    kind: 'postgres',
    query: <R>(sql: string, params?: readonly unknown[]) => run<R>(pool, sql, params),
    exec: async (sql: string) => {
      await run(pool, sql, undefined);
    },
    background: () => database,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toAppError(error, 'connect');
      }
      let broken: Error | undefined;
      try {
        await run(client, 'BEGIN', undefined);
        const tx: Queryable = {
          query: <R>(sql: string, params?: readonly unknown[]) => run<R>(client, sql, params),
          exec: async (sql: string) => {
            await run(client, sql, undefined);
          },
        };
        const value = await fn(tx);
        await run(client, 'COMMIT', undefined);
        return value;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection is gone; tell the pool to discard it rather than reuse it.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw toAppError(error, 'transaction');
      } finally {
        client.release(broken);
      }
    },
    async ping() {
      await run(pool, 'SELECT 1', undefined);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
  return database;
}
