import { AppError } from '@grounded/core';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase } from './postgres-database';
import { describeDatabaseConformance } from './testing/database-conformance';
import { dropSchema, uniqueSchema } from './testing/pg-schema';

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('Postgres adapter', () => {
  describeDatabaseConformance('Postgres', async () => {
    const schema = uniqueSchema('storage_conf');
    const db = await createPostgresDatabase({ connectionString: url!, schema, max: 4 });
    return {
      db,
      cleanup: async () => {
        await db.close();
        await dropSchema(url!, schema);
      },
    };
  });

  it('creates the schema and scopes every pooled connection to it', async () => {
    const schema = uniqueSchema('storage_path');
    const db = await createPostgresDatabase({ connectionString: url!, schema, max: 3 });
    try {
      await db.exec('CREATE TABLE marker (id int)');
      // Hold three connections at once so the check covers more than the first pooled client.
      const paths = await Promise.all(
        [0, 1, 2].map(() =>
          db.transaction(async (tx) => {
            await tx.query('SELECT pg_sleep(0.05)');
            return (await tx.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s;
          }),
        ),
      );
      expect(paths).toEqual([schema, schema, schema]);
      const { rows } = await db.query<{ n: string }>(
        'SELECT table_schema AS n FROM information_schema.tables WHERE table_name = $1',
        ['marker'],
      );
      expect(rows.map((r) => r.n)).toContain(schema);
    } finally {
      await db.close();
      await dropSchema(url!, schema);
    }
  });

  it('rejects an unsafe schema name', async () => {
    await expect(
      createPostgresDatabase({ connectionString: url!, schema: 'x"; DROP' }),
    ).rejects.toMatchObject({
      code: 'invalid_config',
    });
  });

  it('maps a statement timeout to a retryable database_timeout', async () => {
    const schema = uniqueSchema('storage_timeout');
    const db = await createPostgresDatabase({ connectionString: url!, schema, statementTimeoutMs: 100 });
    try {
      const failure = await db.query('SELECT pg_sleep(2)').catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe('database_timeout');
      expect((failure as AppError).retryable).toBe(true);
    } finally {
      await db.close();
      await dropSchema(url!, schema);
    }
  });
});

describe('Postgres adapter without a server', () => {
  it('fails fast with a retryable database_unavailable when nothing listens', async () => {
    // Port 1 on loopback: nothing listens there, so the connect is refused at once.
    const db = await createPostgresDatabase({ connectionString: 'postgres://postgres@127.0.0.1:1/test' });
    const started = Date.now();
    const failure = await db.query('SELECT 1').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('database_unavailable');
    expect((failure as AppError).retryable).toBe(true);
    await expect(db.ping()).rejects.toMatchObject({ code: 'database_unavailable' });
    await expect(db.transaction(async () => 1)).rejects.toMatchObject({ code: 'database_unavailable' });
    expect(Date.now() - started).toBeLessThan(5000);
    await db.close();
  });
});
