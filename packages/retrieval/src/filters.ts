import type { ChunkMeta, SearchFilter } from './types';

/** Deep equality for JSON values, enough for metadata filters (objects, arrays, primitives). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) =>
    jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/**
 * Compiles a filter once into a predicate over chunk metadata, so each retriever can test
 * candidates inside its own search (before top-k) at the cost of a few comparisons each.
 * Returns null when the filter restricts nothing.
 */
/**
 * The document ACL rule, one place for search, the document routes and uploads: an empty ACL is
 * open to the whole tenant; a caller without principals (admin, internal) reads everything;
 * otherwise the caller must hold one of the listed principals.
 */
export function mayRead(
  allowedPrincipals: readonly string[],
  principals: readonly string[] | undefined,
): boolean {
  if (allowedPrincipals.length === 0 || principals === undefined) return true;
  return allowedPrincipals.some((principal) => principals.includes(principal));
}

export function compileFilter(filter: SearchFilter | undefined): ((meta: ChunkMeta) => boolean) | null {
  if (!filter) return null;
  const tests: ((meta: ChunkMeta) => boolean)[] = [];
  if (filter.tenantId !== undefined) {
    const tenant = filter.tenantId;
    tests.push((meta) => meta.tenantId === tenant);
  }
  if (filter.principals !== undefined) {
    const principals = filter.principals;
    tests.push((meta) => mayRead(meta.allowedPrincipals, principals));
  }
  if (filter.documentIds !== undefined) {
    const documents = new Set(filter.documentIds);
    tests.push((meta) => documents.has(meta.documentId));
  }
  if (filter.tags !== undefined && filter.tags.length > 0) {
    // A chunk must carry every requested tag: tags narrow, as users expect from a tag filter.
    const tags = filter.tags;
    tests.push((meta) => tags.every((tag) => meta.tags.includes(tag)));
  }
  if (filter.dateFrom !== undefined) {
    const from = filter.dateFrom;
    tests.push((meta) => meta.date !== null && meta.date >= from);
  }
  if (filter.dateTo !== undefined) {
    const to = filter.dateTo;
    tests.push((meta) => meta.date !== null && meta.date <= to);
  }
  if (filter.metadata !== undefined) {
    const entries = Object.entries(filter.metadata);
    if (entries.length > 0) {
      tests.push((meta) => entries.every(([key, value]) => jsonEqual(meta.metadata[key], value)));
    }
  }
  if (tests.length === 0) return null;
  return (meta) => tests.every((test) => test(meta));
}
