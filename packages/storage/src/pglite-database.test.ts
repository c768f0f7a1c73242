import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPgliteDatabase } from './pglite-database';
import { describeDatabaseConformance } from './testing/database-conformance';

describeDatabaseConformance('PGlite (in memory)', async () => {
  const db = await createPgliteDatabase();
  return { db, cleanup: () => db.close() };
});

describe('PGlite on disk', () => {
  it('keeps data across close and reopen of the same folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'grounded-pglite-'));
    try {
      const first = await createPgliteDatabase({ dataDir: dir });
      await first.exec('CREATE TABLE kept (id text PRIMARY KEY)');
      await first.query('INSERT INTO kept (id) VALUES ($1)', ['survives']);
      await first.close();
      const second = await createPgliteDatabase({ dataDir: dir });
      const { rows } = await second.query<{ id: string }>('SELECT id FROM kept');
      expect(rows).toEqual([{ id: 'survives' }]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
