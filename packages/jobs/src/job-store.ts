import { AppError } from '@grounded/core';
import type { Database } from '@grounded/storage';
import type { JobRecord, JobStatus } from './types';

/** What `createOrGet` inserts. */
export interface NewJob {
  id: string;
  kind: string;
  payload: unknown;
  maxAttempts: number;
  priority: number;
  tenantId: string | null;
  documentIds: string[];
  requestId: string | null;
}

/** `markRunning`'s answer when the job's tenant has no free slot: run it later. */
export const TENANT_AT_LIMIT = Symbol('tenant at its running-job limit');

export interface ClaimOptions {
  kinds: readonly string[];
  workerId: string;
  leaseMs: number;
  /** Skip jobs of a tenant that already has this many running (jobs without a tenant are not capped). */
  perTenantLimit?: number;
}

/**
 * The `jobs` table, shared by both queue adapters. Every transition after the claim is
 * conditional on the row still being `running` and held by the same worker, so a cancelled job or
 * one taken over after a crash is never overwritten by a late finisher.
 */
export interface JobStore {
  /** Inserts the job, or returns the existing one with the same id (idempotent enqueue). */
  createOrGet(job: NewJob): Promise<{ job: JobRecord; created: boolean }>;
  get(id: string): Promise<JobRecord | null>;
  /** Atomically takes the next runnable queued job (priority, then age), counting an attempt. */
  claimNext(options: ClaimOptions): Promise<JobRecord | null>;
  /**
   * Marks a job running with a known attempt number (BullMQ counts attempts itself). Null when it
   * is finished or gone; TENANT_AT_LIMIT, leaving the job queued, when its tenant already has
   * `perTenantLimit` jobs running (counted across processes, under a per-tenant lock).
   */
  markRunning(
    id: string,
    options: { attempt: number; workerId: string; leaseMs: number; perTenantLimit?: number | undefined },
  ): Promise<JobRecord | null | typeof TENANT_AT_LIMIT>;
  /** Shallow-merges into `progress`. False when the job is no longer running here. */
  updateProgress(id: string, workerId: string, progress: Record<string, unknown>): Promise<boolean>;
  /** Extends the leases of running jobs; returns the ids still running and held by this worker. */
  renewLeases(ids: readonly string[], workerId: string, leaseMs: number): Promise<string[]>;
  markSucceeded(id: string, workerId: string, result: unknown): Promise<boolean>;
  /** `workerId` null skips the ownership check (a failure the queue backend decided on). */
  markFailed(id: string, workerId: string | null, error: string): Promise<boolean>;
  /** Back to queued with the error kept, runnable after `delayMs`. */
  markForRetry(id: string, workerId: string, error: string, delayMs: number): Promise<boolean>;
  /** Back to queued without counting the attempt: the worker is shutting down. */
  release(id: string, workerId: string): Promise<boolean>;
  cancel(id: string): Promise<JobRecord | null>;
  /**
   * Requeues running jobs whose worker is gone (lease expired, or all of them when `all`, for a
   * single-process database). A job that already used its last attempt fails instead.
   */
  recoverOrphans(options: {
    all: boolean;
    kinds?: readonly string[];
  }): Promise<{ requeued: string[]; failed: string[] }>;
  /** Queued jobs of the given kinds, oldest first (BullMQ reconciliation). */
  listQueued(kinds: readonly string[], limit: number): Promise<JobRecord[]>;
  /** Removes a job nobody has started (its queue entry could not be written). */
  deleteUnstarted(id: string): Promise<void>;
}

interface JobRow {
  id: string;
  kind: string;
  status: JobStatus;
  payload: unknown;
  progress: Record<string, unknown> | null;
  attempts: number;
  max_attempts: number;
  error: string | null;
  result: unknown;
  tenant_id: string | null;
  document_ids: string[] | null;
  request_id: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const COLUMNS = `id, kind, status, payload, progress, attempts, max_attempts, error, result, tenant_id,
  document_ids, request_id, created_at, started_at, finished_at`;

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    payload: row.payload,
    progress: row.progress ?? {},
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    error: row.error,
    result: row.result,
    tenantId: row.tenant_id,
    documentIds: row.document_ids ?? [],
    requestId: row.request_id,
    createdAt: iso(row.created_at) ?? '',
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}

