import { randomUUID } from 'node:crypto';

/** Prefixed random ids ('col_…', 'doc_…') so an id says what it names in logs and URLs. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
}

/**
 * This process's id, for answers that say which replica served them (an index report). Opaque on
 * purpose: a tenant's admin must not learn host names or pids. The operator maps it to a host
 * through the log line each process writes at start, which carries host and pid.
 */
export const INSTANCE_ID = newId('ins');
