import { randomUUID } from 'node:crypto';
import { AppError } from '@grounded/core';
import type { NewJob } from './job-store';
import type { EnqueueOptions } from './types';

export const PRIORITY_LIMIT = 1_000_000;
const KIND = /^[a-z][a-z0-9_.-]{0,63}$/i;

/** Validates what a caller passed to `enqueue` and fills the defaults. */
export function resolveNewJob(
  kind: string,
  payload: unknown,
  options: EnqueueOptions,
  defaultMaxAttempts: number,
): NewJob {
  if (!KIND.test(kind))
    throw new AppError('invalid_job', `job kind must match ${KIND}: ${JSON.stringify(kind)}`);
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) {
    throw new AppError('invalid_job', `maxAttempts must be an integer from 1 to 100, got ${maxAttempts}`);
  }
  const priority = options.priority ?? 0;
  if (!Number.isInteger(priority) || Math.abs(priority) > PRIORITY_LIMIT) {
    throw new AppError(
      'invalid_job',
      `priority must be an integer within ±${PRIORITY_LIMIT}, got ${priority}`,
    );
  }
  const id = options.jobId ?? randomUUID();
  if (id.length === 0 || id.length > 200)
    throw new AppError('invalid_job', 'jobId must be 1 to 200 characters');
  return {
    id,
    kind,
    payload,
    maxAttempts,
    priority,
    tenantId: options.tenantId ?? null,
    documentIds: [...(options.documentIds ?? [])],
    requestId: options.requestId ?? null,
  };
}

/** Exponential backoff: base, 2×base, 4×base, … capped. `attempt` is the attempt that just failed (1-based). */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
