import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestData, startTestServer, type TestServer, waitForJob } from './test-server';

/**
 * Deletion that really deletes. A document's text is spread by use: an answer quotes it, a
 * follow-up restates it, a rating corrects it, a summary job condenses it, a handoff sends the
 * transcript to a webhook, feedback events carry the answer, the guardrails audit what they
 * checked, the indexes are saved to disk. After DELETE of the document (and, for a second one, of
 * its collection) none of its markers may remain anywhere: in any row of any table of the
 * server's schema, in any file under DATA_DIR, in any Redis key of the server's queue, or in any
 * answer of any GET route the OpenAPI document lists.
 */
const FILLER =
  'Payroll questions go to the people team. Holidays are booked in the staff portal. Expenses are filed monthly. ';

interface Secret {
  word: string;
  title: string;
  file: string;
  text: string;
  question: string;
}

function secret(word: string, title: string, file: string, city: string): Secret {
  return {
    word,
    title,
    file,
    text: `Board memo. The ${word} project moves the archive to ${city} on 9 May. ${FILLER}`,
    // The asker's own words never name the document: what stays of a question is the asker's.
    question: 'When does the board project move the archive, and where to?',
  };
}

const FIRST = secret('Vandermolt', 'Glimmerquay', 'orrisbank', 'Quenwick');
const SECOND = secret('Harrowdene', 'Saltmarrow', 'fennimoor', 'Lorrenby');
const THIRD = secret('Brindlecombe', 'Wrenhallow', 'tamsquire', 'Ossington');
const FOURTH = secret('Quorndale', 'Mistlebrook', 'yarrowgate', 'Pemberlow');

let server: TestServer;
let collectionId = '';
let otherCollectionId = '';
const WIDGET_ORIGIN = 'https://sweep.example';

async function call(method: string, urlPath: string, json?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${urlPath}`, {
    method,
    headers: {
      ...server.auth,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  return { status: response.status, text: await response.text() };
}

async function upload(collection: string, doc: Secret) {
  const form = new FormData();
  form.append('file', new Blob([doc.text], { type: 'text/plain' }), `${doc.file}-memo.txt`);
  form.append('title', `${doc.title} plan`);
  const response = await fetch(`${server.url}/v1/collections/${collection}/documents`, {
    method: 'POST',
    headers: server.auth,
    body: form,
  });
  const reply = (await response.json()) as { job: { id: string }; document: { id: string } };
  expect(response.status, JSON.stringify(reply)).toBe(202);
  expect((await waitForJob(server.url, reply.job.id)).status).toBe('succeeded');
  return reply.document.id;
}

/** Uses the document every way that keeps a copy of its text; returns the conversations it made. */
async function spread(collection: string, documentId: string, doc: Secret): Promise<string[]> {
  const asked = JSON.parse(
    (await call('POST', '/v1/chat', { collectionId: collection, message: doc.question })).text,
  ) as {
    answer: string;
    conversationId: string;
    messageId: string;
  };
  expect(asked.answer).toContain(doc.word);
  const follow = await call('POST', '/v1/chat', {
    collectionId: collection,
    conversationId: asked.conversationId,
    message: 'Say that again, please.',
  });
  expect(follow.status, follow.text).toBe(200);
  const rated = await call('POST', `/v1/messages/${asked.messageId}/feedback`, {
    rating: 'down',
    correctedAnswer: `It moves on 9 May (${doc.word}).`,
  });
  expect(rated.status, rated.text).toBe(201);
  const summary = await call('POST', '/v1/summarize', {
    documentId,
    length: { unit: 'sentences', value: 8 },
  });
  expect(summary.status, summary.text).toBe(202);
  const job = (JSON.parse(summary.text) as { job: { id: string } }).job.id;
  expect((await waitForJob(server.url, job)).status).toBe('succeeded');
  // A widget visitor's conversation too, and its handoff (the transcript goes to the webhook).
  const token = server.container.widgetTokens.mint({
    tenantId: 'default',
    collectionId: collection,
    origins: [WIDGET_ORIGIN],
    ttlSeconds: 600,
  }).token;
  const visitor = {
    authorization: `Bearer ${token}`,
    origin: WIDGET_ORIGIN,
    'x-widget-visitor': 'sweep-visitor-0000001',
  };
  const widgetChat = await fetch(`${server.url}/v1/chat`, {
    method: 'POST',
    headers: { ...visitor, 'content-type': 'application/json' },
    body: JSON.stringify({ collectionId: collection, message: doc.question }),
  });
  const widgetAnswer = (await widgetChat.json()) as { conversationId: string; answer: string };
  expect(widgetAnswer.answer).toContain(doc.word);
  const handoff = await fetch(`${server.url}/v1/conversations/${widgetAnswer.conversationId}/handoff`, {
    method: 'POST',
    headers: { ...visitor, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'customer_request' }),
  });
  expect(handoff.status, await handoff.text()).toBeLessThan(300);
  return [asked.conversationId, widgetAnswer.conversationId];
}

/** Every marker of a document, in any case. */
function markers(doc: Secret): string[] {
  return [doc.word, doc.title, doc.file].map((m) => m.toLowerCase());
}

/** Each row of each table of the server's schema, as text, that names a marker. */
async function rowsWith(doc: Secret, except: readonly string[] = []): Promise<string[]> {
  const db = server.container.db;
  const { rows: tables } = await db.query<{ table_name: string }>(
    `select table_name from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE'`,
  );
  const found: string[] = [];
  for (const { table_name: table } of tables) {
    if (except.includes(table)) continue;
    const { rows } = await db.query<{ row: string }>(`select t::text as row from "${table}" t`);
    for (const { row } of rows) {
      // bytea columns are hex: decode them so that stored bytes are searched too.
      const decoded = row.replace(/\\\\x([0-9a-f]+)/g, (_all, hex: string) =>
        Buffer.from(hex, 'hex').toString('latin1'),
      );
      const lower = decoded.toLowerCase();
      for (const marker of markers(doc)) {
        if (lower.includes(marker)) found.push(`${table}: ${marker} in ${decoded.slice(0, 200)}`);
      }
    }
  }
  return found;
}

