import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError, sha256Hex } from '@grounded/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations } from './migrations';
import { createPgliteDatabase } from './pglite-database';
import { createPostgresDatabase } from './postgres-database';
import { dropSchema, uniqueSchema } from './testing/pg-schema';
import { spawnTsx } from './testing/spawn-tsx';
import type { Database } from './types';

const url = process.env.DATABASE_URL;

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
}

// Named so that numeric and name order differ ("0010" after "0002"), and 0002 depends on 0001.
const BASE = {
  '0001_people.sql': 'CREATE TABLE people (id text PRIMARY KEY);\nCREATE INDEX people_id ON people (id);',
  '0002_pets.sql': 'CREATE TABLE pets (id text PRIMARY KEY, owner text REFERENCES people(id));',
  '0010_seed.sql':
    "INSERT INTO people (id) VALUES ('ada');\nINSERT INTO pets (id, owner) VALUES ('rex', 'ada');",
  'README.md': 'not a migration',
};

interface OpenedRunnerDb {
  db: Database;
  /** Empties the database between tests (cheaper than opening a new one, which PGlite pays dearly for). */
  reset(): Promise<void>;
  cleanup(): Promise<void>;
}

function describeRunner(name: string, open: () => Promise<OpenedRunnerDb>) {
  describe(`runMigrations on ${name}`, () => {
    let dir: string;
    let db: Database;
    let opened: OpenedRunnerDb;

    beforeAll(async () => {
      opened = await open();
      db = opened.db;
    });
    afterAll(async () => {
      await opened?.cleanup();
    });
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'grounded-migrations-'));
      await opened.reset();
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('applies .sql files in name order, records name and sha256, and skips them next time', async () => {
      await writeFiles(dir, BASE);
      const first = await runMigrations(db, { dir });
      expect(first).toEqual({ applied: ['0001_people.sql', '0002_pets.sql', '0010_seed.sql'], skipped: [] });
      const { rows } = await db.query<{ name: string; sha256: string; applied_at: Date }>(
        'SELECT name, sha256, applied_at FROM schema_migrations ORDER BY name',
      );
      expect(rows.map((r) => r.name)).toEqual(first.applied);
      expect(rows[1]?.sha256).toBe(sha256Hex(await readFile(path.join(dir, '0002_pets.sql'), 'utf8')));
      expect(rows[0]?.applied_at).toBeInstanceOf(Date);

      await writeFiles(dir, { '0011_more.sql': "INSERT INTO people (id) VALUES ('bob');" });
      const second = await runMigrations(db, { dir });
      expect(second).toEqual({ applied: ['0011_more.sql'], skipped: first.applied });
      const people = await db.query<{ id: string }>('SELECT id FROM people ORDER BY id');
      expect(people.rows.map((r) => r.id)).toEqual(['ada', 'bob']);
    });

    it('refuses an applied migration whose file changed, naming it, and applies nothing new', async () => {
      await writeFiles(dir, BASE);
      await runMigrations(db, { dir });
      await writeFiles(dir, {
        '0002_pets.sql': 'CREATE TABLE pets (id text PRIMARY KEY, owner text);',
        '0020_new.sql': 'CREATE TABLE later (id int);',
      });
      const failure = await runMigrations(db, { dir }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe('migration_modified');
      expect((failure as AppError).message).toContain('0002_pets.sql');
      expect((failure as AppError).details).toEqual({ migration: '0002_pets.sql' });
      const { rowCount } = await db.query("SELECT 1 FROM schema_migrations WHERE name = '0020_new.sql'");
      expect(rowCount).toBe(0);
    });

    it('rolls back a failing migration entirely and does not record it', async () => {
      await writeFiles(dir, {
        '0001_ok.sql': 'CREATE TABLE ok (id int);',
        '0002_bad.sql': 'CREATE TABLE half (id int);\nINSERT INTO missing_table VALUES (1);',
        '0003_after.sql': 'CREATE TABLE after_bad (id int);',
      });
      const failure = await runMigrations(db, { dir }).catch((e: unknown) => e);
      expect((failure as AppError).code).toBe('migration_failed');
      expect((failure as AppError).details).toEqual({ migration: '0002_bad.sql' });
      const tables = await db.query<{ t: string }>(
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('ok', 'half', 'after_bad')",
      );
      expect(tables.rows.map((r) => r.t)).toEqual(['ok']);
      const recorded = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
      expect(recorded.rows.map((r) => r.name)).toEqual(['0001_ok.sql']);
    });

    it('reports a missing folder clearly', async () => {
      await expect(runMigrations(db, { dir: path.join(dir, 'nope') })).rejects.toMatchObject({
        code: 'migrations_dir_missing',
      });
    });
  });
}

