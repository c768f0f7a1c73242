import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '@grounded/core';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { errorMiddleware, notFoundHandler } from './error-middleware';
import { requestIdFrom } from './request-context';
import { redactUrl, requestLogger } from './request-logging';
import type { Caller } from './tenant';
import { setCaller } from './tenant';

// Credentials of our own shapes (the logger also scrubs these by pattern)...
const API_KEY = `gk_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
const OTHER_API_KEY = `gk_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
const WIDGET_PAYLOAD = Buffer.from(JSON.stringify({ tid: 't1', cid: 'c1', exp: 1 })).toString('base64url');
const WIDGET_TOKEN = `wt_${WIDGET_PAYLOAD}.${createHmac('sha256', 'k').update(WIDGET_PAYLOAD).digest('base64url')}`;
// ...and opaque ones, which only the allow-lists and the query redaction keep out of the logs.
const COOKIE_SECRET = 'opaque-cookie-7f3a91';
const QUERY_PASSWORD = 'opaque-query-password-19';
const REFERER_TOKEN = 'opaque-referer-token-42';
const UPSTREAM_TOKEN = 'opaque-upstream-token-5';
const BODY_PASSWORD = 'opaque-body-password-88';

const SECRETS = [
  API_KEY,
  API_KEY.slice(20), // the secret half alone
  OTHER_API_KEY,
  OTHER_API_KEY.slice(20),
  WIDGET_TOKEN,
  WIDGET_TOKEN.split('.')[1]!, // the signature alone
  'wt_abc.def',
  COOKIE_SECRET,
  QUERY_PASSWORD,
  REFERER_TOKEN,
  UPSTREAM_TOKEN,
  BODY_PASSWORD,
];

interface LogLine {
  raw: string;
  entry: {
    level: number;
    msg?: string;
    reqId?: string;
    method?: string;
    route?: string;
    status?: number;
    ms?: number;
    tenant?: string;
    req?: { url?: string; headers?: Record<string, string> };
    res?: { statusCode?: number; headers?: Record<string, string> };
    err?: { message?: string; stack?: string };
    code?: string;
  };
}

/** The request line of each request (issue #17: one short line, no headers). */
const COMPLETED = '"msg":"request completed"';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/**
 * A real Express app on an ephemeral port, shaped like app.ts around the logger (helmet adds the
 * long CSP the old request lines carried), logging through the real createLogger into memory.
 */
async function startApp(middleware: (logger: ReturnType<typeof createLogger>) => RequestHandler) {
  const lines: string[] = [];
  const logger = createLogger('info', 'grounded-test', { write: (line: string) => void lines.push(line) });
  const app = express();
  app.use(middleware(logger));
  app.use(helmet());
  app.use(express.json());
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/v1/search', (req, res) => {
    res.json({ sawHeaders: Object.keys(req.headers) });
  });
  app.post('/v1/echo', (req, res) => {
    res.json({ sawFields: Object.keys(req.body as object) });
  });
  app.get('/v1/boom', () => {
    throw new Error(`upstream rejected the key ${API_KEY} for tenant t1`);
  });
  app.get('/v1/collections/:collectionId', (req) => {
    setCaller(req, { tenantId: 'acme', role: 'admin', credentialId: 'key_1' } as Caller);
    throw new AppError('collection_not_found', `no collection ${req.params.collectionId}`);
  });
  app.use(notFoundHandler);
  app.use(errorMiddleware({ logger, exposeInternals: false }));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, lines };
}

