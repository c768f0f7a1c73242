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

describe('PGlite under concurrency (issue #16)', () => {
  it('lets the event loop run I/O between queued statements', async () => {
    const db = await createPgliteDatabase();
    try {
      await db.exec('CREATE TABLE burst (n integer)');
      const total = 300;
      let done = 0;
      const burst = Array.from({ length: total }, (_, n) =>
        db.query('INSERT INTO burst (n) VALUES ($1)', [n]).then(() => done++),
      );
      // A timer needs the loop to turn; before the fix it fired only after the whole burst.
      const doneAtTimer = await new Promise<number>((resolve) => setTimeout(() => resolve(done), 0));
      const doneAtSecondTimer = await new Promise<number>((resolve) => setTimeout(() => resolve(done), 0));
      await Promise.all(burst);
      expect(doneAtTimer).toBeLessThan(total / 2);
      expect(doneAtSecondTimer).toBeLessThan(total);
      const { rows } = await db.query<{ c: number }>('SELECT count(*)::int AS c FROM burst');
      expect(rows[0]?.c).toBe(total);
    } finally {
      await db.close();
    }
  });

  it('serves a queued statement after a transaction that waits on I/O, never inside it', async () => {
    const db = await createPgliteDatabase();
    try {
      await db.exec('CREATE TABLE seen (v text)');
      const order: string[] = [];
      const tx = db.transaction(async (t) => {
        await t.query("INSERT INTO seen (v) VALUES ('tx-1')");
        await new Promise((resolve) => setTimeout(resolve, 20));
        await t.query("INSERT INTO seen (v) VALUES ('tx-2')");
        order.push('tx');
      });
      const outside = db.query<{ c: number }>('SELECT count(*)::int AS c FROM seen').then((r) => {
        order.push('outside');
        return r.rows[0]?.c;
      });
      await tx;
      expect(await outside).toBe(2);
      expect(order).toEqual(['tx', 'outside']);
    } finally {
      await db.close();
    }
  });
});

describe('PGlite batch lane (issue #16)', () => {
  it('runs a statement queued behind many batch statements before them', async () => {
    const db = await createPgliteDatabase();
    try {
      await db.exec('CREATE TABLE bulk (n integer)');
      const order: string[] = [];
      const batch = Array.from({ length: 50 }, (_, n) =>
        db
          .background()
          .query('INSERT INTO bulk (n) VALUES ($1)', [n])
          .then(() => order.push(`batch-${n}`)),
      );
      const request = db.query('SELECT 1').then(() => order.push('request'));
      await Promise.all([...batch, request]);
      // At most the batch statement already running goes first.
      expect(order.indexOf('request')).toBeLessThanOrEqual(1);
      expect(order.filter((entry) => entry.startsWith('batch'))).toEqual(batch.map((_, n) => `batch-${n}`));
    } finally {
      await db.close();
    }
  });

  it('still runs batch statements under a constant stream of other statements', async () => {
    const db = await createPgliteDatabase();
    try {
      // Four callers, so that another statement is always waiting when one ends.
      let streaming = true;
      const streams = Array.from({ length: 4 }, async () => {
        while (streaming) await db.query('SELECT pg_sleep(0.002)');
      });
      const started = performance.now();
      await db.background().query('SELECT 1');
      const waited = performance.now() - started;
      streaming = false;
      await Promise.all(streams);
      // It yields for a while (250 ms), then takes its turn; without the limit it would wait forever.
      expect(waited).toBeLessThan(5_000);
    } finally {
      await db.close();
    }
  });
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
