import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../src/app';
import { removeTestData, startTestServer, type TestServer } from '../test-server';

/**
 * Issue #7 reliability, part 1: at least 1,000 generated malformed requests across every route the
 * OpenAPI table documents (so a new route is fuzzed without editing this file). Expect no 5xx, no
 * crash (the server still answers afterwards, and vitest fails on an unhandled rejection), and
 * every error response in the `{ error: { code, message } }` shape.
 */
let server: TestServer;
/** Real ids for the path parameters, so requests reach the handlers rather than only 404s. */
let ids: Record<string, string>;
/** Ids that DELETE and rotate may destroy without starving the other routes of targets. */
let victims: Record<string, string>;
let agentKey: string;
const tally = { requests: 0, byStatus: new Map<number, number>() };

async function json(path: string, method: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...server.auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const parsed = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}

/** Values of every wrong shape: the fields each route expects, with the wrong types. */
const jsonValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 30 }),
  fc.string({ minLength: 70_000, maxLength: 70_001 }),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);
const fieldNames = fc.constantFrom(
  'name',
  'text',
  'query',
  'k',
  'mode',
  'filter',
  'collectionId',
  'message',
  'history',
  'format',
  'title',
  'role',
  'origins',
  'messages',
  'model',
  'texts',
  'length',
  'target',
  'rating',
  'documentId',
  'conversationId',
  'rows',
  'principals',
  'unexpected',
  '__proto__',
  'constructor',
);
const jsonBody = fc.dictionary(fieldNames, jsonValue, { maxKeys: 5 }).map((body) => JSON.stringify(body));

type Malformed = { contentType: string | null; body: Uint8Array | string | null; pathSuffix: string };
const traversalNames = fc.constantFrom(
  '../../etc/passwd',
  '..\\..\\boot.ini',
  '/dev/zero',
  'a\u0000b.pdf',
  '%2e%2e%2fetc%2fpasswd',
  'x'.repeat(5000),
);
const malformed: fc.Arbitrary<Malformed> = fc.oneof(
  // Wrong, missing and extra fields, wrong types, huge strings.
  jsonBody.map((body) => ({ contentType: 'application/json', body, pathSuffix: '' })),
  // Broken JSON, and JSON that is not an object.
  fc
    .string({ maxLength: 50 })
    .map((body) => ({ contentType: 'application/json', body: `{${body}`, pathSuffix: '' })),
  fc
    .constantFrom('[]', '"text"', '42', 'null', 'true', '[{"text":"a"}]')
    .map((body) => ({ contentType: 'application/json', body, pathSuffix: '' })),
  // Invalid UTF-8.
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({
    contentType: 'application/json',
    body: new Uint8Array([0x7b, 0xff, 0xfe, ...bytes]),
    pathSuffix: '',
  })),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({
    contentType: 'application/json; charset=utf-16',
    body: new Uint8Array(bytes),
    pathSuffix: '',
  })),
  // Wrong content types (text/csv and ndjson reach the batch upload's raw-body path).
  fc
    .constantFrom(
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'image/png',
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'text/csv',
      'application/x-ndjson',
      '',
      'garbage/;;;=',
    )
    .map((contentType) => ({ contentType, body: 'a=1&b=2', pathSuffix: '' })),
  // Truncated multipart bodies, with path traversal in the file name.
  traversalNames.map((filename) => ({
    contentType: 'multipart/form-data; boundary=XyZ',
    body: `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 trunc`,
    pathSuffix: '',
  })),
  // Multipart cut inside the headers, or with no file part at all.
  fc
    .constantFrom(
      '--XyZ\r\nContent-Disposition: form-da',
      '--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--XyZ--\r\n',
      '--XyZ--\r\n',
      'not multipart at all',
    )
    .map((body) => ({ contentType: 'multipart/form-data; boundary=XyZ', body, pathSuffix: '' })),
  // Complete multipart with a traversal name and junk fields: the name must never become a path.
  fc.tuple(traversalNames, fc.string({ maxLength: 20 })).map(([filename, junk]) => ({
    contentType: 'multipart/form-data; boundary=XyZ',
    body: `--XyZ\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{${junk}\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\ntext\r\n--XyZ--\r\n`,
    pathSuffix: '',
  })),
  // Path traversal and odd ids in the path itself.
  fc
    .constantFrom('/../../etc/passwd', '/%2e%2e%2f%2e%2e', '/%ZZ', '/..%00', `/${'a'.repeat(300)}`, '/\u202e')
    .map((pathSuffix) => ({ contentType: 'application/json', body: '{}', pathSuffix })),
  // Bad query strings on list and page routes.
  fc
    .constantFrom(
      '?limit=-1',
      '?limit=abc',
      '?limit=1e9',
      '?after=%FF',
      `?after=${'z'.repeat(5000)}`,
      '?offset=-5',
      '?format=xml',
      '?limit=1&limit=2',
      '?textColumn=&format=parquet',
      '?requestId[]=x',
    )
    .map((pathSuffix) => ({ contentType: null, body: null, pathSuffix })),
  // No body at all.
  fc.constant({ contentType: null, body: null, pathSuffix: '' }),
);

