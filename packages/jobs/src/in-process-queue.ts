import { randomUUID } from 'node:crypto';
import type { Logger } from '@grounded/core';
import { AppError, describeError, failureLogFields, isAppError, silentLogger } from '@grounded/core';
import type { Database } from '@grounded/storage';
import { resolveNewJob, retryDelayMs } from './enqueue-options';
import { createJobStore } from './job-store';
import type { JobHandler, JobQueue, JobRecord, WorkerOptions } from './types';

export interface InProcessQueueOptions {
  db: Database;
  logger?: Logger;
  /** How often an idle worker looks for due jobs (retries, other processes' enqueues). Default 500. */
  pollIntervalMs?: number;
  /** First retry delay; doubles per attempt. Default 1000. */
  backoffMs?: number;
  maxBackoffMs?: number;
  defaultMaxAttempts?: number;
  /** A running job whose worker stops renewing this lease is taken to be orphaned. Default 30000. */
  leaseMs?: number;
  /** Lease renewal and cross-process cancel detection. Default 1000. */
  heartbeatMs?: number;
  /** How long close() waits for handlers to honour the abort before releasing their jobs. Default 10000. */
  closeTimeoutMs?: number;
}

interface ActiveJob {
  controller: AbortController;
  done: Promise<void>;
}

type AbortReason = 'cancelled' | 'shutdown' | 'lease_lost';

/**
 * The embedded runner: handlers run in this process, job state lives in the `jobs` table. Claims
 * use `FOR UPDATE SKIP LOCKED`, so several processes sharing one Postgres never run a job twice.
 */
