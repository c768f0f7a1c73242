import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestData, startTestServer, type TestServer, waitForJob } from './test-server';

/**
 * Issue #12: one rule for document-derived text. A secret is written into a document restricted
 * to `g:hr`; an HR agent asks about it, rates and corrects the answer and summarizes the document
 * (as a job). Then every route that returns text is called by callers outside the group (another
 * agent, a widget token), before and after the document's ACL changes (after it, the HR agent is
 * outside too): the secret must never appear in a body, a header or a log line.
 */
const SECRET_WORD = 'Quillfeather';
const SECRET = `The ${SECRET_WORD} merger closes on 14 March at a price of 913 crowns per share.`;
const FILLER =
  'Payroll questions go to the people team. Holidays are booked in the staff portal. Expenses are filed monthly. ';

let server: TestServer;
const logLines: string[] = [];
const keys: Record<'hr' | 'support' | 'finance', string> = { hr: '', support: '', finance: '' };
let widget = '';
const WIDGET_ORIGIN = 'https://help.example';
let collectionId = '';
let restrictedId = '';
let publicId = '';
let hr: { conversationId: string; messageId: string; summaryJobId: string };

interface Reply {
  status: number;
  text: string;
  headers: string;
}

/** `origin` is for a widget token: its page's origin, and the visitor's own id (a browser's). */
async function call(
  key: string,
  method: string,
  path: string,
  json?: unknown,
  origin?: string,
  visitor = 'visitor-one-0000001',
): Promise<Reply> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...(origin ? { origin, 'x-widget-visitor': visitor } : {}),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  return {
    status: response.status,
    text: await response.text(),
    headers: [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n'),
  };
}

async function upload(key: string, text: string, allowedPrincipals?: string[]) {
  const response = await call(key, 'POST', `/v1/collections/${collectionId}/documents`, {
    text,
    ...(allowedPrincipals ? { allowedPrincipals } : {}),
  });
  expect(response.status, response.text).toBe(202);
  const body = JSON.parse(response.text) as { job: { id: string }; document: { id: string } };
  await waitForJob(server.url, body.job.id, 60_000, { authorization: `Bearer ${key}` });
  return body.document.id;
}

function expectNoSecret(what: string, reply: Reply) {
  expect(reply.status, `${what}: ${reply.text.slice(0, 300)}`).toBeLessThan(500);
  for (const part of [reply.text, reply.headers]) {
    expect(part, what).not.toContain(SECRET_WORD);
    expect(part, what).not.toContain('913 crowns');
  }
}

/** Every route that returns text, as this caller; each answer is checked for the secret. */
async function walkTextRoutes(key: string, origin?: string): Promise<number> {
  // Asked as an outsider would, who does not know the secret's words.
  const question = 'When does the merger close, and at what price per share?';
  const { conversationId, messageId, summaryJobId } = hr;
  const doc = `/v1/collections/${collectionId}/documents/${restrictedId}`;
  const calls: [string, string, unknown?][] = [
    ['GET', `/v1/collections/${collectionId}/documents`],
    ['GET', `/v1/collections/${collectionId}/documents?limit=1`],
    ['GET', doc],
    ['GET', `${doc}/chunks`],
    ['POST', `/v1/collections/${collectionId}/search`, { query: question }],
    ['POST', `/v1/collections/${collectionId}/search`, { query: question, mode: 'bm25' }],
    ['POST', '/v1/chat', { collectionId, message: question }],
    ['POST', '/v1/chat', { collectionId, message: question, stream: true }],
    ['POST', '/v1/chat', { collectionId, conversationId, message: 'And the price again?' }],
    [
      'POST',
      '/v1/chat/completions',
      { model: `collection:${collectionId}`, messages: [{ role: 'user', content: question }] },
    ],
    [
      'POST',
      '/v1/chat/completions',
      { model: `collection:${collectionId}`, messages: [{ role: 'user', content: question }], stream: true },
    ],
    ['POST', '/v1/summarize', { documentId: restrictedId }],
    ['POST', '/v1/translate', { documentId: restrictedId, target: 'fr' }],
    ['GET', `/v1/jobs/${summaryJobId}`],
    ['GET', '/v1/conversations'],
    ['GET', `/v1/conversations/${conversationId}`],
    ['GET', `/v1/conversations/${conversationId}/messages`],
    ['GET', `/v1/messages/${messageId}/feedback`],
    ['POST', `/v1/messages/${messageId}/feedback`, { rating: 'up' }],
    ['GET', '/v1/feedback/export?format=sft'],
    ['GET', '/v1/feedback/export?format=dpo'],
    ['GET', '/v1/guardrails/audit'],
    ['GET', '/v1/insights/gaps'],
    ['GET', `/v1/insights/gaps?collectionId=${collectionId}`],
    ['GET', '/v1/insights/conversations'],
    ['POST', `/v1/conversations/${conversationId}/handoff`, { reason: 'customer_request' }],
  ];
  for (const [method, path, body] of calls) {
    expectNoSecret(`${method} ${path}`, await call(key, method, path, body, origin));
  }
  return calls.length;
}

