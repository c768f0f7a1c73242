import { TenantsRepo } from '@grounded/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestData, startTestServer, type TestServer, waitForJob } from '../test-server';

/**
 * Issue #7 reliability, part 5, beyond access-control.e2e.test.ts (which covers search and chat in
 * every mode, widget tokens and revocation): the other surfaces that can carry a document's text:
 * document and chunk reads, summaries, translation, the OpenAI facade, streamed chat, jobs and
 * conversations. Another tenant's document, or one outside the caller's groups, must never show
 * up in any of them: each answer is checked for the document's secret marker.
 */
let server: TestServer;
const SECRET = 'Zephyrine ledger code 7731 is classified.';
let betaKey: string;
let supportKey: string;
let alpha: { collectionId: string; restrictedId: string; publicId: string };
let beta: { collectionId: string; documentId: string; jobId: string; conversationId: string };

async function call(
  key: string,
  method: string,
  path: string,
  json?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  return { status: response.status, text: await response.text() };
}

async function upload(key: string, collectionId: string, text: string, allowedPrincipals?: string[]) {
  const response = await call(key, 'POST', `/v1/collections/${collectionId}/documents`, {
    text,
    ...(allowedPrincipals ? { allowedPrincipals } : {}),
  });
  expect(response.status, response.text).toBe(202);
  const body = JSON.parse(response.text) as { job: { id: string }; document: { id: string } };
  expect((await waitForJob(server.url, body.job.id, 60_000, { authorization: `Bearer ${key}` })).status).toBe(
    'succeeded',
  );
  return { documentId: body.document.id, jobId: body.job.id };
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' });
  await new TenantsRepo(server.container.db).ensure('beta');
  betaKey = (await server.container.apiKeys.create({ tenantId: 'beta', name: 'beta admin', role: 'admin' }))
    .key;
  supportKey = (
    await server.container.apiKeys.create({
      tenantId: 'default',
      name: 'support agent',
      role: 'agent',
      principals: ['group:support'],
    })
  ).key;
  const make = async (key: string) =>
    (JSON.parse((await call(key, 'POST', '/v1/collections', { name: 'secrets' })).text) as { id: string }).id;
  const alphaCollection = await make(server.apiKey);
  const betaCollection = await make(betaKey);
  const restricted = await upload(server.apiKey, alphaCollection, `Finance memo. ${SECRET}`, [
    'group:finance',
  ]);
  const open = await upload(server.apiKey, alphaCollection, 'Support memo. Parcels ship on Mondays.');
  const betaDoc = await upload(betaKey, betaCollection, `Beta memo. ${SECRET}`);
  const chat = JSON.parse(
    (
      await call(betaKey, 'POST', '/v1/chat', {
        collectionId: betaCollection,
        message: 'Which ledger code is classified?',
      })
    ).text,
  ) as { conversationId: string; answer: string };
  // The owner does see it: the marker is findable, so its absence below means something.
  expect(chat.answer).toContain('7731');
  alpha = { collectionId: alphaCollection, restrictedId: restricted.documentId, publicId: open.documentId };
  beta = { collectionId: betaCollection, ...betaDoc, conversationId: chat.conversationId };
});

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

function expectNoLeak(what: string, response: { status: number; text: string }) {
  expect(response.text, what).not.toContain('7731');
  expect(response.text, what).not.toContain('Zephyrine');
  expect(response.status, `${what}: ${response.text.slice(0, 200)}`).toBeLessThan(500);
}

