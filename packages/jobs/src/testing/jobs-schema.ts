import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Database, migrationsDir, runMigrations } from '@grounded/storage';

/**
 * Applies only this package's migration, so these tests do not depend on other packages' tables
 * (production applies the whole folder).
 */
export async function migrateJobsTable(db: Database): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'grounded-jobs-migrations-'));
  try {
    await copyFile(path.join(migrationsDir(), '0001_jobs.sql'), path.join(dir, '0001_jobs.sql'));
    await runMigrations(db, { dir });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
