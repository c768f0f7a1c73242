import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { repoRoot } from '@grounded/core';

/**
 * The service and the CLI as a user runs them: separate processes started from the repository
 * (`npm start` is `tsx apps/api/src/main.ts`; `npx grounded` is apps/api/bin/grounded.js).
 */
export const ROOT = repoRoot(import.meta.dirname);
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** The test's environment without the settings that would point a child at the test's services. */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'DATABASE_SCHEMA',
    'REDIS_URL',
    'GROUNDED_URL',
    'GROUNDED_API_KEY',
    'DATA_DIR',
  ]) {
    delete env[name];
  }
  return {
    ...env,
    NODE_ENV: 'production',
    LOG_FORMAT: 'json',
    EMBEDDER_THREADS: '1',
    ...overrides,
  };
}

export interface ServerProcess {
  url: string;
  pid: number;
  /** Every log line so far, parsed. */
  lines: Record<string, unknown>[];
  /** Resolves with the first line for which `match` holds. */
  waitFor(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  stop(): Promise<number | null>;
}

/** `npm start` with `env`; resolves once it listens (its port is read from its log). */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(TSX, [path.join(ROOT, 'apps/api/src/main.ts')], {
    cwd: ROOT,
    env: childEnv({ PORT: '0', LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  const waiters = new Set<() => void>();
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        lines.push({ msg: part });
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit');
  const waitFor: ServerProcess['waitFor'] = (match, timeoutMs = 180_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = lines.find(match);
        if (found) {
          done();
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done();
          reject(
            new Error(`the server exited (${child.exitCode ?? child.signalCode}): ${stderr.slice(-2000)}`),
          );
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out; stderr: ${stderr.slice(-2000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
        child.off('exit', check);
      };
      waiters.add(check);
      child.on('exit', check);
      check();
    });
  const listening = await waitFor((line) => line.msg === 'API listening');
  return {
    url: `http://127.0.0.1:${listening.port}`,
    pid: child.pid!,
    lines,
    waitFor,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/** Runs a process to its end: exit code, stdout and stderr. */
export async function runProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child: ChildProcess = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** `npx grounded …`: the package's bin, run by node as npx would. */
export function runCli(args: string[], env: Record<string, string>) {
  return runProcess(process.execPath, [path.join(ROOT, 'apps/api/bin/grounded.js'), ...args], childEnv(env));
}

/** `npm start` to its end (for start-ups that must fail). */
export function runServerToEnd(env: Record<string, string>) {
  return runProcess(TSX, [path.join(ROOT, 'apps/api/src/main.ts')], childEnv({ PORT: '0', ...env }));
}
