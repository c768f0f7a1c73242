import { TenantsRepo } from '@grounded/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestData, startTestServer, type TestServer, waitForJob } from './test-server';

/**
 * Every route of the OpenAPI document, called by attackers holding valid but low-privilege
 * credentials: an agent of the same tenant outside the document's group, a widget token of the
 * collection, and an admin of another tenant. Path ids, body ids and query ids name objects they
 * may not see (a restricted document, the summary job over it, another agent's conversation and
 * answer, another tenant's collection). For each call:
 *  - no marker of the restricted document (its text, title, filename) appears in a body or header;
 *  - no marker of the tenant (collection name, batch comments, key name) reaches another tenant;
 *  - nothing answers 5xx;
 *  - the answer is the one the same call gets for an id that exists nowhere (same status and
 *    code): a hidden object is indistinguishable from a missing one.
 * A route missing from the body table fails the test, so a new route is walked too.
 */
const DOC = { text: 'Vandermolt', title: 'Glimmerquay', file: 'orrisbank' } as const;
const TENANT = { collection: 'Brackenfold', batch: 'Thistlewick', keyName: 'Copperlane' } as const;
const SECRET = `Board memo. The ${DOC.text} acquisition closes on 9 May at 482 florins per share.`;
const FILLER =
  'Payroll questions go to the people team. Holidays are booked in the staff portal. Expenses are filed monthly. ';
const WIDGET_ORIGIN = 'https://walk.example';
const MISSING = 'zz_missing_0000';

type Who = 'outsider' | 'widget' | 'foreign';

let server: TestServer;
const keys: Record<'insider' | 'outsider' | 'foreign', string> = { insider: '', outsider: '', foreign: '' };
let widget = '';
/** The ids the walk puts into paths, bodies and queries. */
const ids: Record<string, string> = {};

interface Reply {
  status: number;
  code: string | null;
  text: string;
  headers: string;
}

async function call(
  key: string,
  method: string,
  path: string,
  body?: unknown,
  options: { widget?: boolean; raw?: string; type?: string } = {},
): Promise<Reply> {
  const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(payload === undefined ? {} : { 'content-type': options.type ?? 'application/json' }),
      ...(options.widget ? { origin: WIDGET_ORIGIN, 'x-widget-visitor': 'walk-visitor-00000001' } : {}),
    },
    ...(payload === undefined ? {} : { body: payload }),
  });
  const text = await response.text();
  let code: string | null = null;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
  } catch {
    // Not JSON (a CSV, an SSE stream, metrics text).
  }
  return {
    status: response.status,
    code,
    text,
    headers: [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n'),
  };
}

