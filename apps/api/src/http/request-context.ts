import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Takes the caller's X-Request-Id (or the trace id of a W3C traceparent) when it is safe to log,
 * else makes one. It is echoed in the response header and bound to every log line (pino-http).
 */
export function requestIdFrom(headers: Record<string, string | string[] | undefined>): string {
  const given = headers['x-request-id'];
  if (typeof given === 'string' && SAFE_ID.test(given)) return given;
  const traceparent = headers.traceparent;
  if (typeof traceparent === 'string') {
    const traceId = traceparent.split('-')[1];
    if (traceId && /^[0-9a-f]{32}$/.test(traceId)) return traceId;
  }
  return randomUUID();
}

export const requestIdHeader: RequestHandler = (req, res, next) => {
  res.setHeader('X-Request-Id', String(req.id));
  next();
};