/** The same credential-laden traffic for every configuration under test. */
async function sendTraffic(base: string, lines: string[]): Promise<LogLine[]> {
  const search = await fetch(
    `${base}/v1/search?q=hello&token=${WIDGET_TOKEN}&api_key=${OTHER_API_KEY}&password=${QUERY_PASSWORD}&also=wt_abc.def`,
    {
      headers: {
        authorization: `Bearer ${API_KEY}`,
        'x-api-key': OTHER_API_KEY,
        cookie: `session=${COOKIE_SECRET}`,
        'x-upstream-token': UPSTREAM_TOKEN,
        'user-agent': 'issue-12-agent/1.0',
        referer: `https://docs.example.com/guide?lang=en&access_token=${REFERER_TOKEN}`,
        'x-request-id': 'req-issue-12',
      },
    },
  );
  // The credentials really reached the server, so their absence from the logs means something.
  const { sawHeaders } = (await search.json()) as { sawHeaders: string[] };
  expect(sawHeaders).toEqual(expect.arrayContaining(['authorization', 'x-api-key', 'cookie', 'referer']));

  const echo = await fetch(`${base}/v1/echo`, {
    method: 'POST',
    headers: { authorization: `Bearer ${WIDGET_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ apiKey: API_KEY, password: BODY_PASSWORD, question: 'why?' }),
  });
  expect(echo.status).toBe(200);

  // body-parser's error for a malformed body carries the raw body and quotes it in its message.
  const malformed = await fetch(`${base}/v1/echo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `{"apiKey": "${API_KEY}", "password": "${BODY_PASSWORD}",`,
  });
  expect(malformed.status).toBe(400);

  const boom = await fetch(`${base}/v1/boom`, { headers: { 'x-api-key': API_KEY } });
  expect(boom.status).toBe(500);

  // An expected 4xx of an authenticated caller, and a path no route declares, with a credential.
  const missing = await fetch(`${base}/v1/collections/col_nope`, { headers: { 'x-request-id': 'req-404' } });
  expect(missing.status).toBe(404);
  const unrouted = await fetch(`${base}/v1/nowhere?access_token=${REFERER_TOKEN}&page=2`);
  expect(unrouted.status).toBe(404);

  // pino-http writes its line on 'finish', which can trail the client seeing the response.
  const deadline = Date.now() + 2000;
  while (
    lines.filter((line) => line.includes('"responseTime"') || line.includes(COMPLETED)).length < 6 &&
    Date.now() < deadline
  ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return lines.map((raw) => ({ raw, entry: JSON.parse(raw) as LogLine['entry'] }));
}

function leakedSecrets(logged: LogLine[]): string[] {
  const text = logged.map((line) => line.raw).join('');
  return SECRETS.filter((secret) => text.includes(secret));
}

describe('request logging', () => {
  it('issue #12: no credential from a header, query string or body reaches a log line', async () => {
    const { base, lines } = await startApp(requestLogger);
    const logged = await sendTraffic(base, lines);

    const requestLines = logged.filter((line) => line.raw.includes(COMPLETED));
    expect(requestLines).toHaveLength(6);
    expect(leakedSecrets(logged)).toEqual([]);

    // Issue #17: the line names the declared route, never the query string or a header.
    const search = requestLines.find((line) => line.entry.route === '/v1/search')!;
    expect(search.entry).toMatchObject({ method: 'GET', status: 200, reqId: 'req-issue-12' });
    expect(search.entry.ms).toEqual(expect.any(Number));
    expect(search.entry.req).toBeUndefined();
    expect(search.entry.res).toBeUndefined();
    expect(search.raw).not.toContain('user-agent');
    // About 1.5 KB a line before issue #12, about 600 after it; at most about 300 now.
    for (const line of requestLines) expect(Buffer.byteLength(line.raw)).toBeLessThanOrEqual(300);

    // The failing route was logged, its error message scrubbed rather than dropped.
    const failure = logged.find((line) => line.entry.msg === 'request failed')!;
    expect(failure.entry.err?.message).toBe('upstream rejected the key [redacted] for tenant t1');
    expect(requestLines.find((line) => line.entry.status === 500)?.entry.level).toBe(50);

    // An expected 4xx: a pattern route with the caller's tenant, no stack, the message not repeated.
    const rejected = requestLines.find((line) => line.entry.reqId === 'req-404')!;
    expect(rejected.entry).toMatchObject({
      route: '/v1/collections/:collectionId',
      status: 404,
      tenant: 'acme',
      code: 'collection_not_found',
    });
    const about404 = logged.filter((line) => line.entry.reqId === 'req-404');
    expect(about404).toHaveLength(1);
    expect(about404[0]!.raw).not.toMatch(/stack|col_nope/);

    // No route: the path is the only client text logged, its credential values redacted.
    expect(requestLines.map((line) => line.entry.route)).toContain(
      '/v1/nowhere?access_token=[redacted]&page=2',
    );
  });

  it('issue #12: the same traffic through pino-http default serializers leaks (so the check above can fail)', async () => {
    // app.ts's configuration before issue #12.
    const { base, lines } = await startApp((logger) =>
      pinoHttp({
        logger,
        genReqId: (req) => requestIdFrom(req.headers),
        customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
        autoLogging: { ignore: (req) => req.url === '/health' },
      }),
    );
    const logged = await sendTraffic(base, lines);

    expect(leakedSecrets(logged)).toEqual(
      expect.arrayContaining([QUERY_PASSWORD, REFERER_TOKEN, UPSTREAM_TOKEN]),
    );
    const search = logged.find((line) => line.entry.req?.url?.startsWith('/v1/search'))!;
    expect(Buffer.byteLength(search.raw)).toBeGreaterThan(600);
  });

  it('issue #12: /health is not logged', async () => {
    const { base, lines } = await startApp(requestLogger);
    await fetch(`${base}/health`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines).toEqual([]);
  });
});

describe('redactUrl', () => {
  it('issue #12: redacts the values of credential-like query parameters only', () => {
    expect(
      redactUrl('/v1/x?q=a&key=1&API_KEY=2&apikey=3&Token=4&access_token=5&password=6&secret=7&page=2'),
    ).toBe(
      '/v1/x?q=a&key=[redacted]&API_KEY=[redacted]&apikey=[redacted]&Token=[redacted]' +
        '&access_token=[redacted]&password=[redacted]&secret=[redacted]&page=2',
    );
    expect(redactUrl('/x?authorization=1&signature=2&X-Amz-Signature=3&refreshToken=4&client_secret=5')).toBe(
      '/x?authorization=[redacted]&signature=[redacted]&X-Amz-Signature=[redacted]' +
        '&refreshToken=[redacted]&client_secret=[redacted]',
    );
  });

  it('issue #12: sees through percent-encoded names, drops fragments and userinfo', () => {
    expect(redactUrl('/x?api%5Fkey=1&%E0%A4%A=2')).toBe('/x?api%5Fkey=[redacted]&%E0%A4%A=2');
    expect(redactUrl('/x?token')).toBe('/x?[redacted]');
    expect(redactUrl('https://a.example/cb#access_token=1')).toBe('https://a.example/cb');
    expect(redactUrl('https://user:pw@a.example/p?lang=en')).toBe('https://[redacted]@a.example/p?lang=en');
    expect(redactUrl('/plain/path')).toBe('/plain/path');
  });
});