async function upload(key: string, collectionId: string, fields: Record<string, string>, text: string) {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/plain' }), fields.filename ?? 'memo.txt');
  for (const [name, value] of Object.entries(fields)) if (name !== 'filename') form.append(name, value);
  const response = await fetch(`${server.url}/v1/collections/${collectionId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: form,
  });
  const reply = (await response.json()) as { job: { id: string }; document: { id: string } };
  expect(response.status, JSON.stringify(reply)).toBe(202);
  expect((await waitForJob(server.url, reply.job.id, 60_000)).status).toBe('succeeded');
  return { documentId: reply.document.id, jobId: reply.job.id };
}

/**
 * The request body of each route (a function of the ids it should name), or null for none.
 * Bodies name the hidden objects wherever a field takes an id.
 */
const BODIES: Record<string, ((id: Record<string, string>) => unknown) | null> = {
  'GET /health': null,
  'GET /ready': null,
  'GET /favicon.ico': null,
  'GET /metrics': null,
  'GET /openapi.json': null,
  'GET /admin': null,
  'GET /v1/me': null,
  'GET /admin/admin.js': null,
  'GET /admin/admin.css': null,
  'GET /widget/demo': null,
  'GET /widget/widget.js': null,
  'GET /widget/widget.css': null,
  'GET /widget/demo.css': null,
  'POST /v1/api-keys': () => ({ name: 'walk', role: 'admin' }),
  'GET /v1/api-keys': null,
  'POST /v1/api-keys/:keyId/rotate': null,
  'DELETE /v1/api-keys/:keyId': null,
  'POST /v1/widget-tokens': (id) => ({ collectionId: id.collectionId, origins: [WIDGET_ORIGIN] }),
  'POST /v1/collections': () => ({ name: `walk-made-${Math.random()}` }),
  'GET /v1/collections': null,
  'GET /v1/collections/:collectionId': null,
  'DELETE /v1/collections/:collectionId': null,
  'PUT /v1/collections/:collectionId/ocr-language': () => ({ ocrLanguage: 'eng' }),
  'PATCH /v1/collections/:collectionId/settings': () => ({ ocrLanguage: 'eng' }),
  'GET /v1/collections/:collectionId/index': null,
  'POST /v1/collections/:collectionId/reembed': () => ({ embedder: { kind: 'hash' } }),
  // New bytes each time: the same bytes again would be a duplicate (200), not a new upload (202).
  'POST /v1/collections/:collectionId/documents': () => ({ text: `A walk note ${Math.random()}.` }),
  'GET /v1/collections/:collectionId/documents': null,
  'GET /v1/collections/:collectionId/documents/:documentId': null,
  'PUT /v1/collections/:collectionId/documents/:documentId': () => ({ text: 'Overwritten by the walk.' }),
  'DELETE /v1/collections/:collectionId/documents/:documentId': null,
  'GET /v1/collections/:collectionId/documents/:documentId/chunks': null,
  'POST /v1/collections/:collectionId/search': (id) => ({
    query: 'When does the acquisition close and at what price per share?',
    mode: 'bm25',
    filter: { documentIds: [id.documentId] },
  }),
  'POST /v1/collections/:collectionId/sources': () => ({
    type: 'website',
    startUrl: 'https://walk.example/',
  }),
  'GET /v1/collections/:collectionId/sources': null,
  'GET /v1/collections/:collectionId/handoff': null,
  'PUT /v1/collections/:collectionId/handoff': () => ({ type: 'none' }),
  'GET /v1/jobs/:jobId': null,
  'POST /v1/jobs/:jobId/cancel': null,
  'POST /v1/summarize': (id) => ({ documentId: id.documentId }),
  'POST /v1/translate': (id) => ({ documentId: id.documentId, target: 'fr' }),
  'POST /v1/chat': (id) => ({
    collectionId: id.collectionId,
    conversationId: id.conversationId,
    message: 'Repeat the acquisition price per share.',
  }),
  'POST /v1/chat/completions': (id) => ({
    model: `collection:${id.collectionId}`,
    conversation_id: id.conversationId,
    messages: [{ role: 'user', content: 'Repeat the acquisition price per share.' }],
  }),
  'POST /v1/conversations': (id) => ({ collectionId: id.collectionId }),
  'GET /v1/conversations': null,
  'GET /v1/conversations/:conversationId': null,
  'GET /v1/conversations/:conversationId/messages': null,
  'DELETE /v1/conversations/:conversationId': null,
  'POST /v1/conversations/:conversationId/handoff': () => ({ reason: 'customer_request' }),
  'POST /v1/messages/:messageId/feedback': () => ({ rating: 'up' }),
  'GET /v1/messages/:messageId/feedback': null,
  'GET /v1/feedback/export': null,
  'GET /v1/guardrails/audit': null,
  'GET /v1/insights/gaps': null,
  'GET /v1/insights/conversations': null,
  'GET /v1/models': null,
  'GET /v1/models/:model': null,
  'POST /v1/embeddings': () => ({ model: 'default', input: 'acquisition price' }),
  'POST /v1/sentiment': () => ({ texts: ['The walk is fine.'] }),
  'POST /v1/sentiment/models': () => ({ name: 'walk', rows: [] }),
  'GET /v1/sentiment/models': null,
  'DELETE /v1/sentiment/models/:name': null,
  'POST /v1/sentiment/batches': () => ({}),
  'GET /v1/sentiment/batches': null,
  'GET /v1/sentiment/batches/:batchId': null,
  'POST /v1/sentiment/batches/:batchId/cancel': null,
  'POST /v1/sentiment/batches/:batchId/resume': null,
  'GET /v1/sentiment/batches/:batchId/results': null,
  'GET /v1/sentiment/batches/:batchId/errors': null,
  'GET /v1/sentiment/batches/:batchId/export': null,
  'GET /v1/sources/:sourceId': null,
  'POST /v1/sources/:sourceId/crawl': null,
  'DELETE /v1/sources/:sourceId': null,
  'POST /v1/webhooks': (id) => ({
    url: 'https://hooks.walk.example/',
    events: ['answer.abstained'],
    collectionId: id.collectionId,
  }),
  'GET /v1/webhooks': null,
  'DELETE /v1/webhooks/:webhookId': null,
  'GET /v1/webhook-deliveries': null,
  'GET /v1/webhook-deliveries/:deliveryId': null,
  'POST /v1/webhook-deliveries/:deliveryId/replay': null,
};

/** Query strings each GET route is also called with: ids in the query and cursors. */
function queriesOf(path: string, id: Record<string, string>): string[] {
  const extra: Record<string, string[]> = {
    '/v1/insights/gaps': [`collectionId=${id.collectionId}`],
    '/v1/insights/conversations': [`collectionId=${id.collectionId}`],
    '/v1/collections/:collectionId/documents': [`after=${id.documentId}`, `limit=1`],
    '/v1/conversations': ['limit=1', `after=${id.conversationId}`],
    '/v1/feedback/export': ['format=sft', 'format=dpo'],
    '/v1/guardrails/audit': [`requestId=${id.requestId}`],
    '/v1/webhook-deliveries': [`endpointId=${id.webhookId}`],
  };
  return ['', ...(extra[path] ?? [])];
}

interface Route {
  method: string;
  path: string;
  /** Needs no credential (health, widget and console assets). */
  open: boolean;
}

let routes: Route[] = [];

/** Which ids each attacker may not see: those are swapped for MISSING to compare answers. */
const HIDDEN: Record<Who, readonly string[]> = {
  outsider: ['documentId', 'jobId', 'conversationId', 'messageId'],
  widget: ['documentId', 'jobId', 'conversationId', 'messageId'],
  foreign: [
    'collectionId',
    'documentId',
    'jobId',
    'conversationId',
    'messageId',
    'batchId',
    'sourceId',
    'webhookId',
    'deliveryId',
    'keyId',
    'name',
    'model',
  ],
};

/** An error's message with the ids it names replaced, to compare a hidden id's with a missing one's. */
function messageOf(reply: Reply, id: Record<string, string>): string {
  let message = '';
  try {
    message = (JSON.parse(reply.text) as { error?: { message?: string } }).error?.message ?? '';
  } catch {
    return '';
  }
  // Longest first: no id is then rewritten inside another.
  const values = Object.values(id).sort((a, b) => b.length - a.length);
  for (const value of values) message = message.split(value).join('<id>');
  return message;
}

function fill(path: string, id: Record<string, string>): string {
  return path.replace(/:([A-Za-z]+)/g, (_all, name: string) => {
    if (name === 'model') return `collection:${id.collectionId}`;
    return id[name] ?? MISSING;
  });
}

/** The same ids with those hidden from `who` replaced by an id that exists nowhere. */
function missingFor(who: Who): Record<string, string> {
  const swapped = { ...ids };
  for (const name of HIDDEN[who]) swapped[name] = MISSING;
  return swapped;
}

function markersFor(who: Who): string[] {
  const doc = [DOC.text, DOC.title, DOC.file, '482 florins'];
  return who === 'foreign' ? [...doc, ...Object.values(TENANT)] : doc;
}

const credentialOf = (who: Who) =>
  who === 'outsider' ? keys.outsider : who === 'widget' ? widget : keys.foreign;

/**
 * Answers that are the same for every caller allowed them, so a client may keep them (never a
 * shared cache): the OpenAPI document. Refusals stay no-store.
 */
const CACHEABLE: Record<string, RegExp> = {
  'GET /openapi.json': /^cache-control: private, max-age=300$/m,
};

/** Routes that would destroy the fixtures the later calls need are walked last. */
const destructive = (route: Route) => route.method === 'DELETE' || route.path.endsWith('/rotate');

async function walk(who: Who): Promise<{ problems: string[]; calls: number }> {
  const problems: string[] = [];
  let calls = 0;
  const ordered = [...routes.filter((r) => !destructive(r)), ...routes.filter(destructive)];
  for (const route of ordered) {
    const key = `${route.method} ${route.path}`;
    const bodyOf = BODIES[key];
    for (const query of route.method === 'GET' ? queriesOf(route.path, ids) : ['']) {
      const send = (id: Record<string, string>) => {
        const q = query.replace(/=([^&]+)/g, (_all, value: string) => {
          const name = Object.entries(ids).find(([, v]) => v === value)?.[0];
          return `=${name ? (id[name] ?? MISSING) : value}`;
        });
        const path = `${fill(route.path, id)}${q ? `?${q}` : ''}`;
        return call(credentialOf(who), route.method, path, bodyOf ? bodyOf(id) : undefined, {
          widget: who === 'widget',
        });
      };
      // The missing-id call first: a destructive route then cannot have removed what it compares.
      const missing = await send(missingFor(who));
      const real = await send(ids);
      calls += 2;
      const what = `${key}${query ? `?${query}` : ''} as ${who}`;
      for (const reply of [real, missing]) {
        if (reply.status >= 500) problems.push(`${what}: ${reply.status} ${reply.text.slice(0, 200)}`);
        // An answer made for one credential must not be kept by a cache for the next caller.
        const cacheable = reply.status === 200 ? CACHEABLE[key] : undefined;
        if (cacheable) {
          if (!cacheable.test(reply.headers)) problems.push(`${what}: ${reply.status} not ${cacheable}`);
        } else if (!route.open && !/cache-control: [^\n]*no-store/.test(reply.headers)) {
          problems.push(`${what}: ${reply.status} without Cache-Control: no-store`);
        }
        for (const marker of markersFor(who)) {
          const lower = marker.toLowerCase();
          if (reply.text.toLowerCase().includes(lower) || reply.headers.toLowerCase().includes(lower)) {
            problems.push(`${what}: shows '${marker}' (${reply.status}) ${reply.text.slice(0, 300)}`);
          }
        }
      }
      // Existence oracle: a hidden id must answer as a missing one does.
      const usesHidden =
        HIDDEN[who].some((name) => route.path.includes(`:${name}`)) ||
        (bodyOf !== null && bodyOf !== undefined) ||
        query !== '';
      if (usesHidden && (real.status !== missing.status || real.code !== missing.code)) {
        problems.push(
          `${what}: hidden id answers ${real.status} ${real.code}, a missing one ${missing.status} ${missing.code}`,
        );
      } else if (
        usesHidden &&
        real.status >= 400 &&
        messageOf(real, ids) !== messageOf(missing, missingFor(who))
      ) {
        // The wording too: "does not exist in collection …" for one and not the other tells them apart.
        problems.push(
          `${what}: hidden id says '${messageOf(real, ids)}', a missing one '${messageOf(missing, missingFor(who))}'`,
        );
      }
    }
  }
  return { problems, calls };
}

beforeAll(async () => {
  server = await startTestServer(
    {
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_IP_PER_MINUTE: '0',
      // So that the insider's summary is a job with a stored result.
      SUMMARIZE_SYNC_MAX_CHARS: '200',
    },
    undefined,
  );
  const { apiKeys, widgetTokens, db } = server.container;
  const insider = await apiKeys.create({
    tenantId: 'default',
    name: TENANT.keyName,
    role: 'agent',
    principals: ['g:board'],
  });
  keys.insider = insider.key;
  ids.keyId = insider.record.id;
  keys.outsider = (
    await apiKeys.create({ tenantId: 'default', name: 'outsider', role: 'agent', principals: ['g:sales'] })
  ).key;
  await new TenantsRepo(db).ensure('walk-other');
  keys.foreign = (await apiKeys.create({ tenantId: 'walk-other', name: 'foreign', role: 'admin' })).key;

  const made = await call(server.apiKey, 'POST', '/v1/collections', { name: `${TENANT.collection} docs` });
  ids.collectionId = (JSON.parse(made.text) as { id: string }).id;
  widget = widgetTokens.mint({
    tenantId: 'default',
    collectionId: ids.collectionId,
    origins: [WIDGET_ORIGIN],
    ttlSeconds: 3600,
  }).token;
  const restricted = await upload(
    server.apiKey,
    ids.collectionId,
    { filename: `${DOC.file}-memo.txt`, title: `${DOC.title} plan`, allowedPrincipals: 'g:board' },
    `${SECRET} ${FILLER}${FILLER}`,
  );
  ids.documentId = restricted.documentId;
  ids.ingestJobId = restricted.jobId;
  await upload(server.apiKey, ids.collectionId, { filename: 'handbook.txt' }, `Staff handbook. ${FILLER}`);

  // The insider reads the secret: an answer, a rating with a correction, a summary job.
  const chat = JSON.parse(
    (
      await call(keys.insider, 'POST', '/v1/chat', {
        collectionId: ids.collectionId,
        message: 'When does the acquisition close?',
      })
    ).text,
  ) as { answer: string; conversationId: string; messageId: string };
  expect(chat.answer).toContain(DOC.text);
  ids.conversationId = chat.conversationId;
  ids.messageId = chat.messageId;
  const rated = await call(keys.insider, 'POST', `/v1/messages/${chat.messageId}/feedback`, {
    rating: 'down',
    correctedAnswer: `It closes on 9 May at 482 florins (${DOC.text}).`,
  });
  expect(rated.status, rated.text).toBe(201);
  const summary = await call(keys.insider, 'POST', '/v1/summarize', {
    documentId: ids.documentId,
    length: { unit: 'sentences', value: 8 },
  });
  expect(summary.status, summary.text).toBe(202);
  ids.jobId = (JSON.parse(summary.text) as { job: { id: string } }).job.id;
  expect((await waitForJob(server.url, ids.jobId)).status).toBe('succeeded');
  ids.requestId = (JSON.parse(summary.text) as { job: { requestId?: string } }).job.requestId ?? MISSING;

  // Tenant-level objects another tenant must not see.
  const batch = await call(server.apiKey, 'POST', '/v1/sentiment/batches', undefined, {
    raw: `text\n${TENANT.batch} was a lovely stay\n`,
    type: 'text/csv',
  });
  expect(batch.status, batch.text).toBeLessThan(300);
  ids.batchId =
    (JSON.parse(batch.text) as { id?: string; batch?: { id: string } }).batch?.id ??
    (JSON.parse(batch.text) as { id: string }).id;
  const hook = await call(server.apiKey, 'POST', '/v1/webhooks', {
    url: `https://${TENANT.collection.toLowerCase()}.example/hook`,
    events: ['answer.abstained'],
  });
  expect(hook.status, hook.text).toBe(201);
  ids.webhookId =
    (JSON.parse(hook.text) as { id?: string; endpoint?: { id: string } }).endpoint?.id ??
    (JSON.parse(hook.text) as { id: string }).id;
  const source = await call(server.apiKey, 'POST', `/v1/collections/${ids.collectionId}/sources`, {
    type: 'website',
    startUrl: `https://${TENANT.collection.toLowerCase()}.example/`,
  });
  expect(source.status, source.text).toBe(201);
  ids.sourceId = (JSON.parse(source.text) as { id: string }).id;
  ids.deliveryId = MISSING;
  ids.name = 'walk-model';

  const doc = (await (await fetch(`${server.url}/openapi.json`, { headers: server.auth })).json()) as {
    paths: Record<string, Record<string, { security?: unknown[] }>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path: path.replace(/\{([A-Za-z]+)\}/g, ':$1'),
      open: operation.security?.length === 0,
    })),
  );
}, 180_000);

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

