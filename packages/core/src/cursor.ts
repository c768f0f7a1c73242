import { AppError } from '@grounded/core';

/**
 * Keyset cursors, opaque to clients so that the ordering column can change without breaking them.
 * A repository makes one only from the last row of a page the caller was shown.
 */
export function encodeCursor(kind: string, key: string | number): string {
  return Buffer.from(`${kind}:${key}`).toString('base64url');
}

/** The key inside a cursor made by `encodeCursor(kind, …)`; anything else is a 400. */
export function decodeCursor(kind: string, cursor: string, key: RegExp): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const value = decoded.startsWith(`${kind}:`) ? decoded.slice(kind.length + 1) : null;
  if (value === null || !key.test(value)) {
    throw new AppError('validation_failed', 'the pagination cursor is not valid');
  }
  return value;
}
