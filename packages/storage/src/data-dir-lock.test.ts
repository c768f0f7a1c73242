import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDirectory, lockFileOf } from './data-dir-lock';
import { createPgliteDatabase } from './pglite-database';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const parent = await mkdtemp(path.join(tmpdir(), 'grounded-lock-'));
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  return path.join(parent, 'pglite');
}

/** A real other process, alive until the test ends. */
async function otherProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await once(child, 'spawn');
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
      await once(child, 'exit');
    }
  });
  return child.pid!;
}

describe('lockDirectory (issue #17: one writer per embedded data folder)', () => {
  it('refuses a second holder, naming the first, until the first releases', async () => {
    const dir = await tempDir();
    const first = await lockDirectory(dir);
    expect(first.file).toBe(`${dir}.lock`);
    const refused = await lockDirectory(dir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as DataDirLockedError).holder?.pid).toBe(process.pid);
    expect((refused as Error).message).toContain(`pid ${process.pid}`);
    await first.release();
    expect(existsSync(first.file)).toBe(false);
    const second = await lockDirectory(dir);
    await second.release();
  });

  it('refuses while another live process holds it, and takes over once that process is gone', async () => {
    const dir = await tempDir();
    const pid = await otherProcess();
    const record = {
      pid,
      hostname: hostname(),
      command: 'apps/api/src/main.ts',
      since: '2026-01-01T00:00:00Z',
    };
    await writeFile(lockFileOf(dir), JSON.stringify(record));
    const refused = (await lockDirectory(dir).catch((error: unknown) => error)) as DataDirLockedError;
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect(refused.message).toContain(`pid ${pid}`);
    expect(refused.message).toContain('apps/api/src/main.ts');

    process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lock = await lockDirectory(dir);
    expect(JSON.parse(await readFile(lock.file, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('never takes over a lock written on another host', async () => {
    const dir = await tempDir();
    const record = { pid: 1, hostname: `${hostname()}-elsewhere`, command: 'x', since: 'y' };
    await writeFile(lockFileOf(dir), JSON.stringify(record));
    await expect(lockDirectory(dir)).rejects.toThrow(/on .*-elsewhere/);
  });

  it('treats a fresh unreadable lock file as held and an old one as debris', async () => {
    const dir = await tempDir();
    await writeFile(lockFileOf(dir), '');
    await expect(lockDirectory(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    const old = new Date(Date.now() - 60_000);
    await utimes(lockFileOf(dir), old, old);
    const lock = await lockDirectory(dir);
    await lock.release();
  });

  it('PGlite on disk: a second open of the same folder fails instead of writing into the void', async () => {
    const dir = await tempDir();
    const db = await createPgliteDatabase({ dataDir: dir });
    await expect(createPgliteDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    await db.close();
    expect(existsSync(lockFileOf(dir))).toBe(false);
    const reopened = await createPgliteDatabase({ dataDir: dir });
    await reopened.close();
  });
});
