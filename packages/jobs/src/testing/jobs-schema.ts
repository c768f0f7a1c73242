import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Database, migrationsDir, runMigrations } from '@grounded/storage';

/** The migrations of the jobs table. */
const JOBS_MIGRATIONS = ['0001_jobs.sql', '0009_job_documents.sql'];

/**
 * Applies only this package's migrations, so these tests do not depend on other packages' tables
 * (production applies the whole folder).
 */
export async function migrateJobsTable(db: Database): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'grounded-jobs-migrations-'));
  try {
    for (const file of JOBS_MIGRATIONS) {
      await copyFile(path.join(migrationsDir(), file), path.join(dir, file));
    }
    await runMigrations(db, { dir });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
