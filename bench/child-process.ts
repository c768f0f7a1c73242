import { spawn } from 'node:child_process';
import path from 'node:path';

/** Runs a script in a fresh node process (tsx loader, GC exposed) and parses its last JSON line. */
export function child<T = Record<string, number>>(args: string[], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', ...args], {
      cwd: path.join(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => {
      out += d;
    });
    proc.stderr.on('data', (d) => {
      err += d;
    });
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.on('error', reject);
    proc.on('close', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`child ${args.join(' ')} exited ${code}: ${err.slice(-800)}`));
      }
    });
  });
}

/** node args that run a bench/children script under the tsx loader. */
export function tsxChild(script: string, ...rest: string[]): string[] {
  return ['--import', 'tsx', path.join(import.meta.dirname, 'children', script), ...rest];
}
