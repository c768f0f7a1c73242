import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeader, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { type HttpLogger, type Options, pinoHttp } from 'pino-http';
import { requestIdFrom } from './request-context';

/**
 * Request logging (issue #12). pino-http's default serializers log every request and response
 * header (about 1.5 KB a line, the whole CSP included), X-Api-Key in clear, and the parsed query
 * string. Here the serializers are allow-lists instead: a header or field that is not named below
 * never reaches a log line, so a new credential header cannot leak by being forgotten in a
 * deny-list. Bodies are never logged. The logger itself (logger.ts) still scrubs our credential
 * shapes from every line as a last line of defence.
 */

/** Request headers worth a log line; everything else (Authorization, X-Api-Key, Cookie...) is dropped. */
const REQUEST_HEADERS = [
  'host',
  'user-agent',
  'content-type',
  'content-length',
  'accept',
  'origin',
  'referer',
  'x-request-id',
  'x-forwarded-for',
] as const;

const RESPONSE_HEADERS = ['content-type', 'content-length'] as const;

// The client controls these strings: cap them so one request cannot bloat its log line.
const MAX_URL_CHARS = 1000;
const MAX_HEADER_CHARS = 200;

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

function headerText(value: OutgoingHttpHeader | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function allowedRequestHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of REQUEST_HEADERS) {
    const text = headerText(headers[name]);
    if (text === undefined) continue;
    kept[name] = truncate(name === 'referer' ? redactUrl(text) : text, MAX_HEADER_CHARS);
  }
  return kept;
}

/**
 * The request as it appears on every line that request's logger writes: it is serialized once,
 * when pino-http binds it, before any router rewrites `req.url`.
 */
export function serializeRequest(req: IncomingMessage) {
  const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '';
  return {
    id: req.id,
    method: req.method,
    url: truncate(redactUrl(url), MAX_URL_CHARS),
    remoteAddress: req.socket?.remoteAddress,
    headers: allowedRequestHeaders(req.headers),
  };
}

export function serializeResponse(res: ServerResponse) {
  const headers: Record<string, string> = {};
  for (const name of RESPONSE_HEADERS) {
    const text = headerText(res.getHeader(name));
    if (text !== undefined) headers[name] = text;
  }
  return { statusCode: res.statusCode, headers };
}

/** The pino-http options, for a caller that needs to add to them before calling `pinoHttp`. */
export function requestLogOptions(logger: Logger): Options {
  return {
    logger,
    // The serializers take the raw req/res and pick their few fields themselves; wrapped, they would
    // get pino-std-serializers' copies, built per request with every header and the parsed query.
    wrapSerializers: false,
    serializers: { req: serializeRequest, res: serializeResponse },
    genReqId: (req) => requestIdFrom(req.headers),
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/health' },
  };
}

/** The request-logging middleware: `app.use(requestLogger(container.logger))`. */
export function requestLogger(logger: Logger): HttpLogger {
  return pinoHttp(requestLogOptions(logger));
}
