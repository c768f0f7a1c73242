import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@grounded/core';
import { AppError, repoRoot, sha256Hex, silentLogger } from '@grounded/core';
import type { Database, Queryable } from './types';

export interface RunMigrationsOptions {
  /** Folder of plain `.sql` files, applied in name order. */
  dir: string;
  logger?: Logger;
}

export interface MigrationsOutcome {
  /** Files this call applied. */
  applied: string[];
  /** Files already applied (by an earlier run or by a concurrent process). */
  skipped: string[];
}

interface MigrationFile {
  name: string;
  sql: string;
  sha256: string;
}

/** The repository's `migrations/` folder. */
export function migrationsDir(): string {
  return path.join(repoRoot(), 'migrations');
}

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.sql'));
  } catch (error) {
    throw new AppError('migrations_dir_missing', `cannot read migrations folder ${dir}`, { cause: error });
  }
  names.sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name), 'utf8');
      return { name, sql, sha256: sha256Hex(sql) };
    }),
  );
}

/**
 * Serializes migrators of the same schema across processes. The lock is transaction-scoped, so a
 * crashed migrator can never leave it held; keyed by schema so parallel test schemas don't queue.
 */
async function lock(tx: Queryable): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('grounded.migrations.' || current_schema()))`);
}

function refuseModified(file: MigrationFile, recordedSha: string): never {
  throw new AppError(
    'migration_modified',
    `migration ${file.name} was edited after it was applied (recorded sha256 ${recordedSha.slice(0, 12)}…, file ${file.sha256.slice(0, 12)}…); add a new migration instead`,
    { details: { migration: file.name } },
  );
}

export async function runMigrations(db: Database, options: RunMigrationsOptions): Promise<MigrationsOutcome> {
  const logger = options.logger ?? silentLogger;
  const files = await readMigrations(options.dir);

  const recorded = await db.transaction(async (tx) => {
    await lock(tx);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      sha256 text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ name: string; sha256: string }>(
      'SELECT name, sha256 FROM schema_migrations',
    );
    return new Map(rows.map((row) => [row.name, row.sha256]));
  });

  // Refuse before applying anything, so a bad checkout never half-migrates.
  for (const file of files) {
    const sha = recorded.get(file.name);
    if (sha !== undefined && sha !== file.sha256) refuseModified(file, sha);
  }
  const known = new Set(files.map((file) => file.name));
  for (const name of recorded.keys()) {
    if (!known.has(name)) logger.warn({ migration: name }, 'applied migration has no file in the folder');
  }

  const applied: string[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    if (recorded.has(file.name)) {
      skipped.push(file.name);
      continue;
    }
    const didApply = await db.transaction(async (tx) => {
      await lock(tx);
      // Re-check under the lock: another process may have applied it since we looked.
      const { rows } = await tx.query<{ sha256: string }>(
        'SELECT sha256 FROM schema_migrations WHERE name = $1',
        [file.name],
      );
      const existing = rows[0];
      if (existing) {
        if (existing.sha256 !== file.sha256) refuseModified(file, existing.sha256);
        return false;
      }
      try {
        await tx.exec(file.sql);
      } catch (error) {
        // A lost connection stays retryable; anything else is a broken migration.
        if (error instanceof AppError && error.retryable) throw error;
        throw new AppError('migration_failed', `migration ${file.name} failed: ${(error as Error).message}`, {
          details: { migration: file.name },
          cause: error,
        });
      }
      await tx.query('INSERT INTO schema_migrations (name, sha256) VALUES ($1, $2)', [
        file.name,
        file.sha256,
      ]);
      return true;
    });
    if (didApply) {
      applied.push(file.name);
      logger.info({ migration: file.name }, 'migration applied');
    } else {
      skipped.push(file.name);
    }
  }
  return { applied, skipped };
}
