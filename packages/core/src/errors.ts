/**
 * The one error type that crosses package boundaries. Packages throw `AppError` with a stable
 * string `code`; `apps/api` maps codes to HTTP statuses in one table (`http-errors.ts`), so no
 * package needs to know about HTTP.
 */
export interface AppErrorOptions {
  /** Safe, structured facts for the client (never secrets, never stack traces). */
  details?: Record<string, unknown>;
  cause?: unknown;
  /** True when the same operation may succeed if tried again (a timeout, a lost connection). */
  retryable?: boolean;
}

export class AppError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.retryable = options.retryable ?? false;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Turns anything thrown into a readable one-line reason, for job records and logs. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * The fields to log about a failure. An expected one (a typed refusal of bad input: a scanned PDF,
 * a wrong password) is logged as its code and message, once, with no stack: the stack of a
 * refusal says nothing an operator can act on. Anything else keeps its stack (issue #17).
 */
export function failureLogFields(error: unknown): { code: string; reason: string } | { err: unknown } {
  if (error instanceof AppError && error.code !== 'internal' && !error.retryable) {
    return { code: error.code, reason: error.message };
  }
  return { err: error };
}
