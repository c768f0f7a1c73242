import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@grounded/core';

/**
 * Real processes for the reliability suite (issue #7): the API, the worker and the CLI as a
 * deployment runs them, plus a Redis server and a PostgreSQL cluster that a test owns and may stop.
 */
export const ROOT = repoRoot(import.meta.dirname);
const run = promisify(execFile);

/** Settings a test must choose itself rather than inherit from the suite's environment. */
const OWNED = ['DATABASE_URL', 'DATABASE_SCHEMA', 'REDIS_URL', 'QUEUE_NAME', 'DATA_DIR', 'PORT'];

export function baseEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OWNED.includes(name)));
  return { ...inherited, NODE_ENV: 'test', LOG_LEVEL: 'warn', DEMO_SEED: 'false', ...env };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Proc {
  child: ChildProcess;
  /** The last 20 kB of stdout and stderr, for failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * node with the tsx loader, not the tsx CLI: the CLI is a wrapper whose child survives a SIGKILL
 * (or misses a SIGTERM) sent to the wrapper.
 */
export function spawnTs(script: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (part: Buffer) => {
    tail = (tail + part.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, output: () => tail, exited };
}

export function isRunning(proc: Proc): boolean {
  return proc.child.exitCode === null && proc.child.signalCode === null;
}

export async function stop(proc: Proc | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!proc || !isRunning(proc)) return;
  proc.child.kill(signal);
  await proc.exited;
}

/** Runs `grounded create-key` (the CLI) with the deployment's settings; returns the printed key. */
export async function createKeyWithCli(env: NodeJS.ProcessEnv, role = 'admin'): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'apps/api/src/cli.ts', 'create-key', '--tenant', 'default', '--role', role],
    { cwd: ROOT, env, timeout: 90_000 },
  );
  const key = stdout.trim().split('\n').at(-1)?.trim() ?? '';
  if (!/^\S{20,}$/.test(key)) throw new Error(`create-key printed no key:\n${stdout}`);
  return key;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export interface ApiProcess extends Proc {
  url: string;
  port: number;
}

/** `tsx apps/api/src/main.ts` on a free port; resolves once /health answers. */
export async function startApi(env: NodeJS.ProcessEnv, port?: number): Promise<ApiProcess> {
  const chosen = port ?? (await freePort());
  const proc = spawnTs('apps/api/src/main.ts', [], { ...env, PORT: String(chosen), HOST: '127.0.0.1' });
  const url = `http://127.0.0.1:${chosen}`;
  await waitFor(
    'the API to answer /health',
    async () => {
      if (!isRunning(proc)) throw new Error(`the API exited:\n${proc.output()}`);
      return (await fetch(`${url}/health`)).ok;
    },
    120_000,
  ).catch((error: Error) => {
    proc.child.kill('SIGKILL');
    throw new Error(`${error.message}\n${proc.output()}`);
  });
  return { ...proc, url, port: chosen };
}

export function startWorker(env: NodeJS.ProcessEnv): Proc {
  return spawnTs('apps/api/src/worker-main.ts', [], env);
}

async function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

export function hasRedisServer(): boolean {
  return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].some((file) => existsSync(file));
}

/** A throwaway redis-server (no persistence) on a port the test chose; stop and start it at will. */
export class TestRedis {
  private proc: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(`redis on ${this.port}`, () => redisPing(this.port), 10_000, 50);
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    // SIGKILL: an outage, not a polite shutdown the clients are told about.
    proc.kill('SIGKILL');
    await exited;
  }
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

export function hasPostgresBinaries(): boolean {
  return existsSync(path.join(PG_BIN, 'initdb')) && existsSync(path.join(PG_BIN, 'pg_ctl'));
}

/**
 * A PostgreSQL cluster of the test's own, in a temporary folder on a free port, never the shared
 * one. PostgreSQL refuses to run as root, so as root it runs as the 'postgres' user.
 */
export class TestPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<TestPostgres> {
    const dir = await mkdtemp(path.join(tmpdir(), 'grounded-pg-'));
    if (process.getuid?.() === 0) {
      const { uid, gid } = await pgUser();
      await chown(dir, uid, gid);
    }
    const cluster = new TestPostgres(dir, await freePort());
    await cluster.exec('initdb', [
      '-D',
      cluster.data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    return cluster;
  }

  get data(): string {
    return path.join(this.dir, 'data');
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    await this.exec('pg_ctl', [
      '-D',
      this.data,
      '-l',
      path.join(this.dir, 'log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`,
      'start',
    ]);
  }

  /** 'immediate' is a crash as far as clients are concerned: connections drop mid-flight. */
  async stop(mode: 'fast' | 'immediate' = 'immediate'): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '30', 'stop']).catch(() => undefined);
  }

  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    const file = path.join(PG_BIN, tool);
    if (process.getuid?.() === 0)
      await run('runuser', ['-u', 'postgres', '--', file, ...args], { timeout: 60_000 });
    else await run(file, args, { timeout: 60_000 });
  }
}

async function pgUser(): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
    run('id', ['-u', 'postgres']),
    run('id', ['-g', 'postgres']),
  ]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/** Drops a test's schema on the shared Postgres. */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const { createPostgresDatabase } = await import('@grounded/storage');
  const db = await createPostgresDatabase({ connectionString: databaseUrl });
  await db.query(`drop schema if exists "${schema}" cascade`);
  await db.close();
}