function json(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value ?? null);
  } catch (error) {
    throw new AppError('invalid_job_data', `job ${what} is not JSON-serializable`, { cause: error });
  }
  // JSON.stringify returns undefined for a bare function or symbol.
  return text ?? 'null';
}

export function createJobStore(db: Database): JobStore {
  const one = async (sql: string, params: readonly unknown[]): Promise<JobRecord | null> => {
    const { rows } = await db.query<JobRow>(sql, params);
    return rows[0] ? toRecord(rows[0]) : null;
  };
  const changed = async (sql: string, params: readonly unknown[]): Promise<boolean> =>
    (await db.query(sql, params)).rowCount > 0;

  return {
    async createOrGet(job) {
      const inserted = await one(
        `INSERT INTO jobs (id, kind, payload, max_attempts, priority, tenant_id, request_id, document_ids)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO NOTHING
         RETURNING ${COLUMNS}`,
        [
          job.id,
          job.kind,
          json(job.payload, 'payload'),
          job.maxAttempts,
          job.priority,
          job.tenantId,
          job.requestId,
          job.documentIds,
        ],
      );
      if (inserted) return { job: inserted, created: true };
      const existing = await one(`SELECT ${COLUMNS} FROM jobs WHERE id = $1`, [job.id]);
      // Deleted between the two statements: only possible if enqueue raced its own rollback.
      if (!existing)
        throw new AppError('job_conflict', `job ${job.id} changed while being enqueued`, { retryable: true });
      return { job: existing, created: false };
    },

    get: (id) => one(`SELECT ${COLUMNS} FROM jobs WHERE id = $1`, [id]),

    claimNext: ({ kinds, workerId, leaseMs, perTenantLimit }) =>
      one(
        `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $2,
           lease_until = now() + $3 * interval '1 millisecond', started_at = now(), updated_at = now()
         WHERE id = (
           SELECT id FROM jobs q
           WHERE q.status = 'queued' AND q.run_after <= now() AND q.kind = ANY($1::text[])
             AND ($4::int IS NULL OR q.tenant_id IS NULL OR (
               SELECT count(*) FROM jobs r WHERE r.status = 'running' AND r.tenant_id = q.tenant_id
             ) < $4::int)
           ORDER BY q.priority, q.created_at, q.id
           LIMIT 1
           FOR UPDATE SKIP LOCKED
         )
         RETURNING ${COLUMNS}`,
        [kinds, workerId, leaseMs, perTenantLimit ?? null],
      ),

    markRunning: (id, { attempt, workerId, leaseMs, perTenantLimit }) =>
      db.transaction(async (tx) => {
        if (perTenantLimit !== undefined) {
          const { rows } = await tx.query<{ tenant_id: string | null }>(
            'SELECT tenant_id FROM jobs WHERE id = $1',
            [id],
          );
          const tenantId = rows[0]?.tenant_id;
          if (tenantId) {
            // Two workers starting jobs of one tenant at once would each count the other out.
            await tx.query("SELECT pg_advisory_xact_lock(hashtext('grounded.jobs.tenant.' || $1))", [
              tenantId,
            ]);
            // A running row whose lease ran out belongs to a dead worker: it holds no slot.
            const running = await tx.query<{ c: number }>(
              `SELECT count(*)::int AS c FROM jobs
               WHERE tenant_id = $1 AND status = 'running' AND id <> $2 AND lease_until > now()`,
              [tenantId, id],
            );
            if ((running.rows[0]?.c ?? 0) >= perTenantLimit) return TENANT_AT_LIMIT;
          }
        }
        const { rows } = await tx.query<JobRow>(
          `UPDATE jobs SET status = 'running', attempts = $2, locked_by = $3,
             lease_until = now() + $4 * interval '1 millisecond', started_at = now(), updated_at = now()
           WHERE id = $1 AND status IN ('queued', 'running')
           RETURNING ${COLUMNS}`,
          [id, attempt, workerId, leaseMs],
        );
        return rows[0] ? toRecord(rows[0]) : null;
      }),

    updateProgress: (id, workerId, progress) =>
      changed(
        `UPDATE jobs SET progress = progress || $3::jsonb, updated_at = now()
         WHERE id = $1 AND status = 'running' AND locked_by = $2`,
        [id, workerId, json(progress, 'progress')],
      ),

    async renewLeases(ids, workerId, leaseMs) {
      if (ids.length === 0) return [];
      const { rows } = await db.query<{ id: string }>(
        `UPDATE jobs SET lease_until = now() + $3 * interval '1 millisecond'
         WHERE id = ANY($1::text[]) AND status = 'running' AND locked_by = $2
         RETURNING id`,
        [ids, workerId, leaseMs],
      );
      return rows.map((row) => row.id);
    },

    markSucceeded: (id, workerId, result) =>
      changed(
        `UPDATE jobs SET status = 'succeeded', result = $3::jsonb, error = NULL, locked_by = NULL,
           lease_until = NULL, finished_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'running' AND locked_by = $2`,
        [id, workerId, json(result, 'result')],
      ),

    markFailed: (id, workerId, error) =>
      changed(
        `UPDATE jobs SET status = 'failed', error = $3, locked_by = NULL, lease_until = NULL,
           finished_at = now(), updated_at = now()
         WHERE id = $1 AND (($2::text IS NULL AND status IN ('queued', 'running'))
                            OR (status = 'running' AND locked_by = $2))`,
        [id, workerId, error],
      ),

    markForRetry: (id, workerId, error, delayMs) =>
      changed(
        `UPDATE jobs SET status = 'queued', error = $3, locked_by = NULL, lease_until = NULL,
           run_after = now() + $4 * interval '1 millisecond', updated_at = now()
         WHERE id = $1 AND status = 'running' AND locked_by = $2`,
        [id, workerId, error, delayMs],
      ),

    release: (id, workerId) =>
      changed(
        `UPDATE jobs SET status = 'queued', attempts = greatest(attempts - 1, 0), locked_by = NULL,
           lease_until = NULL, run_after = now(), updated_at = now()
         WHERE id = $1 AND status = 'running' AND locked_by = $2`,
        [id, workerId],
      ),

    async cancel(id) {
      const cancelled = await one(
        `UPDATE jobs SET status = 'cancelled', locked_by = NULL, lease_until = NULL,
           finished_at = now(), updated_at = now()
         WHERE id = $1 AND status IN ('queued', 'running')
         RETURNING ${COLUMNS}`,
        [id],
      );
      return cancelled ?? (await one(`SELECT ${COLUMNS} FROM jobs WHERE id = $1`, [id]));
    },

    async recoverOrphans({ all, kinds }) {
      const { rows } = await db.query<{ id: string; status: JobStatus }>(
        `UPDATE jobs SET
           status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
           error = CASE WHEN attempts >= max_attempts
                   THEN 'job_abandoned: the worker stopped during the last allowed attempt' ELSE error END,
           finished_at = CASE WHEN attempts >= max_attempts THEN now() ELSE finished_at END,
           locked_by = NULL, lease_until = NULL, run_after = now(), updated_at = now()
         WHERE status = 'running' AND ($1 OR lease_until IS NULL OR lease_until < now())
           AND ($2::text[] IS NULL OR kind = ANY($2::text[]))
         RETURNING id, status`,
        [all, kinds ?? null],
      );
      return {
        requeued: rows.filter((r) => r.status === 'queued').map((r) => r.id),
        failed: rows.filter((r) => r.status === 'failed').map((r) => r.id),
      };
    },

    async listQueued(kinds, limit) {
      const { rows } = await db.query<JobRow>(
        `SELECT ${COLUMNS} FROM jobs WHERE status = 'queued' AND kind = ANY($1::text[])
         ORDER BY created_at LIMIT $2`,
        [kinds, limit],
      );
      return rows.map(toRecord);
    },

    async deleteUnstarted(id) {
      await db.query(`DELETE FROM jobs WHERE id = $1 AND status = 'queued' AND attempts = 0`, [id]);
    },
  };
}
