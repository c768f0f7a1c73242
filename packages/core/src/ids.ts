import { randomUUID } from 'node:crypto';

/** Prefixed random ids ('col_…', 'doc_…') so an id says what it names in logs and URLs. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
}
