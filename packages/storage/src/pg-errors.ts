import { AppError } from '@grounded/core';

/**
 * Turns a driver error (pg or PGlite; both carry the SQLSTATE in `code`) into an AppError with a
 * stable code, so callers and the HTTP layer never look at SQLSTATEs themselves.
 */
const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
const CONNECTION_MESSAGES = [
  'connection terminated',
  'timeout exceeded when trying to connect',
  'connection error',
  'client has encountered a connection error',
  'cannot use a pool after calling end',
];

interface DriverErrorShape {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  message?: unknown;
}

export function isConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as DriverErrorShape;
  if (typeof code === 'string') {
    if (CONNECTION_ERRNOS.has(code)) return true;
    // Class 08 is "connection exception"; 57P01-03 are server shutdown / not yet accepting.
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300')
      return true;
  }
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  const text = typeof message === 'string' ? message.toLowerCase() : '';
  return CONNECTION_MESSAGES.some((m) => text.includes(m));
}

export function toAppError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as DriverErrorShape;
  const sqlstate = typeof shape.code === 'string' ? shape.code : undefined;
  const constraint = typeof shape.constraint === 'string' ? shape.constraint : undefined;
  const message = typeof shape.message === 'string' ? shape.message : String(error);
  const details: Record<string, unknown> = {};
  if (constraint) details.constraint = constraint;
  if (sqlstate) details.sqlstate = sqlstate;

  if (isConnectionError(error)) {
    // The driver's words name the server's address; they go to the log (cause), not to clients.
    return new AppError('database_unavailable', `database is unavailable (${what})`, {
      cause: error,
      retryable: true,
    });
  }
  switch (sqlstate) {
    case '23505':
      return new AppError('conflict', `already exists${constraint ? ` (${constraint})` : ''}`, {
        details,
        cause: error,
      });
    case '23503':
      return new AppError('invalid_reference', `references a row that does not exist: ${message}`, {
        details,
        cause: error,
      });
    case '23502':
    case '23514':
      return new AppError('constraint_violation', message, { details, cause: error });
    case '57014':
      return new AppError('database_timeout', `database statement timed out (${what})`, {
        details,
        cause: error,
        retryable: true,
      });
    case '40001':
    case '40P01':
      return new AppError('database_busy', `transaction conflict, try again: ${message}`, {
        details,
        cause: error,
        retryable: true,
      });
    default:
      return new AppError('database_error', `${what} failed: ${message}`, { details, cause: error });
  }
}