/** Files under DATA_DIR whose bytes name a marker. */
async function filesWith(doc: Secret): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(server.dataDir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    // The embedded database's own files are checked through SQL (rowsWith), not as bytes. Known
    // and not fixed here: like a Postgres server's files outside DATA_DIR, they keep deleted rows
    // as dead tuples until a VACUUM FULL rewrites the table, and the write-ahead log keeps them
    // until its segment is overwritten. Erasure there needs per-document keys (crypto-shredding).
    if (path.relative(server.dataDir, file).split(path.sep)[0] === 'pglite') continue;
    const lower = (await readFile(file)).toString('latin1').toLowerCase();
    for (const marker of markers(doc)) {
      if (lower.includes(marker)) found.push(`${path.relative(server.dataDir, file)}: ${marker}`);
    }
  }
  return found;
}

/** Redis keys of the server's queue whose values name a marker. */
async function redisWith(doc: Secret): Promise<string[]> {
  const url = server.container.config.REDIS_URL;
  if (!url) return [];
  const redis = new Redis(url);
  const found: string[] = [];
  try {
    const queue = server.container.config.QUEUE_NAME;
    for (const key of await redis.keys(`*${queue}*`)) {
      const type = await redis.type(key);
      let value = '';
      if (type === 'string') value = (await redis.get(key)) ?? '';
      else if (type === 'hash') value = JSON.stringify(await redis.hgetall(key));
      else if (type === 'list') value = JSON.stringify(await redis.lrange(key, 0, -1));
      else if (type === 'set') value = JSON.stringify(await redis.smembers(key));
      else if (type === 'zset') value = JSON.stringify(await redis.zrange(key, '0', '-1'));
      else if (type === 'stream') value = JSON.stringify(await redis.xrange(key, '-', '+'));
      const lower = value.toLowerCase();
      for (const marker of markers(doc)) if (lower.includes(marker)) found.push(`${key}: ${marker}`);
    }
  } finally {
    redis.disconnect();
  }
  return found;
}

