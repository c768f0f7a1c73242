import { expect } from 'vitest';
import type { JobQueue } from '../types';
import { sleep, waitFor } from './wait-for';

/**
 * A cancel sent through one queue instance must abort the handler running in another (another
 * process, in production): the same scenario for every adapter, so it is written once.
 */
export async function expectCrossInstanceCancel(worker: JobQueue, producer: JobQueue): Promise<void> {
  let reason: unknown;
  await worker.startWorker({
    waits: async (_payload, context) => {
      await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve()));
      reason = context.signal.reason;
      throw new Error('aborted');
    },
  });
  const job = await producer.enqueue('waits', null);
  await waitFor(
    () => producer.get(job.id),
    (j) => j?.status === 'running',
    10_000,
    'running',
  );
  expect((await producer.cancel(job.id))?.status).toBe('cancelled');
  await waitFor(
    async () => reason,
    (r) => r !== undefined,
    5000,
    'abort in the worker',
  );
  expect(reason).toBe('cancelled');
  await sleep(200);
  expect((await producer.get(job.id))?.status).toBe('cancelled');
}