/** A path parameter: the real target, a missing one, or a malformed one. */
const paramChoice = fc.constantFrom('real', 'missing', 'malformed');
const MALFORMED_IDS = ['..', '%2e%2e', 'a%00b', 'x'.repeat(150), '%F0%9F', "'; drop table documents; --"];

type Credential = 'admin' | 'agent' | 'none' | 'garbage' | 'widget-garbage';
// Mostly valid credentials, so most requests get past authentication to the handlers.
const credentials = fc.oneof(
  { arbitrary: fc.constant<Credential>('admin'), weight: 12 },
  { arbitrary: fc.constant<Credential>('agent'), weight: 2 },
  { arbitrary: fc.constantFrom<Credential>('none', 'garbage', 'widget-garbage'), weight: 2 },
);

function headersFor(credential: Credential): Record<string, string> {
  switch (credential) {
    case 'admin':
      return { ...server.auth };
    case 'agent':
      return { authorization: `Bearer ${agentKey}` };
    case 'none':
      return {};
    case 'garbage':
      return { authorization: 'Bearer gk_not-a-real-key' };
    case 'widget-garbage':
      return { authorization: 'Bearer wt_eyJub3QiOiJ2YWxpZCJ9.sig', origin: 'https://evil.example' };
  }
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' });
  const collection = await json('/v1/collections', 'POST', { name: 'fuzz' });
  const victim = await json('/v1/collections', 'POST', { name: 'fuzz-victim' });
  const upload = await json(`/v1/collections/${collection.id}/documents`, 'POST', {
    text: 'A small document for the fuzzer. The free trial lasts thirty days.',
  });
  const victimDoc = await json(`/v1/collections/${victim.id}/documents`, 'POST', { text: 'Expendable.' });
  const chat = await json('/v1/chat', 'POST', {
    collectionId: collection.id,
    message: 'How long is the trial?',
  });
  const conversation = await json('/v1/conversations', 'POST', { collectionId: collection.id });
  const victimKey = await json('/v1/api-keys', 'POST', { name: 'victim', role: 'agent' });
  agentKey = String((await json('/v1/api-keys', 'POST', { name: 'fuzz agent', role: 'agent' })).key);
  const batchResponse = await fetch(`${server.url}/v1/sentiment/batches`, {
    method: 'POST',
    headers: { ...server.auth, 'content-type': 'text/csv' },
    body: 'text\nI love it\nI hate it\n',
  });
  const batch = (await batchResponse.json()) as { id: string };
  ids = {
    collectionId: String(collection.id),
    documentId: String((upload.document as { id: string }).id),
    jobId: String((upload.job as { id: string }).id),
    conversationId: String(chat.conversationId ?? conversation.id),
    messageId: String(chat.messageId),
    keyId: String(victimKey.id),
    batchId: batch.id,
    name: 'no-such-model',
  };
  victims = {
    ...ids,
    collectionId: String(victim.id),
    documentId: String((victimDoc.document as { id: string }).id),
    conversationId: String(conversation.id),
  };
  for (const [name, value] of Object.entries(ids)) expect(value, name).toMatch(/^[A-Za-z0-9_-]+$/);
});

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