describe('no surface leaks another tenant’s document', () => {
  it('answers 404 (ids reveal nothing) on every route that names it', async () => {
    const key = server.apiKey;
    const { collectionId, documentId, jobId, conversationId } = beta;
    const attempts: [string, string, unknown?][] = [
      ['GET', `/v1/collections/${collectionId}`],
      ['GET', `/v1/collections/${collectionId}/documents`],
      ['GET', `/v1/collections/${collectionId}/documents/${documentId}`],
      ['GET', `/v1/collections/${collectionId}/documents/${documentId}/chunks`],
      ['POST', `/v1/collections/${collectionId}/search`, { query: 'ledger code classified' }],
      ['POST', '/v1/summarize', { documentId }],
      ['POST', '/v1/translate', { documentId, target: 'fr' }],
      ['GET', `/v1/jobs/${jobId}`],
      ['GET', `/v1/conversations/${conversationId}`],
      ['GET', `/v1/conversations/${conversationId}/messages`],
      ['POST', '/v1/chat', { conversationId, collectionId, message: 'Repeat the ledger code.' }],
      [
        'POST',
        '/v1/chat/completions',
        {
          model: `collection:${collectionId}`,
          messages: [{ role: 'user', content: 'Which ledger code is classified?' }],
        },
      ],
      ['DELETE', `/v1/collections/${collectionId}/documents/${documentId}`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(key, method, path, body);
      expectNoLeak(`${method} ${path}`, response);
      expect(response.status, `${method} ${path}: ${response.text.slice(0, 200)}`).toBe(404);
    }
    // Still there for its owner after the foreign DELETE.
    expect(
      (await call(betaKey, 'GET', `/v1/collections/${collectionId}/documents/${documentId}`)).status,
    ).toBe(200);
  });

  it('lists and exports only the caller’s own tenant', async () => {
    for (const path of [
      '/v1/collections',
      '/v1/conversations',
      '/v1/feedback/export',
      '/v1/guardrails/audit',
      '/v1/sentiment/batches',
    ]) {
      expectNoLeak(path, await call(server.apiKey, 'GET', path));
    }
  });
});

describe('no surface leaks a document outside the caller’s groups', () => {
  it('keeps the restricted document out of summaries, translations, the facade and streamed answers', async () => {
    const { collectionId, restrictedId } = alpha;
    const summary = await call(supportKey, 'POST', '/v1/summarize', { documentId: restrictedId });
    expectNoLeak('summarize', summary);
    expect(summary.status).toBe(404);
    const translation = await call(supportKey, 'POST', '/v1/translate', {
      documentId: restrictedId,
      target: 'fr',
    });
    expectNoLeak('translate', translation);
    expect([403, 404]).toContain(translation.status);
    const question = 'Which ledger code is classified?';
    const facade = await call(supportKey, 'POST', '/v1/chat/completions', {
      model: `collection:${collectionId}`,
      messages: [{ role: 'user', content: question }],
      stream: true,
    });
    expectNoLeak('chat/completions (stream)', facade);
    expect(facade.status).toBe(200);
    const streamed = await call(
      supportKey,
      'POST',
      '/v1/chat',
      { collectionId, message: question },
      { accept: 'text/event-stream' },
    );
    expectNoLeak('chat (SSE)', streamed);
    expect(streamed.status).toBe(200);
    for (const mode of ['bm25', 'vector', 'hybrid']) {
      expectNoLeak(
        `search ${mode}`,
        await call(supportKey, 'POST', `/v1/collections/${collectionId}/search`, { query: question, mode }),
      );
    }
  });

  it('does not hand the restricted document’s text to a caller outside its groups through document reads', async () => {
    const { collectionId, restrictedId, publicId } = alpha;
    // The readable one is readable, so a refusal below is the ACL, not a broken route.
    expect(
      (await call(supportKey, 'GET', `/v1/collections/${collectionId}/documents/${publicId}/chunks`)).status,
    ).toBe(200);
    for (const path of [
      `/v1/collections/${collectionId}/documents/${restrictedId}`,
      `/v1/collections/${collectionId}/documents/${restrictedId}/chunks`,
    ]) {
      const response = await call(supportKey, 'GET', path);
      expectNoLeak(path, response);
      expect(response.status, path).toBe(404);
    }
    const list = await call(supportKey, 'GET', `/v1/collections/${collectionId}/documents`);
    expect(list.status).toBe(200);
    const listed = (JSON.parse(list.text) as { items: { id: string }[] }).items.map((d) => d.id);
    expect(listed).toContain(publicId);
    expect(listed).not.toContain(restrictedId);
    // An admin (no principals) still reads it.
    const chunks = await call(
      server.apiKey,
      'GET',
      `/v1/collections/${collectionId}/documents/${restrictedId}/chunks`,
    );
    expect(chunks.text).toContain('7731');
  });
});