beforeAll(async () => {
  const logs = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  server = await startTestServer(
    {
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_IP_PER_MINUTE: '0',
      LOG_LEVEL: 'debug',
      // So that the HR agent's summary of the document is a job with a stored result.
      SUMMARIZE_SYNC_MAX_CHARS: '200',
    },
    undefined,
    logs,
  );
  const agent = async (name: keyof typeof keys, principals: string[]) => {
    keys[name] = (
      await server.container.apiKeys.create({ tenantId: 'default', name, role: 'agent', principals })
    ).key;
  };
  await agent('hr', ['g:hr']);
  await agent('support', ['g:support']);
  await agent('finance', ['g:finance']);
  const made = await call(server.apiKey, 'POST', '/v1/collections', { name: 'people' });
  collectionId = (JSON.parse(made.text) as { id: string }).id;
  widget = server.container.widgetTokens.mint({
    tenantId: 'default',
    collectionId,
    origins: [WIDGET_ORIGIN],
    ttlSeconds: 600,
  }).token;
  restrictedId = await upload(server.apiKey, `HR memo. ${SECRET} ${FILLER}${FILLER}`, ['g:hr']);
  publicId = await upload(server.apiKey, `Staff handbook. ${FILLER}`);

  // The HR agent reads the secret: an answer, a rating with a correction, a summary job.
  const chat = await call(keys.hr, 'POST', '/v1/chat', {
    collectionId,
    message: 'When does the merger close?',
  });
  const answer = JSON.parse(chat.text) as { answer: string; conversationId: string; messageId: string };
  // The marker is findable by those allowed: its absence below means something.
  expect(answer.answer).toContain(SECRET_WORD);
  const rated = await call(keys.hr, 'POST', `/v1/messages/${answer.messageId}/feedback`, {
    rating: 'down',
    correctedAnswer: `It closes on 14 March at 913 crowns (${SECRET_WORD}).`,
  });
  expect(rated.status).toBe(201);
  const summary = await call(keys.hr, 'POST', '/v1/summarize', {
    documentId: restrictedId,
    length: { unit: 'sentences', value: 8 },
  });
  expect(summary.status, summary.text).toBe(202);
  const summaryJobId = (JSON.parse(summary.text) as { job: { id: string } }).job.id;
  expect((await waitForJob(server.url, summaryJobId)).status).toBe('succeeded');
  expect((await call(keys.hr, 'GET', `/v1/jobs/${summaryJobId}`)).text).toContain(SECRET_WORD);
  expect((await call(keys.hr, 'GET', '/v1/feedback/export?format=sft')).text).toContain(SECRET_WORD);
  // A follow-up: its answer and standalone query may restate the first answer from the history.
  const followUp = await call(keys.hr, 'POST', '/v1/chat', {
    collectionId,
    conversationId: answer.conversationId,
    message: 'And at what price per share?',
  });
  expect(followUp.status, followUp.text).toBe(200);
  hr = { conversationId: answer.conversationId, messageId: answer.messageId, summaryJobId };
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

describe('issue #12: document-derived text follows the reader’s principals at the time of reading', () => {
  it('never shows the secret to callers outside the group, before and after the ACL changes', async () => {
    let checked = 0;
    checked += await walkTextRoutes(keys.support);
    checked += await walkTextRoutes(widget, WIDGET_ORIGIN);
    // The HR agent still sees its own conversation in full…
    const own = await call(keys.hr, 'GET', `/v1/conversations/${hr.conversationId}/messages`);
    expect(own.text).toContain(SECRET_WORD);

    // …until the document moves to another group: from then on the HR agent is outside too.
    const moved = await call(
      server.apiKey,
      'PUT',
      `/v1/collections/${collectionId}/documents/${restrictedId}`,
      {
        text: `HR memo. ${SECRET} ${FILLER}${FILLER}`,
        allowedPrincipals: ['g:finance'],
      },
    );
    expect(moved.status, moved.text).toBe(202);
    const job = (JSON.parse(moved.text) as { job: { id: string } }).job.id;
    expect((await waitForJob(server.url, job)).status).toBe('succeeded');
    checked += await walkTextRoutes(keys.hr);
    checked += await walkTextRoutes(keys.support);
    checked += await walkTextRoutes(widget, WIDGET_ORIGIN);

    // The HR agent's answer keeps its place, withheld, and the finance group reads the document.
    const history = JSON.parse(
      (await call(keys.hr, 'GET', `/v1/conversations/${hr.conversationId}/messages`)).text,
    ) as { items: { role: string; withheld: boolean; citations: unknown[] }[] };
    const answers = history.items.filter((m) => m.role === 'assistant');
    // The first answer, the follow-up and the turn the walk added.
    expect(answers.length).toBeGreaterThanOrEqual(2);
    // The follow-up's own sources may be elsewhere: it is withheld for the history it restates.
    for (const answer of answers) {
      expect(answer.withheld).toBe(true);
      expect(answer.citations).toEqual([]);
    }
    const read = await call(
      keys.finance,
      'GET',
      `/v1/collections/${collectionId}/documents/${restrictedId}/chunks`,
    );
    expect(read.text).toContain(SECRET_WORD);

    const logged = logLines.join('');
    expect(logLines.length).toBeGreaterThan(checked);
    expect(logged).not.toContain(SECRET_WORD);
    expect(logged).not.toContain('913 crowns');
    console.log(`issue #12 leakage: ${checked} text-route calls by outsiders, ${logLines.length} log lines`);
  }, 240_000);
});

describe('issue #12 regressions', () => {
  it('hides a document from search and chat as soon as its ACL changes, even when re-ingestion fails', async () => {
    const question = 'When is the offsite in Lisbon, and who pays for travel?';
    const text = 'Offsite memo. The Lisbon offsite is on 3 June; the company pays for travel.';
    const id = await upload(server.apiKey, text, ['g:support']);
    const visible = await call(keys.support, 'POST', `/v1/collections/${collectionId}/search`, {
      query: question,
    });
    expect(visible.text).toContain('Lisbon');
    // New bytes that cannot be parsed, and an ACL without the support group.
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.7\nnot really a pdf']), 'memo.pdf');
    form.append('allowedPrincipals', 'g:finance');
    const put = await fetch(`${server.url}/v1/collections/${collectionId}/documents/${id}`, {
      method: 'PUT',
      headers: server.auth,
      body: form,
    });
    expect(put.status).toBe(202);
    for (const mode of ['bm25', 'vector', 'hybrid']) {
      const search = await call(keys.support, 'POST', `/v1/collections/${collectionId}/search`, {
        query: question,
        mode,
      });
      expect(search.text, mode).not.toContain('Lisbon');
    }
    const job = (JSON.parse(await put.text()) as { job: { id: string } }).job.id;
    expect((await waitForJob(server.url, job)).status).toBe('failed');
    // The answer, not the question it echoes back.
    const chat = JSON.parse(
      (await call(keys.support, 'POST', '/v1/chat', { collectionId, message: question })).text,
    ) as {
      answer: string;
      citations: unknown[];
    };
    expect(chat.answer).not.toContain('3 June');
    expect(JSON.stringify(chat.citations)).not.toContain('Lisbon');
  });

  it('keeps one widget visitor out of another visitor’s conversation on the same page token', async () => {
    const first = JSON.parse(
      (
        await call(
          widget,
          'POST',
          '/v1/chat',
          { collectionId, message: 'Where are holidays booked?' },
          WIDGET_ORIGIN,
        )
      ).text,
    ) as { conversationId: string; messageId: string };
    const other = 'visitor-two-0000002';
    const cont = await call(
      widget,
      'POST',
      '/v1/chat',
      { collectionId, conversationId: first.conversationId, message: 'Say that again.' },
      WIDGET_ORIGIN,
      other,
    );
    expect(cont.status).toBe(404);
    const rate = await call(
      widget,
      'POST',
      `/v1/messages/${first.messageId}/feedback`,
      { rating: 'down' },
      WIDGET_ORIGIN,
      other,
    );
    expect(rate.status).toBe(404);
    // Without a visitor id a widget token is refused; a visitor may rate, not write corrections.
    const anonymous = await fetch(`${server.url}/v1/chat`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${widget}`,
        origin: WIDGET_ORIGIN,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ collectionId, message: 'Hello?' }),
    });
    expect(anonymous.status).toBe(401);
    const correction = await call(
      widget,
      'POST',
      `/v1/messages/${first.messageId}/feedback`,
      { rating: 'down', correctedAnswer: 'Something else.' },
      WIDGET_ORIGIN,
    );
    expect(correction.status).toBe(403);
  });

  it('refuses a JSON body in another encoding and deep metadata in a multipart upload', async () => {
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    const utf16 = await fetch(`${server.url}/v1/collections/${collectionId}/documents`, {
      method: 'POST',
      headers: { ...server.auth, 'content-type': 'application/json; charset=utf-16le' },
      body: Buffer.from(`{"text":"x \\" y","metadata":${deep}}`, 'utf16le'),
    });
    expect(utf16.status).toBe(415);
    const form = new FormData();
    form.append('file', new Blob(['Deep metadata memo.']), 'memo.txt');
    form.append('metadata', deep);
    const multipart = await fetch(`${server.url}/v1/collections/${collectionId}/documents`, {
      method: 'POST',
      headers: server.auth,
      body: form,
    });
    expect(multipart.status).toBe(400);
  });

  it('keeps a widget token in its collection whichever field names the collection', async () => {
    const other = JSON.parse(
      (await call(server.apiKey, 'POST', '/v1/collections', { name: 'elsewhere' })).text,
    ) as {
      id: string;
    };
    const question = [{ role: 'user', content: 'What is in the handbook?' }];
    for (const body of [
      { model: `collection:${other.id}`, messages: question },
      { model: 'any', collection: other.id, messages: question },
    ]) {
      const reply = await call(widget, 'POST', '/v1/chat/completions', body, WIDGET_ORIGIN);
      expect(reply.status, reply.text).toBe(403);
    }
    const chat = await call(
      widget,
      'POST',
      '/v1/chat',
      { collectionId: other.id, message: 'Hello?' },
      WIDGET_ORIGIN,
    );
    expect(chat.status).toBe(403);
    // Its own collection, named or not, still answers.
    const own = await call(
      widget,
      'POST',
      '/v1/chat/completions',
      { model: 'grounded', messages: question },
      WIDGET_ORIGIN,
    );
    expect(own.status, own.text).toBe(200);
  });

  it('mints the demo page’s token for the server’s own origins, never from the Host header', async () => {
    const { seedDemo } = await import('../src/demo-seed');
    await seedDemo(server.container);
    const page = await fetch(`${server.url}/widget/demo`, { headers: { host: 'evil.example' } });
    expect(page.status).toBe(200);
    const token = /<script src="\/widget\/widget.js"[^>]*data-token="(wt_[^"]+)"/.exec(
      await page.text(),
    )![1]!;
    const ask = (origin: string) =>
      call(
        token,
        'POST',
        '/v1/chat',
        { collectionId: 'col_demo', message: 'How long is the free trial?' },
        origin,
      );
    expect((await ask('http://evil.example')).status).toBe(403);
    expect((await ask(server.url)).status).toBe(200);
  }, 120_000);

  it('lets a widget token rate only the answers of its own conversations', async () => {
    const reply = await call(
      widget,
      'POST',
      `/v1/messages/${hr.messageId}/feedback`,
      { rating: 'up' },
      WIDGET_ORIGIN,
    );
    expect(reply.status).toBe(404);
    const mine = JSON.parse(
      (
        await call(
          widget,
          'POST',
          '/v1/chat',
          { collectionId, message: 'Where are holidays booked?' },
          WIDGET_ORIGIN,
        )
      ).text,
    ) as { messageId: string };
    const rated = await call(
      widget,
      'POST',
      `/v1/messages/${mine.messageId}/feedback`,
      { rating: 'up' },
      WIDGET_ORIGIN,
    );
    expect(rated.status, rated.text).toBe(201);
  });

  it('keeps another agent’s conversations out of an agent’s list, and shows an admin all', async () => {
    const support = JSON.parse((await call(keys.support, 'GET', '/v1/conversations')).text) as {
      items: { id: string }[];
    };
    expect(support.items.map((c) => c.id)).not.toContain(hr.conversationId);
    expect((await call(keys.support, 'GET', `/v1/conversations/${hr.conversationId}`)).status).toBe(404);
    const admin = JSON.parse((await call(server.apiKey, 'GET', '/v1/conversations?limit=100')).text) as {
      items: { id: string }[];
    };
    expect(admin.items.map((c) => c.id)).toContain(hr.conversationId);
  });

  it('pages documents with opaque cursors made only of documents the caller may read', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = JSON.parse(
        (
          await call(
            keys.support,
            'GET',
            `/v1/collections/${collectionId}/documents?limit=1${after ? `&after=${after}` : ''}`,
          )
        ).text,
      ) as { items: { id: string }[]; nextAfter: string | null };
      seen.push(...page.items.map((d) => d.id));
      after = page.nextAfter;
      expect(after ?? '').not.toContain(restrictedId);
      if (after) expect(Buffer.from(after, 'base64url').toString()).not.toContain(restrictedId);
    } while (after);
    expect(seen).toContain(publicId);
    expect(seen).not.toContain(restrictedId);
  });

  it('answers an upload of a restricted document’s exact bytes with a new document, not 409', async () => {
    const bytes = `HR memo. ${SECRET} ${FILLER}${FILLER}`;
    const reply = await call(keys.support, 'POST', `/v1/collections/${collectionId}/documents`, {
      text: bytes,
    });
    expect(reply.status, reply.text).toBe(202);
    expect(reply.text).not.toContain(restrictedId);
  });

  it('refuses JSON nested deeper than the limit with a 400 naming the limit', async () => {
    const metadata = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const reply = await fetch(`${server.url}/v1/collections/${collectionId}/documents`, {
      method: 'POST',
      headers: { ...server.auth, 'content-type': 'application/json' },
      body: `{"text":"Nested metadata.","metadata":${metadata}}`,
    });
    expect(reply.status).toBe(400);
    expect(((await reply.json()) as { error: unknown }).error).toMatchObject({
      code: 'json_too_deep',
      details: { maxDepth: 64 },
    });
  });
});