describe('every route keeps hidden documents, conversations and tenants hidden', () => {
  it('lets a client cache the OpenAPI document, and nothing else a credential reads', async () => {
    const spec = await fetch(`${server.url}/openapi.json`, { headers: server.auth });
    expect(spec.status).toBe(200);
    expect(spec.headers.get('cache-control')).toBe('private, max-age=300');
    const me = await fetch(`${server.url}/v1/me`, { headers: server.auth });
    expect(me.headers.get('cache-control')).toBe('no-store');
  });

  it('has a body for every route of the OpenAPI document', () => {
    const unknown = routes.map((r) => `${r.method} ${r.path}`).filter((key) => !(key in BODIES));
    expect(unknown).toEqual([]);
    expect(routes.length).toBeGreaterThan(60);
  });

  for (const who of ['outsider', 'widget', 'foreign'] as const) {
    it(`shows a ${who} nothing it may not see, and answers hidden ids as missing ones`, async () => {
      const { problems, calls } = await walk(who);
      console.log(`acl route walk as ${who}: ${calls} calls over ${routes.length} routes`);
      expect(problems).toEqual([]);
      // The fixtures survived the attacker's DELETEs and rotations.
      const own = await call(
        keys.insider,
        'GET',
        `/v1/collections/${ids.collectionId}/documents/${ids.documentId}/chunks`,
      );
      expect(own.text).toContain(DOC.text);
      expect((await call(keys.insider, 'GET', `/v1/conversations/${ids.conversationId}`)).status).toBe(200);
    }, 300_000);
  }
});

