import { AppError } from '@grounded/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue, JobRecord } from '../types';
import { sleep, waitFor } from './wait-for';

/** One test's world: queues made here share the database and the queue backend's namespace. */
export interface QueueScope {
  makeQueue(): JobQueue;
  cleanup(): Promise<void>;
}

export interface QueueBackend {
  newScope(): QueueScope;
  teardown(): Promise<void>;
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** The behaviour every JobQueue adapter must share; run once per adapter. */
export function describeQueueConformance(name: string, open: () => Promise<QueueBackend>): void {
  describe(`JobQueue conformance: ${name}`, () => {
    let backend: QueueBackend;
    const queues: JobQueue[] = [];
    let scope: QueueScope | undefined;

    beforeAll(async () => {
      backend = await open();
    });
    afterEach(async () => {
      for (const queue of queues.splice(0)) await queue.close();
      await scope?.cleanup();
      scope = undefined;
    });
    afterAll(async () => {
      await backend?.teardown();
    });

    function newQueue(): JobQueue {
      scope ??= backend.newScope();
      const queue = scope.makeQueue();
      queues.push(queue);
      return queue;
    }

    const until = (queue: JobQueue, id: string, done: (job: JobRecord | null) => boolean, what: string) =>
      waitFor(() => queue.get(id), done, 15_000, what);
    const finished = (queue: JobQueue, id: string) =>
      until(queue, id, (job) => job !== null && FINAL.has(job.status), `job ${id} to finish`);

    it('runs an enqueued job to succeeded and records its result and metadata', async () => {
      const queue = newQueue();
      const payload = { text: '你好', n: 2, nested: { list: [1, 2] } };
      const queued = await queue.enqueue('echo', payload, { tenantId: 't1', requestId: 'req-1' });
      expect(queued).toMatchObject({ kind: 'echo', status: 'queued', attempts: 0, payload, tenantId: 't1' });
      expect(queued.requestId).toBe('req-1');
      expect(Number.isNaN(Date.parse(queued.createdAt))).toBe(false);
      await queue.startWorker({
        echo: async (input, context) => ({ echoed: input, attempt: context.attempt, jobId: context.jobId }),
      });
      const done = await finished(queue, queued.id);
      expect(done?.status).toBe('succeeded');
      expect(done?.result).toEqual({ echoed: payload, attempt: 1, jobId: queued.id });
      expect(done?.attempts).toBe(1);
      expect(done?.error).toBeNull();
      expect(Date.parse(done?.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(done?.startedAt ?? ''));
      expect(await queue.get('no-such-job')).toBeNull();
    });

    it('makes progress visible through get() while the job runs', async () => {
      const queue = newQueue();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      await queue.startWorker({
        slow: async (_payload, context) => {
          await context.reportProgress({ stage: 'embedding', done: 1, total: 3 });
          await context.reportProgress({ done: 2 });
          await gate;
          return 'ok';
        },
      });
      const job = await queue.enqueue('slow', null);
      const running = await until(queue, job.id, (j) => j?.progress.done === 2, 'progress 2');
      expect(running?.status).toBe('running');
      // Updates merge, so later reports keep earlier fields.
      expect(running?.progress).toEqual({ stage: 'embedding', done: 2, total: 3 });
      release();
      expect((await finished(queue, job.id))?.status).toBe('succeeded');
    });

    it('retries a retryable failure and then succeeds', async () => {
      const queue = newQueue();
      const attempts: number[] = [];
      await queue.startWorker({
        flaky: async (_payload, context) => {
          attempts.push(context.attempt);
          if (context.attempt === 1)
            throw new AppError('upstream_timeout', 'model server timed out', { retryable: true });
          return { ok: context.attempt };
        },
      });
      const job = await queue.enqueue('flaky', {}, { maxAttempts: 3 });
      const done = await finished(queue, job.id);
      expect(done).toMatchObject({ status: 'succeeded', attempts: 2, result: { ok: 2 }, error: null });
      expect(attempts).toEqual([1, 2]);
    });

    it('retries an unknown error up to maxAttempts, then fails with the reason', async () => {
      const queue = newQueue();
      let calls = 0;
      await queue.startWorker({
        broken: async () => {
          calls += 1;
          throw new Error(`disk on fire #${calls}`);
        },
      });
      const job = await queue.enqueue('broken', {}, { maxAttempts: 2 });
      const done = await finished(queue, job.id);
      expect(done).toMatchObject({ status: 'failed', attempts: 2, maxAttempts: 2 });
      expect(done?.error).toContain('disk on fire #2');
      await sleep(200);
      expect(calls).toBe(2);
    });

    it('fails at once on a non-retryable AppError', async () => {
      const queue = newQueue();
      let calls = 0;
      await queue.startWorker({
        strict: async () => {
          calls += 1;
          throw new AppError('unsupported_file_type', 'cannot parse .xyz files', { retryable: false });
        },
      });
      const job = await queue.enqueue('strict', {}, { maxAttempts: 5 });
      const done = await finished(queue, job.id);
      expect(done).toMatchObject({ status: 'failed', attempts: 1 });
      expect(done?.error).toBe('unsupported_file_type: cannot parse .xyz files');
      await sleep(200);
      expect(calls).toBe(1);
    });

    it('enqueues idempotently by jobId and runs the job once', async () => {
      const queue = newQueue();
      const first = await queue.enqueue('once', { v: 1 }, { jobId: 'doc-42.ingest' });
      const second = await queue.enqueue('once', { v: 2 }, { jobId: 'doc-42.ingest' });
      expect(second.id).toBe(first.id);
      expect(second.createdAt).toBe(first.createdAt);
      expect(second.payload).toEqual({ v: 1 });
      const seen: unknown[] = [];
      await queue.startWorker({
        once: async (payload) => {
          seen.push(payload);
          return null;
        },
      });
      await finished(queue, first.id);
      const third = await queue.enqueue('once', { v: 3 }, { jobId: 'doc-42.ingest' });
      expect(third.status).toBe('succeeded');
      await sleep(300);
      expect(seen).toEqual([{ v: 1 }]);
    });

    it('accepts job ids with characters a queue backend may not (colons, digits only)', async () => {
      const queue = newQueue();
      await queue.startWorker({ odd: async (_p, context) => context.jobId });
      const ids = ['tenant:doc:1', '12345'];
      for (const id of ids) await queue.enqueue('odd', null, { jobId: id });
      for (const id of ids)
        expect(await finished(queue, id)).toMatchObject({ status: 'succeeded', result: id });
    });

    it('cancels a running job: the handler is aborted and the status stays cancelled', async () => {
      const queue = newQueue();
      let aborted = false;
      let started = false;
      await queue.startWorker({
        long: async (_payload, context) => {
          started = true;
          await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve()));
          aborted = true;
          throw new AppError('aborted', 'stopped');
        },
      });
      const job = await queue.enqueue('long', null);
      await until(queue, job.id, (j) => j?.status === 'running', 'running');
      await waitFor(async () => started, Boolean, 5000, 'handler start');
      const cancelled = await queue.cancel(job.id);
      expect(cancelled?.status).toBe('cancelled');
      await waitFor(async () => aborted, Boolean, 5000, 'abort signal');
      await sleep(300);
      const after = await queue.get(job.id);
      expect(after?.status).toBe('cancelled');
      expect(after?.finishedAt).not.toBeNull();
      expect(await queue.cancel('no-such-job')).toBeNull();
    });

    it('cancels a queued job so that it never runs', async () => {
      const queue = newQueue();
      const job = await queue.enqueue('never', null);
      expect((await queue.cancel(job.id))?.status).toBe('cancelled');
      let ran = false;
      await queue.startWorker({
        never: async () => {
          ran = true;
        },
        marker: async () => 'done',
      });
      // A later job of the same worker finishing shows the worker had its chance at the first.
      const marker = await queue.enqueue('marker', null);
      await finished(queue, marker.id);
      await sleep(200);
      expect(ran).toBe(false);
      expect((await queue.get(job.id))?.status).toBe('cancelled');
    });

    it('runs lower priority numbers first', async () => {
      const queue = newQueue();
      const order: number[] = [];
      for (const priority of [5, 1, 3, -2, 4]) await queue.enqueue('ranked', { priority }, { priority });
      await queue.startWorker(
        {
          ranked: async (payload) => {
            order.push((payload as { priority: number }).priority);
            return null;
          },
        },
        { concurrency: 1 },
      );
      await waitFor(
        async () => order.length,
        (n) => n === 5,
        15_000,
        'five jobs',
      );
      expect(order).toEqual([-2, 1, 3, 4, 5]);
    });

    it('runs up to `concurrency` jobs at once', async () => {
      const queue = newQueue();
      let inFlight = 0;
      let peak = 0;
      await queue.startWorker(
        {
          parallel: async () => {
            inFlight += 1;
            peak = Math.max(peak, inFlight);
            await sleep(250);
            inFlight -= 1;
            return null;
          },
        },
        { concurrency: 2 },
      );
      const jobs = await Promise.all([0, 1, 2, 3].map((i) => queue.enqueue('parallel', { i })));
      for (const job of jobs) expect((await finished(queue, job.id))?.status).toBe('succeeded');
      expect(peak).toBe(2);
    });

    it("caps one tenant's running jobs and gives the free slot to another tenant's job (issue #16)", async () => {
      const queue = newQueue();
      const running = new Map<string, number>();
      let peakA = 0;
      const order: string[] = [];
      let releaseA1: (() => void) | undefined;
      await queue.startWorker(
        {
          work: async (payload) => {
            const { tenant, name } = payload as { tenant: string; name: string };
            running.set(tenant, (running.get(tenant) ?? 0) + 1);
            if (tenant === 'a') peakA = Math.max(peakA, running.get(tenant)!);
            order.push(name);
            // The first job of tenant a holds its slot until the test lets it go.
            if (name === 'a1') await new Promise<void>((resolve) => (releaseA1 = resolve));
            else await sleep(50);
            running.set(tenant, running.get(tenant)! - 1);
            return null;
          },
        },
        { concurrency: 3, perTenantConcurrency: 1 },
      );
      const enqueue = (tenant: string, name: string) =>
        queue.enqueue('work', { tenant, name }, { tenantId: tenant });
      const a1 = await enqueue('a', 'a1');
      await until(queue, a1.id, (job) => job?.status === 'running', 'a1 to start');
      const a2 = await enqueue('a', 'a2');
      const b1 = await enqueue('b', 'b1');
      await until(queue, b1.id, (job) => job?.status === 'succeeded', 'b1 to run');
      // a2 is older than b1 and a slot is free, yet it waits for a1: tenant a is at its cap.
      expect((await queue.get(a2.id))?.status).toBe('queued');
      expect(order).toEqual(['a1', 'b1']);
      releaseA1!();
      await until(queue, a2.id, (job) => job?.status === 'succeeded', 'a2 to run after a1');
      expect((await queue.get(a1.id))?.status).toBe('succeeded');
      expect(peakA).toBe(1);
      expect(order).toEqual(['a1', 'b1', 'a2']);
    });

    it('survives a restart: a job interrupted by close() is resumed by a new queue instance', async () => {
      const first = newQueue();
      let firstSawShutdown = false;
      await first.startWorker({
        resumable: async (_payload, context) => {
          await context.reportProgress({ done: 1 });
          await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve()));
          firstSawShutdown = true;
          throw new Error('interrupted by shutdown');
        },
      });
      const job = await first.enqueue('resumable', { doc: 'a' }, { maxAttempts: 2 });
      await until(first, job.id, (j) => j?.progress.done === 1, 'first attempt running');
      await first.close();
      expect(firstSawShutdown).toBe(true);
      const parked = await first.get(job.id);
      expect(parked?.status).toBe('queued');

      const second = newQueue();
      expect((await second.get(job.id))?.status).toBe('queued');
      await second.startWorker({ resumable: async (payload) => ({ resumed: payload }) });
      const done = await finished(second, job.id);
      // The interrupted attempt is not counted against maxAttempts.
      expect(done).toMatchObject({ status: 'succeeded', attempts: 1, result: { resumed: { doc: 'a' } } });
    });

    it('rejects an invalid kind or maxAttempts with invalid_job', async () => {
      const queue = newQueue();
      await expect(queue.enqueue('', null)).rejects.toMatchObject({ code: 'invalid_job' });
      await expect(queue.enqueue('ok', null, { maxAttempts: 0 })).rejects.toMatchObject({
        code: 'invalid_job',
      });
      await expect(queue.ping()).resolves.toBeUndefined();
    });
  });
}
