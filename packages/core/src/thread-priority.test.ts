import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

/** Issue #16: a background thread lowers its own priority, and only its own. */
describe.runIf(process.platform === 'linux')('lowerThreadPriority', () => {
  it("lowers the calling thread's priority by the given steps and leaves the request thread's alone", async () => {
    const before = getPriority();
    const moduleUrl = new URL('./thread-priority.mjs', import.meta.url).href;
    const worker = new Worker(
      `import { parentPort } from 'node:worker_threads';
       import { readFileSync } from 'node:fs';
       const { lowerThreadPriority } = await import(${JSON.stringify(moduleUrl)});
       const ok = lowerThreadPriority(5);
       // Field 19 of /proc/thread-self/stat is this thread's nice value.
       const nice = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ')[16]);
       parentPort.postMessage({ ok, nice });`,
      { eval: true },
    );
    const reply = await new Promise<{ ok: boolean; nice: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(reply).toEqual({ ok: true, nice: Math.min(19, before + 5) });
    expect(getPriority()).toBe(before);
  });
});
