import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { type HttpLogger, type Options, pinoHttp } from 'pino-http';
import { requestIdFrom } from './request-context';
import { findCaller } from './tenant';

/**
 * Request logging (issues #12 and #17). One short line per request: method, the declared route
 * (its pattern, so no ids and no query string), status, milliseconds, request id and tenant; about
 * 200 characters, where pino-http's defaults wrote 1.5 KB of headers. Every other line a request's
 * logger writes carries only the request id. Nothing the client controls is logged except, for a
 * path that matched no route, that path, with credential-like query values redacted and capped.
 * Bodies and headers are never logged. The logger itself (logger.ts) still scrubs our credential
 * shapes from every line as a last line of defence.
 */

// The client controls an unmatched path: cap it so one request cannot bloat its log line.
const MAX_PATH_CHARS = 120;

const REDACTED = '[redacted]';

/**
 * Query parameter names that carry credentials. Substring matches on purpose (`x_api_key`,
 * `refreshToken`, `client_secret`, `X-Amz-Signature`...): redacting an innocent `keyword` costs
 * little, logging a secret costs a rotation.
 */
const CREDENTIAL_PARAM = /token|key|secret|passw|credential|signature|^auth(orization)?$|^sig$|^pwd$/i;

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    // A malformed escape is still matched by its raw spelling.
    return raw;
  }
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/**
 * The URL with the values of credential-like query parameters replaced by `[redacted]`, any
 * `user:password@` removed and the fragment dropped (OAuth implicit flows put tokens there). Works
 * on paths (`/v1/x?token=...`) and absolute URLs (a Referer) alike, without a full URL parse.
 */
export function redactUrl(url: string): string {
  const hash = url.indexOf('#');
  const withoutFragment = hash === -1 ? url : url.slice(0, hash);
  const question = withoutFragment.indexOf('?');
  const base = (question === -1 ? withoutFragment : withoutFragment.slice(0, question)).replace(
    /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i,
    `$1${REDACTED}@`,
  );
  if (question === -1) return base;
  const query = withoutFragment
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      if (!CREDENTIAL_PARAM.test(decodeName(name))) return pair;
      // `?token` with no value is still redacted: some clients send the credential as the name.
      return equals === -1 ? REDACTED : `${name}=${REDACTED}`;
    })
    .join('&');
  return `${base}?${query}`;
}

/** The declared route the request matched, or, when none did, its (redacted, capped) URL. */
export function routeOf(req: IncomingMessage): string {
  const express = req as IncomingMessage & {
    route?: { path?: unknown };
    baseUrl?: string;
    originalUrl?: string;
  };
  if (express.route?.path !== undefined) return `${express.baseUrl ?? ''}${String(express.route.path)}`;
  return truncate(redactUrl(express.originalUrl ?? req.url ?? ''), MAX_PATH_CHARS);
}

/** The fields of a request's line; `reqId` is bound to the request's logger. */
export function requestLine(req: IncomingMessage, res: ServerResponse, ms: number) {
  const caller = findCaller(req as Request);
  // Set by the error middleware for an expected 4xx.
  const code = (res as Response).locals?.errorCode as string | undefined;
  return {
    method: req.method,
    route: routeOf(req),
    status: res.statusCode,
    ms,
    ...(caller ? { tenant: caller.tenantId } : {}),
    ...(code ? { code } : {}),
  };
}

/** The pino-http options, for a caller that needs to add to them before calling `pinoHttp`. */
export function requestLogOptions(logger: Logger): Options {
  return {
    logger,
    genReqId: (req) => requestIdFrom(req.headers),
    // Lines written while handling the request carry `reqId` only, never the request itself.
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'reqId' },
    customSuccessObject: (req, res, value: { responseTime: number }) =>
      requestLine(req, res, value.responseTime),
    // A 5xx's error and stack are logged once, by the error middleware; the request line stays short.
    customErrorObject: (req, res, _error, value: { responseTime: number }) =>
      requestLine(req, res, value.responseTime),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request completed',
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/health' },
  };
}

/** The request-logging middleware: `app.use(requestLogger(container.logger))`. */
export function requestLogger(logger: Logger): HttpLogger {
  return pinoHttp(requestLogOptions(logger));
}
