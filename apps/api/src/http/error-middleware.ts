import { AppError } from '@grounded/core';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { httpStatusFor } from './error-codes';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Normalises whatever was thrown into an AppError. Unknown errors become 'internal'. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    return new AppError('validation_failed', 'the request is not valid', {
      details: {
        issues: error.issues.map((issue) => ({
          path: issue.path.join('.'),
          message: issue.message,
          code: issue.code,
        })),
      },
    });
  }
  // body-parser (express.json) errors carry a `type`.
  const typed = error as { type?: string; status?: number; message?: string } | null;
  if (typed && typeof typed === 'object' && typeof typed.type === 'string') {
    if (typed.type === 'entity.parse.failed') {
      return new AppError('invalid_json', `the body is not valid JSON: ${typed.message ?? ''}`.trim());
    }
    if (typed.type === 'entity.too.large') {
      return new AppError('payload_too_large', 'the request body is larger than the limit');
    }
    if (typed.type === 'encoding.unsupported' || typed.type === 'charset.unsupported') {
      return new AppError('unsupported_media_type', typed.message ?? 'unsupported encoding');
    }
    if (typed.status && typed.status >= 400 && typed.status < 500) {
      return new AppError('validation_failed', typed.message ?? 'bad request');
    }
  }
  // URIError from a malformed percent-encoded path.
  if (error instanceof URIError) return new AppError('validation_failed', 'the URL is not valid');
  return new AppError('internal', 'internal error', { cause: error });
}

export function errorBody(error: AppError, exposeInternals: boolean): ErrorBody {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  if (exposeInternals && error.code === 'internal' && error.cause instanceof Error) {
    body.error.details = { cause: error.cause.message, stack: error.cause.stack };
  }
  return body;
}

/** The single error middleware: every error response has the same shape. */
export function errorMiddleware(options: { logger: Logger; exposeInternals: boolean }): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = toAppError(error);
    const status = httpStatusFor(appError.code);
    const log = (req as { log?: Logger }).log ?? options.logger;
    if (status >= 500) log.error({ err: error, code: appError.code }, 'request failed');
    // An expected rejection is no event of its own: its code joins the request's line
    // (request-logging.ts), with no stack and no second copy of the message (issue #17).
    else res.locals.errorCode = appError.code;
    if (res.headersSent) {
      res.end();
      return;
    }
    if (appError.retryable || status === 503) res.setHeader('Retry-After', '5');
    res.status(status).json(errorBody(appError, options.exposeInternals));
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('route_not_found', `no route for ${req.method} ${req.path}`));
};
