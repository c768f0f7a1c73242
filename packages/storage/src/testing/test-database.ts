import { migrationsDir, runMigrations } from '../migrations';
import { createPgliteDatabase } from '../pglite-database';
import { createPostgresDatabase } from '../postgres-database';
import type { Database } from '../types';
import { dropSchema, uniqueSchema } from './pg-schema';

export interface TestDatabase {
  db: Database;
  /** Closes the database and drops its schema. */
  close(): Promise<void>;
}

/**
 * A migrated database for one test file: a fresh schema on `DATABASE_URL`'s PostgreSQL when it is
 * set (the real database, as CI runs), else an in-memory PGlite (a clone without services).
 */
export async function openTestDatabase(prefix: string): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  const schema = uniqueSchema(prefix);
  const db = url
    ? await createPostgresDatabase({ connectionString: url, schema })
    : await createPgliteDatabase();
  await runMigrations(db, { dir: migrationsDir() });
  return {
    db,
    async close() {
      await db.close();
      if (url) await dropSchema(url, schema);
    },
  };
}