export function createInProcessQueue(options: InProcessQueueOptions): JobQueue {
  const { db } = options;
  const logger = (options.logger ?? silentLogger).child({ component: 'in-process-queue' });
  const store = createJobStore(db);
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const backoffMs = options.backoffMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const defaultMaxAttempts = options.defaultMaxAttempts ?? 3;
  const leaseMs = options.leaseMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? 1000;
  const closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
  const workerId = `in-process:${randomUUID()}`;

  const active = new Map<string, ActiveJob>();
  let handlers: Record<string, JobHandler> | undefined;
  let kinds: string[] = [];
  let concurrency = 1;
  let perTenantLimit: number | undefined;
  let closing = false;
  let pumping = false;
  let pumpAgain = false;
  const timers: NodeJS.Timeout[] = [];

  async function runJob(job: JobRecord, handler: JobHandler, controller: AbortController): Promise<void> {
    const { signal } = controller;
    const log = logger.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    try {
      const result = await handler(job.payload, {
        jobId: job.id,
        attempt: job.attempts,
        signal,
        reportProgress: async (progress) => {
          if (signal.aborted) return;
          await store.updateProgress(job.id, workerId, progress);
        },
      });
      // Finished work is recorded even during shutdown; a cancelled row is left alone (conditional update).
      await store.markSucceeded(job.id, workerId, result);
    } catch (error) {
      const reason = signal.aborted ? (signal.reason as AbortReason) : undefined;
      if (reason === 'shutdown') {
        await store.release(job.id, workerId);
      } else if (reason === 'cancelled' || reason === 'lease_lost') {
        log.info({ reason }, 'job stopped');
      } else if ((isAppError(error) && !error.retryable) || job.attempts >= job.maxAttempts) {
        log.warn(failureLogFields(error), 'job failed');
        await store.markFailed(job.id, workerId, describeError(error));
      } else {
        const delay = retryDelayMs(job.attempts, backoffMs, maxBackoffMs);
        log.info({ err: error, delayMs: delay }, 'job will be retried');
        await store.markForRetry(job.id, workerId, describeError(error), delay);
        // Wake up when the retry is due rather than waiting for the next poll.
        setTimeout(() => void pump(), delay + 5).unref();
      }
    }
  }

  function start(job: JobRecord): void {
    const handler = handlers?.[job.kind];
    if (!handler) return; // cannot happen: only handled kinds are claimed
    const controller = new AbortController();
    const entry: ActiveJob = { controller, done: Promise.resolve() };
    active.set(job.id, entry);
    entry.done = runJob(job, handler, controller)
      .catch((error: unknown) => logger.error({ err: error, jobId: job.id }, 'could not record job outcome'))
      .finally(() => {
        active.delete(job.id);
        void pump();
      });
  }

  async function pump(): Promise<void> {
    if (!handlers || closing) return;
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        while (!closing && active.size < concurrency) {
          const job = await store.claimNext({
            kinds,
            workerId,
            leaseMs,
            ...(perTenantLimit === undefined ? {} : { perTenantLimit }),
          });
          if (!job) break;
          start(job);
        }
      } while (pumpAgain && !closing);
    } catch (error) {
      // Database down: keep the worker alive; the next poll tries again.
      logger.warn({ err: error }, 'could not claim jobs');
    } finally {
      pumping = false;
    }
  }

  async function heartbeat(): Promise<void> {
    try {
      const ids = [...active.keys()];
      const held = new Set(await store.renewLeases(ids, workerId, leaseMs));
      for (const id of ids) {
        // Cancelled from another process (or taken over after our lease lapsed): stop the handler.
        if (!held.has(id)) {
          const row = await store.get(id);
          active.get(id)?.controller.abort(row?.status === 'cancelled' ? 'cancelled' : 'lease_lost');
        }
      }
      const recovered = await store.recoverOrphans({ all: false, kinds });
      if (recovered.requeued.length > 0 || recovered.failed.length > 0) {
        logger.warn(recovered, 'recovered jobs whose worker stopped');
        void pump();
      }
    } catch (error) {
      logger.warn({ err: error }, 'job heartbeat failed');
    }
  }

  return {
    kind: 'in-process',

    async enqueue(kind, payload, enqueueOptions = {}) {
      const { job, created } = await store.createOrGet(
        resolveNewJob(kind, payload, enqueueOptions, defaultMaxAttempts),
      );
      if (created) void pump();
      return job;
    },

    get: (id) => store.get(id),

    async cancel(id) {
      const job = await store.cancel(id);
      if (job?.status === 'cancelled') active.get(id)?.controller.abort('cancelled');
      return job;
    },

    async startWorker(workerHandlers, workerOptions: WorkerOptions = {}) {
      if (handlers) throw new AppError('worker_already_started', 'this queue already has a worker');
      if (closing) throw new AppError('queue_closed', 'the queue is closed');
      concurrency = Math.max(1, workerOptions.concurrency ?? 1);
      if (workerOptions.perTenantConcurrency !== undefined) {
        perTenantLimit = Math.max(1, workerOptions.perTenantConcurrency);
      }
      kinds = Object.keys(workerHandlers);
      // PGlite is single-process, so any job still marked running was left by a previous crash.
      const recovered = await store.recoverOrphans({ all: db.kind === 'pglite', kinds });
      if (recovered.requeued.length > 0 || recovered.failed.length > 0) {
        logger.warn(recovered, 'recovered jobs left running by a previous process');
      }
      handlers = workerHandlers;
      timers.push(setInterval(() => void pump(), pollIntervalMs));
      timers.push(setInterval(() => void heartbeat(), heartbeatMs));
      await pump();
    },

    ping: () => db.ping(),

    async close() {
      if (closing) return;
      closing = true;
      for (const timer of timers) clearInterval(timer);
      const running = [...active.entries()];
      for (const [, entry] of running) entry.controller.abort('shutdown');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), closeTimeoutMs);
      });
      const outcome = await Promise.race([Promise.all(running.map(([, e]) => e.done)), timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        // A handler ignored its signal: give its job back so another worker can take it.
        for (const [id] of running) await store.release(id, workerId).catch(() => false);
      }
    },
  };
}