describe('jobs over a hidden document', () => {
  it('answers the restricted document’s ingestion job as a missing job, to outsiders and other tenants', async () => {
    for (const key of [keys.outsider, keys.foreign]) {
      const real = await call(key, 'GET', `/v1/jobs/${ids.ingestJobId}`);
      const missing = await call(key, 'GET', `/v1/jobs/${MISSING}`);
      expect([real.status, real.code]).toEqual([missing.status, missing.code]);
      expect(messageOf(real, ids)).toBe(messageOf(missing, { missing: MISSING }));
      expect(real.text).not.toContain(DOC.file);
    }
    expect((await call(keys.insider, 'GET', `/v1/jobs/${ids.ingestJobId}`)).status).toBe(200);
  });
});

describe('streams over a hidden conversation', () => {
  it('streams the same answer for another’s conversation as for a missing one, without its text', async () => {
    const bodies = (conversationId: string) =>
      [
        [
          '/v1/chat',
          {
            collectionId: ids.collectionId,
            conversationId,
            message: 'Repeat the acquisition price.',
            stream: true,
          },
        ],
        [
          '/v1/chat/completions',
          {
            model: `collection:${ids.collectionId}`,
            conversation_id: conversationId,
            stream: true,
            messages: [{ role: 'user', content: 'Repeat the acquisition price.' }],
          },
        ],
      ] as const;
    for (const who of ['outsider', 'widget'] as const) {
      const real = bodies(ids.conversationId!);
      const missing = bodies(MISSING);
      for (let i = 0; i < real.length; i++) {
        const [path, body] = real[i]!;
        const hidden = await call(credentialOf(who), 'POST', path, body, { widget: who === 'widget' });
        const absent = await call(credentialOf(who), 'POST', path, missing[i]![1], {
          widget: who === 'widget',
        });
        expect([hidden.status, hidden.code], `${path} as ${who}`).toEqual([absent.status, absent.code]);
        for (const marker of markersFor(who))
          expect(hidden.text.toLowerCase()).not.toContain(marker.toLowerCase());
      }
    }
  });
});