describeRunner('PGlite', async () => {
  const db = await createPgliteDatabase();
  return {
    db,
    reset: () => db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;'),
    cleanup: () => db.close(),
  };
});

describe.skipIf(!url)('runMigrations on Postgres', () => {
  describeRunner('Postgres', async () => {
    const schema = uniqueSchema('mig');
    const db = await createPostgresDatabase({ connectionString: url!, schema, max: 3 });
    return {
      db,
      reset: () => db.exec(`DROP SCHEMA "${schema}" CASCADE; CREATE SCHEMA "${schema}";`),
      cleanup: async () => {
        await db.close();
        await dropSchema(url!, schema);
      },
    };
  });

  // Each migration sleeps and does something that fails or double-counts if applied twice.
  const RACY = {
    '0001_log.sql':
      "SELECT pg_sleep(0.3);\nCREATE TABLE applied_log (name text NOT NULL);\nINSERT INTO applied_log VALUES ('0001');",
    '0002_table.sql':
      "SELECT pg_sleep(0.3);\nCREATE TABLE once (id int);\nINSERT INTO applied_log VALUES ('0002');",
    '0003_more.sql': "SELECT pg_sleep(0.3);\nINSERT INTO applied_log VALUES ('0003');",
  };

  async function expectAppliedOnce(db: Database): Promise<void> {
    const log = await db.query<{ name: string; c: number }>(
      'SELECT name, count(*) AS c FROM applied_log GROUP BY name ORDER BY name',
    );
    expect(log.rows).toEqual([
      { name: '0001', c: 1 },
      { name: '0002', c: 1 },
      { name: '0003', c: 1 },
    ]);
    const recorded = await db.query('SELECT name FROM schema_migrations');
    expect(recorded.rowCount).toBe(3);
  }

  it('two separate processes migrating at once apply each migration exactly once', async () => {
    const schema = uniqueSchema('mig_procs');
    const dir = await mkdtemp(path.join(tmpdir(), 'grounded-migrations-'));
    const db = await createPostgresDatabase({ connectionString: url!, schema, max: 2 });
    try {
      await writeFiles(dir, RACY);
      const script = path.join(import.meta.dirname, 'test-fixtures', 'migrate-child.ts');
      const startAt = String(Date.now() + 3000);
      const children = [0, 1].map(() => spawnTsx(script, [url!, schema, dir, startAt]));
      const outcomes = await Promise.all(children.map((c) => c.done));
      for (const outcome of outcomes) expect(outcome.code, outcome.stderr).toBe(0);
      const results = outcomes.map(
        (o) => JSON.parse(o.stdout.trim()) as { pid: number; applied: string[]; skipped: string[] },
      );
      expect(results[0]?.pid).not.toBe(results[1]?.pid);
      const allApplied = results.flatMap((r) => r.applied).sort();
      expect(allApplied).toEqual(Object.keys(RACY));
      // Every file was either applied or skipped by each process.
      for (const r of results) expect([...r.applied, ...r.skipped].sort()).toEqual(Object.keys(RACY));
      await expectAppliedOnce(db);
    } finally {
      await db.close();
      await dropSchema(url!, schema);
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('two pools in one process migrating at once apply each migration exactly once', async () => {
    const schema = uniqueSchema('mig_pools');
    const dir = await mkdtemp(path.join(tmpdir(), 'grounded-migrations-'));
    const a = await createPostgresDatabase({ connectionString: url!, schema, max: 2 });
    const b = await createPostgresDatabase({ connectionString: url!, schema, max: 2 });
    try {
      await writeFiles(dir, RACY);
      const [ra, rb] = await Promise.all([runMigrations(a, { dir }), runMigrations(b, { dir })]);
      expect([...ra.applied, ...rb.applied].sort()).toEqual(Object.keys(RACY));
      await expectAppliedOnce(a);
    } finally {
      await a.close();
      await b.close();
      await dropSchema(url!, schema);
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