/** Every GET route of the OpenAPI document, as the admin, with the ids that exist. */
async function routesWith(doc: Secret, ids: Record<string, string>): Promise<string[]> {
  const spec = JSON.parse((await call('GET', '/openapi.json')).text) as { paths: Record<string, object> };
  const found: string[] = [];
  for (const [template, methods] of Object.entries(spec.paths)) {
    if (!('get' in methods)) continue;
    const variants = template.includes('{') ? Object.keys(ids) : ['-'];
    for (const variant of variants) {
      const urlPath = template.replace(/\{([A-Za-z]+)\}/g, (_all, name: string) =>
        name === 'model' ? `collection:${ids.collectionId}` : (ids[name] ?? ids[variant] ?? 'zz_missing'),
      );
      const reply = await call('GET', urlPath);
      expect(reply.status, `${urlPath}: ${reply.text.slice(0, 200)}`).toBeLessThan(500);
      const lower = reply.text.toLowerCase();
      for (const marker of markers(doc)) if (lower.includes(marker)) found.push(`GET ${urlPath}: ${marker}`);
    }
  }
  return found;
}

beforeAll(async () => {
  server = await startTestServer({
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_IP_PER_MINUTE: '0',
    SUMMARIZE_SYNC_MAX_CHARS: '100',
    // Deliveries fail fast and stay in the log (nothing listens there).
    WEBHOOK_MAX_ATTEMPTS: '1',
  });
  const made = async (name: string) =>
    (JSON.parse((await call('POST', '/v1/collections', { name })).text) as { id: string }).id;
  collectionId = await made('sweep');
  otherCollectionId = await made('sweep-doomed');
  // Tenant-wide: its deliveries outlive a collection's deletion, unlike a collection's own endpoint.
  const hook = await call('POST', '/v1/webhooks', {
    url: 'http://127.0.0.1:9/hook',
    events: [
      'handoff.requested',
      'conversation.escalated',
      'feedback.created',
      'feedback.negative',
      'document.failed',
    ],
  });
  expect(hook.status, hook.text).toBe(201);
  for (const id of [collectionId, otherCollectionId]) {
    const set = await call('PUT', `/v1/collections/${id}/handoff`, {
      type: 'webhook',
      url: 'http://127.0.0.1:9/handoff',
    });
    expect(set.status, set.text).toBeLessThan(300);
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

describe('deletion that really deletes', () => {
  it('leaves nothing of a deleted document in Postgres, DATA_DIR, Redis or any GET route', async () => {
    const documentId = await upload(collectionId, FIRST);
    const form = new FormData();
    form.append('file', new Blob([`Staff handbook. ${FILLER}`], { type: 'text/plain' }), 'handbook.txt');
    const other = await fetch(`${server.url}/v1/collections/${collectionId}/documents`, {
      method: 'POST',
      headers: server.auth,
      body: form,
    });
    expect(other.status).toBe(202);
    await spread(collectionId, documentId, FIRST);
    // The markers are findable before: their absence after means something.
    expect((await rowsWith(FIRST)).length).toBeGreaterThan(0);
    await server.container.indexes.flush();
    expect((await filesWith(FIRST)).length).toBeGreaterThan(0);

    // A document that failed to ingest: its job and its document.failed event name it.
    const broken = new FormData();
    broken.append('file', new Blob(['%PDF-1.7\nnot really a pdf']), `${FIRST.file}-broken.pdf`);
    broken.append('title', `${FIRST.title} draft`);
    const failed = (await (
      await fetch(`${server.url}/v1/collections/${collectionId}/documents`, {
        method: 'POST',
        headers: server.auth,
        body: broken,
      })
    ).json()) as { document: { id: string }; job: { id: string } };
    expect((await waitForJob(server.url, failed.job.id)).status).toBe('failed');

    const deleted = await call('DELETE', `/v1/collections/${collectionId}/documents/${documentId}`);
    expect(deleted.status, deleted.text).toBe(200);
    const deletedFailed = await call(
      'DELETE',
      `/v1/collections/${collectionId}/documents/${failed.document.id}`,
    );
    expect(deletedFailed.status, deletedFailed.text).toBe(200);
    // Let queued work (webhook tries) settle.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The saved index copies are rewritten without the deleted chunks shortly after.
    await server.container.indexes.whenSaved();
    const left = [
      ...(await rowsWith(FIRST)),
      ...(await filesWith(FIRST)),
      ...(await redisWith(FIRST)),
      ...(await routesWith(FIRST, { collectionId, documentId })),
    ];
    expect(left).toEqual([]);
  }, 240_000);

  it('leaves nothing of a deleted collection’s documents anywhere', async () => {
    const documentId = await upload(otherCollectionId, SECOND);
    await spread(otherCollectionId, documentId, SECOND);
    expect((await rowsWith(SECOND)).length).toBeGreaterThan(0);
    await server.container.indexes.flush();
    expect((await filesWith(SECOND)).length).toBeGreaterThan(0);

    const deleted = await call('DELETE', `/v1/collections/${otherCollectionId}`);
    expect(deleted.status, deleted.text).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The saved index copies are rewritten without the deleted chunks shortly after.
    await server.container.indexes.whenSaved();
    const left = [
      ...(await rowsWith(SECOND)),
      ...(await filesWith(SECOND)),
      ...(await redisWith(SECOND)),
      ...(await routesWith(SECOND, { collectionId: otherCollectionId, documentId })),
    ];
    expect(left).toEqual([]);
  }, 240_000);

  it('leaves nothing of a deleted conversation in the webhook log (its answers, corrections, transcript)', async () => {
    const documentId = await upload(collectionId, THIRD);
    const conversations = await spread(collectionId, documentId, THIRD);
    // The document stays: its own rows (and the summary made of it) hold its text by right.
    const own = ['documents', 'document_blobs', 'chunks', 'chunk_parents', 'jobs'];
    expect((await rowsWith(THIRD, own)).length).toBeGreaterThan(0);
    for (const id of conversations) {
      const deleted = await call('DELETE', `/v1/conversations/${id}`);
      expect(deleted.status, deleted.text).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The saved index copies are rewritten without the deleted chunks shortly after.
    await server.container.indexes.whenSaved();
    expect(await rowsWith(THIRD, own)).toEqual([]);
    const deliveries = await call('GET', '/v1/webhook-deliveries?limit=200');
    expect(deliveries.text.toLowerCase()).not.toContain(THIRD.word.toLowerCase());
  }, 240_000);

  it('drops the copies of text a replacement no longer holds, as deletion does', async () => {
    const made = JSON.parse((await call('POST', '/v1/collections', { name: 'sweep-replaced' })).text) as {
      id: string;
    };
    const set = await call('PUT', `/v1/collections/${made.id}/handoff`, {
      type: 'webhook',
      url: 'http://127.0.0.1:9/handoff',
    });
    expect(set.status, set.text).toBeLessThan(300);
    const documentId = await upload(made.id, FOURTH);
    await spread(made.id, documentId, FOURTH);
    expect((await rowsWith(FOURTH)).length).toBeGreaterThan(0);
    await server.container.indexes.flush();

    // The same document, its memo paragraph struck out (a new file name and title too).
    const form = new FormData();
    form.append('file', new Blob([`Staff handbook, second edition. ${FILLER}`]), 'handbook-v2.txt');
    form.append('title', 'Handbook v2');
    const put = await fetch(`${server.url}/v1/collections/${made.id}/documents/${documentId}`, {
      method: 'PUT',
      headers: server.auth,
      body: form,
    });
    const job = ((await put.json()) as { job: { id: string } }).job.id;
    expect((await waitForJob(server.url, job)).status).toBe('succeeded');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The saved index copies are rewritten without the deleted chunks shortly after.
    await server.container.indexes.whenSaved();
    const left = [
      ...(await rowsWith(FOURTH)),
      ...(await filesWith(FOURTH)),
      ...(await redisWith(FOURTH)),
      ...(await routesWith(FOURTH, { collectionId: made.id, documentId })),
    ];
    expect(left).toEqual([]);
  }, 240_000);
});