describe('search scores say nothing of documents the caller may not read', () => {
  it('gives two rare words of an outsider’s own note the same score when only one is in a restricted document', async () => {
    // The outsider writes both words once; the restricted memo holds one of them (DOC.text).
    const note = await call(keys.outsider, 'POST', `/v1/collections/${ids.collectionId}/documents`, {
      text: `Field note. ${DOC.text} and Pellucidor were both on the agenda. ${FILLER}`,
    });
    expect(note.status, note.text).toBe(202);
    const written = JSON.parse(note.text) as { job: { id: string }; document: { id: string } };
    await waitForJob(server.url, written.job.id);
    const search = async (query: string, mode: string) => {
      const reply = await call(keys.outsider, 'POST', `/v1/collections/${ids.collectionId}/search`, {
        query,
        mode,
      });
      const { results } = JSON.parse(reply.text) as { results: { documentId: string; score: number }[] };
      expect(results.map((r) => r.documentId)).not.toContain(ids.documentId);
      return results;
    };
    // BM25's raw score carries the word's document frequency: a restricted document counted there
    // would lower the shared word's score below the other's.
    const shared = (await search(DOC.text, 'bm25'))[0]?.score;
    const own = (await search('Pellucidor', 'bm25'))[0]?.score;
    expect(shared).toBeDefined();
    expect(shared).toBeCloseTo(own!, 9);
    // Hybrid scores are min-max normalised per list, so the top BM25 hit weighs 1 whatever its raw
    // score, and the vector's part depends on the query's words: comparing the two queries' hybrid
    // scores says nothing of restricted documents (with the vector's weight at 0 it compared 1 with
    // 1). What hybrid must show is the same document first, and never the restricted one.
    for (const query of [DOC.text, 'Pellucidor']) {
      const [top] = await search(query, 'hybrid');
      expect(top?.documentId, query).toBe(written.document.id);
    }
  });
});
