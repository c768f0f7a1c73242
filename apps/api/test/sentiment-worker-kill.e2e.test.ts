import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '@grounded/core';
import { createPostgresDatabase } from '@grounded/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { type Container, createContainer } from '../src/container';
import { createLogger } from '../src/logger';

/**
 * Issue #6 acceptance: a sentiment batch on the real Postgres and Redis, processed by a separate
 * worker process (`tsx apps/api/src/worker-main.ts`) that is SIGKILLed mid-batch; a second worker
 * finishes it. Every row has exactly one result, every chunk is finished exactly once, and the
 * counters match the rows (nothing counted twice).
 */
const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;
const ROWS = 40_000;
const ROOT = repoRoot(import.meta.dirname);

describe.skipIf(!DATABASE_URL || !REDIS_URL)(
  'sentiment batch survives a killed worker (Postgres + Redis)',
  () => {
    const suffix = randomBytes(4).toString('hex');
    const schema = `t_kill_${suffix}`;
    const queue = `test-kill-${suffix}`;
    let dataDir: string;
    let container: Container;
    let server: Server;
    let url: string;
    let auth: Record<string, string>;
    const workers: ChildProcess[] = [];

    function startWorker(): ChildProcess {
      // node with the tsx loader, not the tsx CLI: the CLI is a wrapper whose child would survive
      // a SIGKILL sent to it, and the "killed" worker would quietly go on.
      const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/worker-main.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          DATABASE_URL,
          DATABASE_SCHEMA: schema,
          REDIS_URL,
          QUEUE_NAME: queue,
          DATA_DIR: dataDir,
          WORKER_CONCURRENCY: '2',
          DEMO_SEED: 'false',
          // The killed worker's chunks come back once their BullMQ lock has expired and a stalled
          // check has run: at the 30 s defaults that wait was most of this test. 10 s stays far
          // above any event-loop pause of a worker (the lock is renewed every 5 s).
          QUEUE_LOCK_MS: '10000',
          QUEUE_STALLED_CHECK_MS: '2000',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      workers.push(child);
      return child;
    }

    async function batch(
      id: string,
    ): Promise<{ status: string; progress: { rowsDone: number; rowsTotal: number } }> {
      const response = await fetch(`${url}/v1/sentiment/batches/${id}`, { headers: auth });
      return (await response.json()) as { status: string; progress: { rowsDone: number; rowsTotal: number } };
    }

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'grounded-kill-'));
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        DEMO_SEED: 'false',
        QUEUE_NAME: queue,
        DATABASE_URL,
        DATABASE_SCHEMA: schema,
        REDIS_URL,
        SENTIMENT_BATCH_CHUNK_ROWS: '400',
      });
      // The API only: no worker in this process, so all chunks go to the spawned workers.
      container = await createContainer(config, createLogger('silent'));
      const { key } = await container.apiKeys.create({
        tenantId: 'default',
        name: 'kill test',
        role: 'admin',
      });
      auth = { authorization: `Bearer ${key}` };
      server = await new Promise((resolve) => {
        const s = createApp(container).listen(0, '127.0.0.1', () => resolve(s));
      });
      const address = server.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });

    afterAll(async () => {
      for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await container?.close();
      const db = await createPostgresDatabase({ connectionString: DATABASE_URL! });
      await db.query(`drop schema if exists "${schema}" cascade`);
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('finishes with every row exactly once after the worker is SIGKILLed mid-batch', async () => {
      const words = ['great', 'awful', 'fine', 'broken', 'lovely', 'slow'];
      const lines = ['id,text'];
      for (let i = 0; i < ROWS; i++)
        lines.push(`r${i},The delivery was ${words[i % words.length]} and the box was ${i}.`);
      const upload = await fetch(`${url}/v1/sentiment/batches?idColumn=id`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/csv', 'idempotency-key': `kill-${suffix}` },
        body: `${lines.join('\n')}\n`,
      });
      expect(upload.status).toBe(202);
      const { id } = (await upload.json()) as { id: string };

      const first = startWorker();
      let atKill = 0;
      const deadline = Date.now() + 90_000;
      for (;;) {
        const b = await batch(id);
        if (b.progress.rowsDone > 0) {
          first.kill('SIGKILL');
          atKill = b.progress.rowsDone;
          break;
        }
        if (Date.now() > deadline) throw new Error('the first worker never started the batch');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise<void>((resolve) =>
        first.exitCode !== null || first.signalCode ? resolve() : first.once('exit', () => resolve()),
      );
      expect(first.signalCode).toBe('SIGKILL');
      // The worker process itself is gone, not just a wrapper around it.
      expect(() => process.kill(first.pid!, 0)).toThrow();
      const afterKill = await batch(id);
      // Killed mid-batch: some chunks were done, not all.
      expect(atKill).toBeGreaterThan(0);
      expect(afterKill.progress.rowsDone).toBeLessThan(ROWS);

      startWorker();
      const finishBy = Date.now() + 200_000;
      let final = afterKill;
      while (final.status !== 'succeeded') {
        if (Date.now() > finishBy)
          throw new Error(`batch still ${final.status} at ${final.progress.rowsDone} rows`);
        expect(final.status).not.toBe('failed');
        await new Promise((resolve) => setTimeout(resolve, 250));
        final = await batch(id);
      }
      expect(final.progress.rowsDone).toBe(ROWS);

      const db = container.db;
      const counts = await db.query<{
        results: number;
        distinct_rows: number;
        chunks: number;
        missing: number;
      }>(
        `select (select count(*) from sentiment_batch_results where batch_id = $1)::int as results,
              (select count(distinct row_no) from sentiment_batch_results where batch_id = $1)::int as distinct_rows,
              (select count(*) from sentiment_batch_chunks where batch_id = $1)::int as chunks,
              (select count(*) from sentiment_batch_rows r where r.batch_id = $1 and not exists
                 (select 1 from sentiment_batch_results x where x.batch_id = r.batch_id and x.row_no = r.row_no))::int as missing`,
        [id],
      );
      expect(counts.rows[0]).toEqual({ results: ROWS, distinct_rows: ROWS, chunks: ROWS / 400, missing: 0 });
      // The chunk counter equals the finished-chunk rows: no chunk was counted twice.
      const { rows } = await db.query<{ chunks_done: number; rows_done: number }>(
        'select chunks_done, rows_done from sentiment_batches where id = $1',
        [id],
      );
      expect(rows[0]).toEqual({ chunks_done: ROWS / 400, rows_done: ROWS });
    }, 300_000);
  },
);
