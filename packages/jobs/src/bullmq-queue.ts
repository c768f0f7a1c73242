import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '@grounded/core';
import {
  AppError,
  describeError,
  failureLogFields,
  isAppError,
  sha256Hex,
  silentLogger,
  withTimeout,
} from '@grounded/core';
import type { Database } from '@grounded/storage';
import { DelayedError, type Job, Queue, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { PRIORITY_LIMIT, resolveNewJob } from './enqueue-options';
import { createJobStore, TENANT_AT_LIMIT } from './job-store';
import type { JobHandler, JobQueue, JobRecord, WorkerOptions } from './types';

export interface BullmqQueueOptions {
  db: Database;
  redisUrl: string;
  queueName?: string;
  /** Redis key prefix; tests use a unique one each. Default 'grounded'. */
  prefix?: string;
  logger?: Logger;
  /** First retry delay; BullMQ doubles it per attempt. Default 1000. */
  backoffMs?: number;
  defaultMaxAttempts?: number;
  /** How long enqueue/ping/cancel wait for Redis before `queue_unavailable`. Default 2000. */
  commandTimeoutMs?: number;
  /** Lease renewal and cancel detection for running jobs. Default 1000. */
  heartbeatMs?: number;
  /** Postgres lease of a running job; reconciliation treats an expired one as a lost worker. Default 30000. */
  leaseMs?: number;
  /** BullMQ lock: a job whose worker died is redelivered after this. Default 30000. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** How often the worker re-adds queued Postgres jobs that Redis lost. Default 30000. */
  reconcileIntervalMs?: number;
  closeTimeoutMs?: number;
  /** A job whose tenant is at `perTenantConcurrency` waits this long (plus up to as much again). Default 1000. */
  tenantRetryMs?: number;
}

interface BullData {
  jobId: string;
}

type AbortReason = 'cancelled' | 'shutdown' | 'lease_lost';

// BullMQ refuses custom ids that are integers or contain ':'; such ids go to Redis hashed.
const SAFE_BULL_ID = /^[A-Za-z0-9_.-]{1,200}$/;
function bullIdFor(id: string): string {
  return SAFE_BULL_ID.test(id) && !/^\d+$/.test(id) ? id : `h-${sha256Hex(id).slice(0, 40)}`;
}

// BullMQ priorities run 1 (first) to 2^21; ours are centred on 0, so shift into that range.
function bullPriority(priority: number): number {
  return Math.min(2_097_152, Math.max(1, priority + PRIORITY_LIMIT + 1));
}

/** The client's message names no address: the Redis error stays in the cause, for the log. */
function unavailable(cause: unknown): AppError {
  return new AppError('queue_unavailable', 'the job queue (Redis) is unavailable', {
    cause,
    retryable: true,
  });
}

/**
 * BullMQ on Redis carries the work; Postgres holds the job's state. Enqueue writes the row first,
 * so `get` never needs Redis, and the worker records every transition in the row.
 */
export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  const { db } = options;
  const logger = (options.logger ?? silentLogger).child({ component: 'bullmq-queue' });
  const store = createJobStore(db);
  const queueName = options.queueName ?? 'grounded-jobs';
  const prefix = options.prefix ?? 'grounded';
  const backoffMs = options.backoffMs ?? 1000;
  const defaultMaxAttempts = options.defaultMaxAttempts ?? 3;
  const commandTimeoutMs = options.commandTimeoutMs ?? 2000;
  const heartbeatMs = options.heartbeatMs ?? 1000;
  const leaseMs = options.leaseMs ?? 30_000;
  const reconcileIntervalMs = options.reconcileIntervalMs ?? 30_000;
  const closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
  // Host and pid first: `jobs.locked_by` then says which process runs a job, for an operator
  // with several workers (and for issue #16's scale-out proof, which SIGKILLs that process).
  const workerId = `bullmq:${hostname()}:${process.pid}:${randomUUID()}`;
  const retryStrategy = (times: number) => Math.min(100 * times, 2000);

  // Producer connection: fail fast while Redis is down (no offline queue, one retry), so an
  // enqueue answers `queue_unavailable` instead of hanging; ioredis keeps reconnecting meanwhile.
  const queue = new Queue<BullData>(queueName, {
    prefix,
    connection: {
      url: options.redisUrl,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: commandTimeoutMs,
      retryStrategy,
    },
  });
  queue.on('error', (error) => logger.warn({ err: error }, 'queue connection error'));

  const active = new Map<string, AbortController>();
  let worker: Worker<BullData> | undefined;
  let currentHandlers: Record<string, JobHandler> = {};
  let kinds: string[] = [];
  let perTenantLimit: number | undefined;
  const tenantRetryMs = options.tenantRetryMs ?? 1000;
  let closing = false;
  const timers: NodeJS.Timeout[] = [];

  async function addToRedis(job: JobRecord, priority: number): Promise<void> {
    await withTimeout(
      queue.add(
        job.kind,
        { jobId: job.id },
        {
          jobId: bullIdFor(job.id),
          priority: bullPriority(priority),
          attempts: job.maxAttempts,
          backoff: { type: 'exponential', delay: backoffMs },
          // Postgres keeps the outcome; Redis only needs failed entries briefly for inspection.
          removeOnComplete: true,
          removeOnFail: { count: 1000 },
        },
      ),
      commandTimeoutMs,
      'adding the job to Redis',
    );
  }

  async function processJob(bullJob: Job<BullData>, token: string | undefined): Promise<null> {
    const id = bullJob.data?.jobId;
    if (typeof id !== 'string') throw new UnrecoverableError('malformed queue entry: no jobId');
    const attempt = bullJob.attemptsMade + 1;
    const job = await store.markRunning(id, { attempt, workerId, leaseMs, perTenantLimit });
    if (job === TENANT_AT_LIMIT) {
      // BullMQ's open-source edition has no per-group limit: the job goes back, delayed, without
      // spending an attempt, and this slot takes another tenant's work (issue #16).
      await bullJob.moveToDelayed(
        Date.now() + tenantRetryMs + Math.floor(Math.random() * tenantRetryMs),
        token,
      );
      throw new DelayedError();
    }
    if (!job) return null; // cancelled before it started, or its row is gone
    const log = logger.child({ jobId: id, kind: job.kind, attempt });
    const handler = currentHandlers[job.kind];
    if (!handler) {
      await store.markFailed(id, workerId, `unknown_job_kind: no handler for ${job.kind}`);
      throw new UnrecoverableError(`no handler for job kind ${job.kind}`);
    }
    const controller = new AbortController();
    const { signal } = controller;
    active.set(id, controller);
    try {
      const result = await handler(job.payload, {
        jobId: id,
        attempt,
        signal,
        reportProgress: async (progress) => {
          if (signal.aborted) return;
          await store.updateProgress(id, workerId, progress);
        },
      });
      await store.markSucceeded(id, workerId, result);
      return null;
    } catch (error) {
      const reason = signal.aborted ? (signal.reason as AbortReason) : undefined;
      if (reason === 'shutdown') {
        // Hand the job back without spending an attempt; another worker (or our restart) takes it.
        await store.release(id, workerId);
        await bullJob.moveToWait(token);
        throw new WaitingError();
      }
      if (reason === 'cancelled' || reason === 'lease_lost') {
        log.info({ reason }, 'job stopped');
        return null;
      }
      const message = describeError(error);
      if ((isAppError(error) && !error.retryable) || attempt >= job.maxAttempts) {
        log.warn(failureLogFields(error), 'job failed');
        await store.markFailed(id, workerId, message);
        throw new UnrecoverableError(message);
      }
      log.info({ err: error }, 'job will be retried');
      // BullMQ schedules the retry (exponential backoff); the row shows it queued with the last error.
      await store.markForRetry(id, workerId, message, 0);
      throw error instanceof Error ? error : new Error(message);
    } finally {
      active.delete(id);
    }
  }

  async function heartbeat(): Promise<void> {
    try {
      const ids = [...active.keys()];
      const held = new Set(await store.renewLeases(ids, workerId, leaseMs));
      for (const id of ids) {
        if (!held.has(id)) {
          const row = await store.get(id);
          active.get(id)?.abort(row?.status === 'cancelled' ? 'cancelled' : 'lease_lost');
        }
      }
    } catch (error) {
      logger.warn({ err: error }, 'job heartbeat failed');
    }
  }

  /**
   * Redis may lose jobs (run without persistence, flushed, or down when an enqueue half-finished).
   * Postgres is the truth: queued rows missing from Redis are added again, and running rows whose
   * worker vanished go back to queued first.
   */
  async function reconcile(): Promise<void> {
    try {
      await store.recoverOrphans({ all: false, kinds });
      for (const job of await store.listQueued(kinds, 500)) {
        const existing = await withTimeout(
          queue.getJob(bullIdFor(job.id)),
          commandTimeoutMs,
          'reading a job',
        );
        if (!existing) {
          logger.warn({ jobId: job.id }, 're-adding a queued job that Redis did not have');
          const row = await db.query<{ priority: number }>('SELECT priority FROM jobs WHERE id = $1', [
            job.id,
          ]);
          await addToRedis(job, row.rows[0]?.priority ?? 0);
        }
      }
    } catch (error) {
      logger.warn({ err: error }, 'job reconciliation failed');
    }
  }

  return {
    kind: 'bullmq',

    async enqueue(kind, payload, enqueueOptions = {}) {
      const newJob = resolveNewJob(kind, payload, enqueueOptions, defaultMaxAttempts);
      const { job, created } = await store.createOrGet(newJob);
      // Re-adding a queued job is safe (BullMQ ignores a duplicate id) and repairs a half-done enqueue.
      if (job.status !== 'queued') return job;
      try {
        await addToRedis(job, newJob.priority);
      } catch (error) {
        // Leave no row that no queue entry will ever run; the caller may retry with the same jobId.
        if (created) await store.deleteUnstarted(job.id).catch(() => {});
        throw unavailable(error);
      }
      return job;
    },

    get: (id) => store.get(id),

    async cancel(id) {
      const job = await store.cancel(id);
      if (job?.status !== 'cancelled') return job;
      active.get(id)?.abort('cancelled');
      // Best effort: a waiting entry is dropped now; otherwise the worker skips it (row is cancelled).
      await withTimeout(queue.remove(bullIdFor(id)), commandTimeoutMs, 'removing the job').catch(() => 0);
      return job;
    },

    async startWorker(handlers, workerOptions: WorkerOptions = {}) {
      if (worker) throw new AppError('worker_already_started', 'this queue already has a worker');
      if (closing) throw new AppError('queue_closed', 'the queue is closed');
      currentHandlers = handlers;
      kinds = Object.keys(handlers);
      perTenantLimit =
        workerOptions.perTenantConcurrency === undefined
          ? undefined
          : Math.max(1, workerOptions.perTenantConcurrency);
      worker = new Worker<BullData>(queueName, processJob, {
        prefix,
        concurrency: Math.max(1, workerOptions.concurrency ?? 1),
        // Workers block on Redis and must ride out outages, so they retry forever.
        connection: { url: options.redisUrl, maxRetriesPerRequest: null, retryStrategy },
        ...(options.lockDurationMs !== undefined ? { lockDuration: options.lockDurationMs } : {}),
        ...(options.stalledIntervalMs !== undefined ? { stalledInterval: options.stalledIntervalMs } : {}),
        maxStalledCount: 3,
      });
      worker.on('error', (error) => logger.warn({ err: error }, 'worker connection error'));
      // BullMQ fails a job on its own when its workers keep dying mid-job (stalled too often); the
      // processor never ran to record that, so mirror it into the row. 'failed' also fires for
      // attempts that will be retried, which the processor has already recorded.
      worker.on('failed', (bullJob, error) => {
        const id = bullJob?.data?.jobId;
        if (typeof id === 'string' && /stalled more than/i.test(error.message)) {
          void store.markFailed(id, null, `job_abandoned: ${error.message}`).catch(() => false);
        }
      });
      timers.push(setInterval(() => void heartbeat(), heartbeatMs));
      timers.push(setInterval(() => void reconcile(), reconcileIntervalMs));
      await reconcile();
    },

    async ping() {
      try {
        const client = await withTimeout(queue.getBackend().client, commandTimeoutMs, 'connecting to Redis');
        await withTimeout(client.runCommand('ping', []), commandTimeoutMs, 'pinging Redis');
      } catch (error) {
        throw unavailable(error);
      }
    },

    async close() {
      if (closing) return;
      closing = true;
      for (const timer of timers) clearInterval(timer);
      for (const controller of active.values()) controller.abort('shutdown');
      if (worker) {
        const closed = worker.close();
        const outcome = await Promise.race([
          closed.then(() => 'closed' as const),
          new Promise<'timeout'>((resolve) => setTimeout(resolve, closeTimeoutMs, 'timeout').unref()),
        ]);
        if (outcome === 'timeout') await worker.close(true);
      }
      await queue.close();
    },
  };
}
