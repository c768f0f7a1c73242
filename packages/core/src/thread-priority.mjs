// Issue #16: background threads (parsing, chunking, embedding) yield the CPU to the request thread.
// On a small machine the event loop otherwise gets only its fair share of the cores against every
// busy worker thread, and each request waits for it. Linux keeps a nice value per thread, and
// setpriority() given a thread id sets that thread's. Plain JS: worker threads load it without a
// TypeScript loader.
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Lowers the calling thread's scheduling priority by `steps` nice levels below what it inherited
 * from the process (capped at 19, the lowest). Returns false where it cannot (not Linux, or not
 * permitted): the thread then keeps the process's priority. Threads it starts inherit the value.
 */
export function lowerThreadPriority(steps) {
  if (process.platform !== 'linux') return false;
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>".
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, Math.min(19, getPriority(tid) + steps));
    return true;
  } catch {
    return false;
  }
}
