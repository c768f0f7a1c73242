import { AppError } from '@grounded/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../types';

export interface OpenedDatabase {
  db: Database;
  cleanup(): Promise<void>;
}

/** The behaviour every Database adapter must share; run once per adapter. */
export function describeDatabaseConformance(name: string, open: () => Promise<OpenedDatabase>): void {
  describe(`Database conformance: ${name}`, () => {
    let opened: OpenedDatabase;
    let db: Database;

    beforeAll(async () => {
      opened = await open();
      db = opened.db;
      await db.exec(`
        CREATE TABLE items (id text PRIMARY KEY, n integer NOT NULL, doc jsonb, at timestamptz);
        CREATE TABLE tags (item_id text NOT NULL REFERENCES items(id), tag text NOT NULL);
      `);
    });
    afterAll(async () => {
      await opened?.cleanup();
    });

    it('binds parameters and reports row counts', async () => {
      const inserted = await db.query('INSERT INTO items (id, n) VALUES ($1, $2), ($3, $4)', [
        'p1',
        1,
        'p2',
        2,
      ]);
      expect(inserted.rowCount).toBe(2);
      const tricky = "x'); DROP TABLE items; --";
      await db.query('INSERT INTO items (id, n) VALUES ($1, $2)', [tricky, 3]);
      const { rows, rowCount } = await db.query<{ id: string; n: number }>(
        'SELECT id, n FROM items WHERE n >= $1 ORDER BY n',
        [2],
      );
      expect(rows).toEqual([
        { id: 'p2', n: 2 },
        { id: tricky, n: 3 },
      ]);
      expect(rowCount).toBe(2);
      const counted = await db.query<{ c: number }>('SELECT count(*) AS c FROM items');
      expect(counted.rows[0]?.c).toBe(3);
      const updated = await db.query('UPDATE items SET n = n + 10 WHERE id = ANY($1::text[])', [
        ['p1', 'p2'],
      ]);
      expect(updated.rowCount).toBe(2);
    });

    it('commits a transaction and returns its value', async () => {
      const value = await db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id, n) VALUES ($1, $2)', ['t1', 7]);
        const { rows } = await tx.query<{ n: number }>('SELECT n FROM items WHERE id = $1', ['t1']);
        return rows[0]?.n;
      });
      expect(value).toBe(7);
      const { rowCount } = await db.query('SELECT 1 FROM items WHERE id = $1', ['t1']);
      expect(rowCount).toBe(1);
    });

    it('rolls back when the callback throws, and rethrows', async () => {
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO items (id, n) VALUES ($1, $2)', ['r1', 1]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const { rowCount } = await db.query('SELECT 1 FROM items WHERE id = $1', ['r1']);
      expect(rowCount).toBe(0);
    });

    it('rolls back when a statement fails inside the transaction', async () => {
      await db.query('INSERT INTO items (id, n) VALUES ($1, $2)', ['dup', 1]);
      const failure = await db
        .transaction(async (tx) => {
          await tx.query('INSERT INTO items (id, n) VALUES ($1, $2)', ['r2', 1]);
          await tx.query('INSERT INTO items (id, n) VALUES ($1, $2)', ['dup', 2]);
        })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe('conflict');
      const { rowCount } = await db.query('SELECT 1 FROM items WHERE id = $1', ['r2']);
      expect(rowCount).toBe(0);
    });

    it('maps a unique violation to AppError conflict naming the constraint', async () => {
      await db.query('INSERT INTO items (id, n) VALUES ($1, $2)', ['u1', 1]);
      const failure = await db
        .query('INSERT INTO items (id, n) VALUES ($1, $2)', ['u1', 2])
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe('conflict');
      expect((failure as AppError).retryable).toBe(false);
      expect((failure as AppError).details?.constraint).toBe('items_pkey');
    });

    it('maps a foreign-key violation and a syntax error to distinct codes', async () => {
      const fk = await db
        .query('INSERT INTO tags (item_id, tag) VALUES ($1, $2)', ['nope', 'a'])
        .catch((e) => e);
      expect((fk as AppError).code).toBe('invalid_reference');
      const syntax = await db.query('SELEC 1').catch((e: unknown) => e);
      expect(syntax).toBeInstanceOf(AppError);
      expect((syntax as AppError).code).toBe('database_error');
      expect((syntax as AppError).details?.sqlstate).toBe('42601');
    });

    it('round-trips jsonb, including arrays, unicode and nesting', async () => {
      const doc = {
        title: '大型语言模型',
        tags: ['a', 'b'],
        nested: { n: 1.5, ok: true, none: null },
        list: [1, [2]],
      };
      await db.query('INSERT INTO items (id, n, doc) VALUES ($1, $2, $3::jsonb)', [
        'j1',
        1,
        JSON.stringify(doc),
      ]);
      const { rows } = await db.query<{ doc: unknown }>('SELECT doc FROM items WHERE id = $1', ['j1']);
      expect(rows[0]?.doc).toEqual(doc);
      const arr = [{ a: 1 }, 'two'];
      await db.query('INSERT INTO items (id, n, doc) VALUES ($1, $2, $3::jsonb)', [
        'j2',
        1,
        JSON.stringify(arr),
      ]);
      const field = await db.query<{ v: string }>(
        "SELECT doc->0->>'a' AS v, doc->>1 AS w, jsonb_typeof(doc) AS t FROM items WHERE id = $1",
        ['j2'],
      );
      expect(field.rows[0]).toEqual({ v: '1', w: 'two', t: 'array' });
    });

    it('stores timestamptz as an instant and returns a Date', async () => {
      const at = new Date('2024-02-29T23:59:58.123Z');
      await db.query('INSERT INTO items (id, n, at) VALUES ($1, $2, $3)', ['ts1', 1, at.toISOString()]);
      await db.query('INSERT INTO items (id, n, at) VALUES ($1, $2, $3::timestamptz)', [
        'ts2',
        1,
        '2024-03-01T08:59:58.123+09:00',
      ]);
      const { rows } = await db.query<{ id: string; at: Date }>(
        "SELECT id, at FROM items WHERE id IN ('ts1', 'ts2') ORDER BY id",
      );
      expect(rows[0]?.at).toBeInstanceOf(Date);
      expect(rows[0]?.at.toISOString()).toBe(at.toISOString());
      expect(rows[1]?.at.getTime()).toBe(at.getTime());
      const now = await db.query<{ now: Date }>('SELECT now() AS now');
      expect(Math.abs((now.rows[0]?.now.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    });

    it('runs multi-statement scripts through exec', async () => {
      await db.exec(
        `INSERT INTO items (id, n) VALUES ('e1', 1); INSERT INTO items (id, n) VALUES ('e2', 2);`,
      );
      const { rowCount } = await db.query("SELECT 1 FROM items WHERE id IN ('e1', 'e2')");
      expect(rowCount).toBe(2);
    });

    it('keeps concurrent transactions isolated and all committed', async () => {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          db.transaction(async (tx) => {
            await tx.query('INSERT INTO items (id, n) VALUES ($1, $2)', [`c${i}`, i]);
            await tx.query('UPDATE items SET n = n + 100 WHERE id = $1', [`c${i}`]);
          }),
        ),
      );
      const { rows } = await db.query<{ s: number }>(
        "SELECT sum(n)::int8 AS s FROM items WHERE id LIKE 'c_'",
      );
      expect(rows[0]?.s).toBe(8 * 100 + 28);
    });

    it('runs batch statements through background(), seeing committed data', async () => {
      const batch = db.background();
      await batch.query("INSERT INTO items (id, n) VALUES ('bg1', 5)");
      const { rows } = await db.query<{ n: number }>("SELECT n FROM items WHERE id = 'bg1'");
      expect(rows).toEqual([{ n: 5 }]);
      const again = await batch.query<{ n: number }>("SELECT n FROM items WHERE id = 'bg1'");
      expect(again.rows).toEqual([{ n: 5 }]);
    });

    it('answers ping', async () => {
      await expect(db.ping()).resolves.toBeUndefined();
    });
  });
}
