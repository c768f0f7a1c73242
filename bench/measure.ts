import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

/** Nearest-rank percentile; with fewer than 100 samples p99 is the maximum (we say so in notes). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function summarize(ms: readonly number[]): LatencySummary {
  const mean = ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length);
  return { n: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), mean };
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

let gcFn: (() => void) | null | undefined;
/**
 * A full GC before an RSS reading, so a delta measures what is retained, not garbage. `npm run
 * bench` starts node without --expose-gc, so the flag is switched on at run time.
 */
export function collectGarbage(): void {
  if (gcFn === undefined) {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (existing) gcFn = existing;
    else {
      try {
        setFlagsFromString('--expose-gc');
        gcFn = runInNewContext('gc') as () => void;
      } catch {
        gcFn = null;
      }
    }
  }
  gcFn?.();
  gcFn?.();
}

export function rssMb(): number {
  return process.memoryUsage.rss() / 2 ** 20;
}

/** A small seeded generator (mulberry32), so synthetic data is the same in every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): () => number {
  return () => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Peak RSS of this process. Linux's VmHWM is per address space, so it starts afresh at exec;
 * getrusage's maxRSS in a spawned child also counts the parent's pages at fork, which is wrong
 * when the parent (this bench) is larger than the child.
 */
export function peakRssMb(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // Not Linux: fall through.
  }
  return process.resourceUsage().maxRSS / 1024;
}