describe('fuzzing every route with malformed requests', () => {
  it('never answers 5xx, and every error has the error body shape', async () => {
    const routes = apiRoutes(server.container);
    // Every route family of the API is in the table the fuzzer draws from.
    const families = new Set(routes.map((route) => route.path.split('/').slice(0, 3).join('/')));
    for (const family of [
      '/v1/collections',
      '/v1/chat',
      '/v1/conversations',
      '/v1/messages',
      '/v1/feedback',
      '/v1/jobs',
      '/v1/api-keys',
      '/v1/widget-tokens',
      '/v1/summarize',
      '/v1/translate',
      '/v1/sentiment',
      '/v1/guardrails',
      '/widget/widget.js',
      '/openapi.json',
    ]) {
      expect(families.has(family) || routes.some((r) => r.path.startsWith(family)), family).toBe(true);
    }
    const hit = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        malformed,
        credentials,
        paramChoice,
        fc.constantFrom(...MALFORMED_IDS),
        async (route, input, credential, choice, badId) => {
          tally.requests++;
          hit.add(`${route.method} ${route.path}`);
          const targets = route.method === 'delete' || route.path.endsWith('/rotate') ? victims : ids;
          const path = route.path.replace(/:([A-Za-z]+)/g, (_match, name: string) =>
            choice === 'real' ? targets[name]! : choice === 'missing' ? `zz_missing_${name}` : badId,
          );
          const headers = headersFor(credential);
          if (input.contentType) headers['content-type'] = input.contentType;
          const method = route.method.toUpperCase();
          const response = await fetch(`${server.url}${path}${input.pathSuffix}`, {
            method,
            headers,
            ...(input.body !== null && method !== 'GET' ? { body: input.body } : {}),
            signal: AbortSignal.timeout(30_000),
          });
          const text = await response.text();
          tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
          const what = `${method} ${path}${input.pathSuffix} (${credential}, ${input.contentType}) → ${response.status} ${text.slice(0, 200)}`;
          expect(response.status, what).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get('content-type') ?? '', what).toContain('application/json');
            const body = JSON.parse(text) as { error: { code: unknown; message: unknown } };
            expect(typeof body.error.code, what).toBe('string');
            expect(body.error.code, what).toMatch(/^[a-z_]+$/);
            expect(typeof body.error.message, what).toBe('string');
          }
        },
      ),
      { numRuns: 2000, seed: 20261130 },
    );
    expect(tally.requests).toBeGreaterThanOrEqual(1000);
    // Every documented route was drawn at least once.
    expect(routes.filter((route) => !hit.has(`${route.method} ${route.path}`))).toEqual([]);
    // Still alive and serving, with its real data intact.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const search = await fetch(`${server.url}/v1/collections/${ids.collectionId}/search`, {
      method: 'POST',
      headers: { ...server.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'free trial' }),
    });
    expect(search.status).toBe(200);
    console.log(
      `fuzz: ${tally.requests} requests over ${hit.size} routes; statuses ${JSON.stringify(Object.fromEntries([...tally.byStatus].sort((a, b) => a[0] - b[0])))}`,
    );
  }, 300_000);
});

describe('issue #7 regressions found by the fuzzer', () => {
  it('a truncated multipart batch upload is a 400 invalid_multipart, answered promptly', async () => {
    for (const idempotency of [null, 'fuzz-regression-key']) {
      const started = Date.now();
      const response = await fetch(`${server.url}/v1/sentiment/batches`, {
        method: 'POST',
        headers: {
          ...server.auth,
          'content-type': 'multipart/form-data; boundary=XyZ',
          ...(idempotency ? { 'idempotency-key': idempotency } : {}),
        },
        body: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="rows.csv"\r\nContent-Type: text/csv\r\n\r\ntext\nhello',
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await response.json()) as { error: { code: string } };
      expect(response.status).toBe(400);
      expect(body.error.code).toBe('invalid_multipart');
      expect(Date.now() - started).toBeLessThan(5000);
    }
  });
});
