/**
 * The Database contract. Adapters: PostgreSQL through `pg` (production) and PGlite (embedded
 * default). Both run the same SQL from `migrations/`. No driver types leak through this contract.
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  /**
   * Parameterised only ($1, $2, …); never build SQL from strings. Pass jsonb values as
   * `JSON.stringify(value)` with a `$n::jsonb` cast (pg would turn a JS array into a Postgres
   * array). Both adapters return timestamptz as Date, jsonb parsed, int8 as number, numeric as string.
   */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /**
   * Runs a script of one or more statements without parameters (migrations). Added by the storage
   * package: PGlite's `query` takes one statement only, so scripts need their own entry point.
   */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /**
   * Runs `fn` in one transaction; commits on success, rolls back on throw. Inside `fn` use only
   * `tx`: PGlite has one connection, so a call on the Database itself waits for the transaction
   * to end and would deadlock.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * The same database for batch work (a large document's writes, index catch-up reads). On PGlite's
   * one connection its statements yield to every other waiting statement (but run once they have
   * waited a while, so batch work progresses under constant load); on Postgres, whose pool serves
   * statements side by side, it is the database itself.
   */
  background(): Queryable;
  /** Cheap liveness probe for /ready. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
