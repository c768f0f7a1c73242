import { loadOrCreateSecret, TenantsRepo, WidgetTokenService } from '@grounded/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestData, startTestServer, type TestServer, waitForJob } from './test-server';

/**
 * Issue #7 security: credentials on every endpoint, roles, widget tokens bound to collection and
 * origin, revocation that takes effect at once, tenant isolation and document ACLs in every
 * search mode (filtered inside the search, before top-k).
 */
let server: TestServer;
const keys: Record<string, string> = {};
const collections: Record<string, string> = {};
const MODES = ['bm25', 'vector', 'hybrid'] as const;
let financeDocument = '';
const SHARED_TEXT = 'The quarterly revenue forecast for the northern region is confidential.';

function call(
  path: string,
  key: string | null,
  init: RequestInit & { json?: unknown } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (key) headers.authorization = `Bearer ${key}`;
  // A widget token travels with its visitor's own id, as the widget sends it (issue #12).
  if (key?.startsWith('wt_')) headers['x-widget-visitor'] = 'access-control-visitor';
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${server.url}${path}`, {
    ...init,
    headers,
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
}

async function makeKey(tenantId: string, role: 'admin' | 'agent' | 'widget', principals: string[] = []) {
  await new TenantsRepo(server.container.db).ensure(tenantId);
  return (await server.container.apiKeys.create({ tenantId, name: `${tenantId}-${role}`, role, principals }))
    .key;
}

async function addDocument(key: string, collectionId: string, text: string, allowedPrincipals?: string[]) {
  const response = await call(`/v1/collections/${collectionId}/documents`, key, {
    method: 'POST',
    json: { text, ...(allowedPrincipals ? { allowedPrincipals } : {}) },
  });
  expect(response.status).toBe(202);
  const body = (await response.json()) as { job: { id: string }; document: { id: string } };
  expect((await waitForJob(server.url, body.job.id, 60_000, { authorization: `Bearer ${key}` })).status).toBe(
    'succeeded',
  );
  return body.document.id;
}

async function searchIds(key: string, collectionId: string, query: string, mode: string, k = 10) {
  const response = await call(`/v1/collections/${collectionId}/search`, key, {
    method: 'POST',
    json: { query, mode, k },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: { documentId: string }[] }).results.map((r) => r.documentId);
}

beforeAll(async () => {
  server = await startTestServer();
  keys.alphaAdmin = server.apiKey;
  keys.betaAdmin = await makeKey('beta', 'admin');
  keys.alphaSupport = await makeKey('default', 'agent', ['group:support']);
  keys.alphaFinance = await makeKey('default', 'agent', ['group:finance']);
  for (const [tenant, key] of [
    ['alpha', keys.alphaAdmin],
    ['beta', keys.betaAdmin],
  ] as const) {
    const response = await call('/v1/collections', key!, { method: 'POST', json: { name: 'handbook' } });
    expect(response.status).toBe(201);
    collections[tenant] = ((await response.json()) as { id: string }).id;
  }
});

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

describe('credentials and roles', () => {
  it('requires a credential everywhere except health, readiness and metrics', async () => {
    expect((await call('/health', null)).status).toBe(200);
    expect((await call('/ready', null)).status).toBe(200);
    // Issue #17: a browser's icon request is answered, not refused.
    expect((await call('/favicon.ico', null)).status).toBe(204);
    for (const [method, path] of [
      ['GET', '/v1/collections'],
      ['POST', '/v1/chat'],
      ['GET', '/v1/jobs/x'],
      ['GET', '/v1/api-keys'],
    ] as const) {
      const response = await call(path, null, { method });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    // Issue #12: a path that names no route is a 404 for every caller, credential or not.
    const nowhere = await call('/v1/nothing-here', null);
    expect(nowhere.status).toBe(404);
    expect(((await nowhere.json()) as { error: { code: string } }).error.code).toBe('route_not_found');
    expect((await call('/v1/collections', 'gk_garbage')).status).toBe(401);
  });

  it('lets only admins manage keys and collections', async () => {
    expect(
      (await call('/v1/collections', keys.alphaSupport!, { method: 'POST', json: { name: 'x' } })).status,
    ).toBe(403);
    expect((await call('/v1/api-keys', keys.alphaSupport!)).status).toBe(403);
    expect((await call('/v1/collections', keys.alphaSupport!)).status).toBe(200);
  });

  it('refuses a revoked key immediately, and a rotated key keeps working', async () => {
    const created = await call('/v1/api-keys', keys.alphaAdmin!, {
      method: 'POST',
      json: { name: 'temp', role: 'agent' },
    });
    expect(created.status).toBe(201);
    const { key, id } = (await created.json()) as { key: string; id: string };
    expect((await call('/v1/collections', key)).status).toBe(200);
    const listed = (await (await call('/v1/api-keys', keys.alphaAdmin!)).json()) as {
      items: Record<string, unknown>[];
    };
    expect(JSON.stringify(listed)).not.toContain(key);
    const rotated = (await (
      await call(`/v1/api-keys/${id}/rotate`, keys.alphaAdmin!, { method: 'POST' })
    ).json()) as {
      key: string;
    };
    expect((await call('/v1/collections', key)).status).toBe(401);
    expect((await call('/v1/collections', rotated.key)).status).toBe(200);
    const rotatedId = rotated.key.split('_')[1]!;
    expect((await call(`/v1/api-keys/${rotatedId}`, keys.alphaAdmin!, { method: 'DELETE' })).status).toBe(
      200,
    );
    expect((await call('/v1/collections', rotated.key)).status).toBe(401);
  });
});

describe('tenant isolation and document ACLs', () => {
  beforeAll(async () => {
    await addDocument(keys.alphaAdmin!, collections.alpha!, `Alpha public. ${SHARED_TEXT}`);
    financeDocument = await addDocument(
      keys.alphaAdmin!,
      collections.alpha!,
      `Alpha finance only. ${SHARED_TEXT}`,
      ['group:finance'],
    );
    await addDocument(keys.betaAdmin!, collections.beta!, `Beta tenant. ${SHARED_TEXT}`);
  });

  it('never returns another tenant’s chunks, in any mode, even with its collection id', async () => {
    for (const mode of MODES) {
      const betaIds = await searchIds(keys.betaAdmin!, collections.beta!, SHARED_TEXT, mode);
      expect(betaIds.length).toBe(1);
      const alphaIds = await searchIds(keys.alphaAdmin!, collections.alpha!, SHARED_TEXT, mode);
      expect(alphaIds.length).toBe(2);
      expect(alphaIds.some((id) => betaIds.includes(id))).toBe(false);
    }
    const crossed = await call(`/v1/collections/${collections.beta}/search`, keys.alphaAdmin!, {
      method: 'POST',
      json: { query: SHARED_TEXT },
    });
    expect(crossed.status).toBe(404);
    const chat = await call('/v1/chat', keys.alphaAdmin!, {
      method: 'POST',
      json: { collectionId: collections.beta, message: 'What is confidential?' },
    });
    expect(chat.status).toBe(404);
  });

  it('hides ACL-restricted documents from callers outside the group, in every mode', async () => {
    for (const mode of MODES) {
      expect((await searchIds(keys.alphaSupport!, collections.alpha!, SHARED_TEXT, mode)).length).toBe(1);
      expect((await searchIds(keys.alphaFinance!, collections.alpha!, SHARED_TEXT, mode)).length).toBe(2);
    }
    const chat = await call('/v1/chat', keys.alphaSupport!, {
      method: 'POST',
      json: { collectionId: collections.alpha, message: 'Which revenue forecast is confidential?' },
    });
    const answer = (await chat.json()) as { answer: string; citations: { quote: string }[] };
    expect(answer.answer).not.toContain('finance only');
  });

  it('lets a caller replace or delete only the documents it may read', async () => {
    const path = `/v1/collections/${collections.alpha}/documents/${financeDocument}`;
    const replace = (key: string, text: string) => call(path, key, { method: 'PUT', json: { text } });
    for (const response of [
      await replace(keys.alphaSupport!, `Overwritten by an outsider. ${SHARED_TEXT}`),
      await call(path, keys.alphaSupport!, { method: 'DELETE' }),
    ]) {
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('document_not_found');
    }
    // Untouched: the finance group still finds its document, with its text.
    const read = await call(path, keys.alphaFinance!);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { contentHash: string }).contentHash).toBeTruthy();
    const chunks = (await (await call(`${path}/chunks`, keys.alphaFinance!)).json()) as {
      items: { text: string }[];
    };
    expect(chunks.items.map((c) => c.text).join(' ')).toContain('Alpha finance only');
    // A member of the group may replace it, and the replacement keeps the document's ACL.
    const revised = `Alpha finance only, revised. ${SHARED_TEXT}`;
    expect((await replace(keys.alphaFinance!, revised)).status).toBe(202);
    expect((await call(path, keys.alphaSupport!)).status).toBe(404);
    // Uploading the same bytes neither hands an outsider the restricted document through dedup
    // nor tells it that one exists (issue #12): the upload is a new document of its own.
    const again = await call(`/v1/collections/${collections.alpha}/documents`, keys.alphaSupport!, {
      method: 'POST',
      json: { text: revised },
    });
    expect(again.status).toBe(202);
    const text = await again.text();
    expect(text).not.toContain(financeDocument);
    expect((JSON.parse(text) as { duplicate: boolean }).duplicate).toBe(false);
  });

  it('filters inside the search: restricted better matches do not crowd out allowed results', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(
        await addDocument(
          keys.alphaAdmin!,
          collections.alpha!,
          `Restricted memo ${i}: the northern region revenue forecast is confidential and quarterly.`,
          ['group:board'],
        ),
      );
    }
    for (const mode of MODES) {
      const visible = await searchIds(
        keys.alphaSupport!,
        collections.alpha!,
        'northern region revenue forecast',
        mode,
        1,
      );
      expect(visible.length, mode).toBe(1);
      expect(ids).not.toContain(visible[0]);
    }
  });
});

describe('widget tokens', () => {
  it('are bound to one collection and the allowed origins, and refused when foreign or expired', async () => {
    const minted = await call('/v1/widget-tokens', keys.alphaAdmin!, {
      method: 'POST',
      json: { collectionId: collections.alpha, origins: ['https://shop.example.com'], ttlSeconds: 60 },
    });
    expect(minted.status).toBe(201);
    const { token } = (await minted.json()) as { token: string };
    const ask = (origin: string | null, collectionId = collections.alpha) =>
      call('/v1/chat', token, {
        method: 'POST',
        json: { collectionId, message: 'What is confidential?' },
        headers: origin ? { origin } : {},
      });
    expect((await ask('https://shop.example.com')).status).toBe(200);
    expect((await ask('https://evil.example.com')).status).toBe(403);
    expect((await ask(null)).status).toBe(403);
    expect((await ask('https://shop.example.com', collections.beta)).status).toBe(403);
    const search = await call(`/v1/collections/${collections.alpha}/search`, token, {
      method: 'POST',
      json: { query: 'x' },
      headers: { origin: 'https://shop.example.com' },
    });
    expect(search.status).toBe(403);
    // A token signed with the server's own secret by a clock two hours back: already expired.
    const secret = await loadOrCreateSecret(server.container.db, 'widget-token-hmac');
    const stale = new WidgetTokenService(secret, () => Date.now() - 7_200_000).mint({
      tenantId: 'default',
      collectionId: collections.alpha!,
      origins: ['https://shop.example.com'],
      ttlSeconds: 60,
    });
    const refused = await call('/v1/chat', stale.token, {
      method: 'POST',
      json: { collectionId: collections.alpha, message: 'x' },
      headers: { origin: 'https://shop.example.com' },
    });
    expect(refused.status).toBe(401);
  });
});
