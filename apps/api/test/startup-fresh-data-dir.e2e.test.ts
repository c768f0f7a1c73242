import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPostgresDatabase } from '@grounded/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerProcess } from './process-harness';

/**
 * Issue #17: with DATABASE_URL set and a DATA_DIR that did not exist yet, `npm start` crashed with
 * ENOENT on '<DATA_DIR>/demo-api-key': only the embedded database created the folder. Both paths
 * now start from a folder that does not exist, and the demo key they write answers.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startsFromNothing(env: Record<string, string>): Promise<void> {
  const parent = await mkdtemp(path.join(tmpdir(), 'grounded-start-'));
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  const dataDir = path.join(parent, 'not', 'yet', 'there');
  expect(existsSync(dataDir)).toBe(false);
  const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_SEED: 'true', ...env });
  cleanups.push(async () => void (await server.stop()));
  await server.waitFor(
    (line) => typeof line.msg === 'string' && line.msg.startsWith('demo collection ready'),
  );

  const keyFile = path.join(dataDir, 'demo-api-key');
  expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  const key = (await readFile(keyFile, 'utf8')).trim();
  const response = await fetch(`${server.url}/v1/collections/col_demo`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(response.status).toBe(200);
  // The demo answers in both of its languages with the product's default answerer: a Chinese
  // question is not put through the English similarity and gate (it abstained before).
  for (const [message, fact] of [
    ['How long is the free trial?', '30-day'],
    ['大语言模型是什么？', '神经网络'],
  ] as const) {
    const chat = await fetch(`${server.url}/v1/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ collectionId: 'col_demo', message }),
    });
    expect(chat.status).toBe(200);
    const body = (await chat.json()) as { answer: string; abstained: boolean; citations: unknown[] };
    expect(body.abstained).toBe(false);
    expect(body.answer).toContain(fact);
    expect(body.citations.length).toBeGreaterThan(0);
  }
  expect(await server.stop()).toBe(0);
}

describe('start-up on a DATA_DIR that does not exist (issue #17)', () => {
  it('embedded database', async () => {
    await startsFromNothing({});
  }, 300_000);

  it.skipIf(!process.env.DATABASE_URL)(
    'PostgreSQL (DATABASE_URL)',
    async () => {
      const url = process.env.DATABASE_URL!;
      const schema = `t_start_${randomBytes(4).toString('hex')}`;
      cleanups.push(async () => {
        const db = await createPostgresDatabase({ connectionString: url });
        await db.query(`drop schema if exists "${schema}" cascade`);
        await db.close();
      });
      await startsFromNothing({ DATABASE_URL: url, DATABASE_SCHEMA: schema });
    },
    300_000,
  );
});
