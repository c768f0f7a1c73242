/**
 * The JobQueue contract. Adapters: BullMQ on Redis (REDIS_URL set) and an in-process runner
 * (embedded default). Either way the job's state lives in Postgres (`jobs` table), so it survives
 * restarts and `GET /v1/jobs/:id` never needs Redis.
 */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobRecord {
  id: string;
  kind: string;
  status: JobStatus;
  payload: unknown;
  /** Free-form counters, e.g. { stage: 'embedding', done: 40, total: 120 }. */
  progress: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  error: string | null;
  result: unknown;
  tenantId: string | null;
  /** The documents the result is made of; a caller may read the job only while it may read each. */
  documentIds: string[];
  requestId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface EnqueueOptions {
  /** Caller-chosen id; enqueuing an id that exists returns the existing job (idempotent). */
  jobId?: string;
  maxAttempts?: number;
  /** Lower runs first; interactive work should use a lower number than batch work. */
  priority?: number;
  tenantId?: string | null;
  /** The documents whose text the result will carry (a summary of a document), for access checks. */
  documentIds?: readonly string[];
  requestId?: string | null;
}

export interface JobContext {
  jobId: string;
  /** 1-based attempt number. */
  attempt: number;
  /** Aborted when the job is cancelled or the worker shuts down. */
  signal: AbortSignal;
  reportProgress(progress: Record<string, unknown>): Promise<void>;
}

/** Returns the job's JSON result. Throw an AppError with retryable=false to fail without retrying. */
export type JobHandler = (payload: unknown, context: JobContext) => Promise<unknown>;

export interface WorkerOptions {
  concurrency?: number;
  /**
   * Most jobs one tenant may have running at once (counted across processes sharing the
   * database), so one tenant's batch work leaves slots for the others (issue #16). Undefined: no
   * cap. BullMQ's open-source edition has no per-group limit: there a job of a tenant at its cap
   * goes back to Redis, delayed, without spending an attempt.
   */
  perTenantConcurrency?: number;
}

export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  enqueue(kind: string, payload: unknown, options?: EnqueueOptions): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | null>;
  /** Marks the job cancelled and aborts it if running. Returns the updated record. */
  cancel(id: string): Promise<JobRecord | null>;
  /** Starts processing jobs of the given kinds in this process. */
  startWorker(handlers: Record<string, JobHandler>, options?: WorkerOptions): Promise<void>;
  /** Throws when the backing service (Redis) is unreachable. */
  ping(): Promise<void>;
  /** Stops taking jobs, waits for running ones (or requeues them), releases connections. */
  close(): Promise<void>;
}
