import type { Container } from './container';

/** A job as it ended, or as it stood when the wait gave up. */
export interface WaitedJob {
  id: string;
  status: string;
  error: unknown;
}

const ENDED = ['succeeded', 'failed', 'cancelled'];

/**
 * Waits until every job has ended (succeeded, failed or cancelled) or the deadline passes, and
 * returns each one's last status: the demo seed and the eval's product runs wait for ingestion.
 */
export async function waitForJobs(
  queue: Container['queue'],
  ids: readonly string[],
  timeoutMs = 10 * 60_000,
): Promise<WaitedJob[]> {
  const deadline = Date.now() + timeoutMs;
  const waited: WaitedJob[] = [];
  for (const id of ids) {
    for (;;) {
      const job = await queue.get(id);
      if (!job || ENDED.includes(job.status) || Date.now() > deadline) {
        waited.push({ id, status: job?.status ?? 'missing', error: job?.error ?? null });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return waited;
}
