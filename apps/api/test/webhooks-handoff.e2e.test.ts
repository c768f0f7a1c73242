import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@grounded/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestData, startTestServer, type TestServer, waitForJob } from './test-server';

/**
 * Issue #18: signed webhooks with retries and replay, and human handoff, against a real local
 * receiver (node:http) that answers with the status codes a test programs.
 */
const FAQ = `# Returns

Customers can return any product within 45 days of delivery for a full refund.
Refunds are sent to the original payment method within 5 business days of receiving the return.`;
const WIDGET_ORIGIN = 'https://shop.example';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

// biome-ignore lint/suspicious/noExplicitAny: the test reads many loosely shaped JSON answers
type Json = Record<string, any>;

let server: TestServer;
let receiver: Server;
let receiverUrl = '';
const received: Received[] = [];
/** Status codes to answer with, per path, in order; 200 once exhausted. */
const plans = new Map<string, number[]>();
let collectionId = '';
let widget = '';

async function call(key: string, method: string, path: string, json?: unknown, visitor?: string) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...(visitor ? { origin: WIDGET_ORIGIN, 'x-widget-visitor': visitor } : {}),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const at = (path: string) => received.filter((r) => r.path === path);

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => {
      body += part;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body });
      const status = plans.get(path)?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 400 ? 'receiver says no' : 'ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' });
  collectionId = (await call(server.apiKey, 'POST', '/v1/collections', { name: 'shop' })).body.id;
  widget = server.container.widgetTokens.mint({
    tenantId: 'default',
    collectionId,
    origins: [WIDGET_ORIGIN],
    ttlSeconds: 600,
  }).token;
  const made = await call(server.apiKey, 'POST', `/v1/collections/${collectionId}/documents`, { text: FAQ });
  expect((await waitForJob(server.url, made.body.job.id)).status).toBe('succeeded');
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('issue #18: webhooks', () => {
  let secret = '';
  let firstDeliveryId = '';

  it('signs each delivery and retries after a 500 until the receiver takes it', async () => {
    const created = await call(server.apiKey, 'POST', '/v1/webhooks', {
      url: `${receiverUrl}/events`,
      events: ['answer.abstained', 'feedback.negative'],
    });
    expect(created.status).toBe(201);
    secret = created.body.secret;
    expect(secret).toMatch(/^whsec_/);
    // The secret is shown once.
    expect(JSON.stringify((await call(server.apiKey, 'GET', '/v1/webhooks')).body)).not.toContain(secret);

    plans.set('/events', [500, 503]);
    const asked = await call(server.apiKey, 'POST', '/v1/chat', {
      collectionId,
      message: 'What is the boiling point of liquid nitrogen on Neptune?',
    });
    expect(asked.body.abstained).toBe(true);
    const delivered = await until('the third try', async () => {
      const { body } = await call(server.apiKey, 'GET', '/v1/webhook-deliveries');
      const item = body.items.find((d: { event: string }) => d.event === 'answer.abstained');
      return item?.status === 'delivered' ? item : undefined;
    });
    expect(delivered.attempts).toBe(3);
    expect(delivered.lastStatusCode).toBe(200);
    firstDeliveryId = delivered.id;
    const tries = at('/events');
    expect(tries).toHaveLength(3);
    for (const attempt of tries) {
      expect(attempt.headers['x-grounded-event']).toBe('answer.abstained');
      expect(attempt.headers['x-grounded-delivery']).toBe(delivered.id);
      const header = attempt.headers['x-grounded-signature'] as string;
      expect(verifySignature(secret, header, attempt.body)).toMatchObject({ ok: true });
      // Anyone without the secret, or a changed body, fails verification.
      expect(verifySignature('whsec_wrong', header, attempt.body)).toMatchObject({ ok: false });
      expect(verifySignature(secret, header, attempt.body.replace('Neptune', 'Uranus'))).toMatchObject({
        ok: false,
      });
    }
    const payload = JSON.parse(tries[0]!.body);
    expect(payload).toMatchObject({
      id: delivered.id,
      event: 'answer.abstained',
      data: { conversationId: asked.body.conversationId, messageId: asked.body.messageId, abstained: true },
    });
    expect(payload.data.question).toContain('Neptune');
    // The log shows the tries' backoff: the queue retried, the receiver was not hammered.
    const seconds = tries.map((t) => Number(/t=(\d+)/.exec(t.headers['x-grounded-signature'] as string)![1]));
    expect(seconds[2]! - seconds[0]!).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('replays a delivery by id as a new, freshly signed delivery', async () => {
    const before = at('/events').length;
    const replay = await call(server.apiKey, 'POST', `/v1/webhook-deliveries/${firstDeliveryId}/replay`);
    expect(replay.status).toBe(202);
    expect(replay.body.replayOf).toBe(firstDeliveryId);
    expect(replay.body.id).not.toBe(firstDeliveryId);
    await until('the replay', () => (at('/events').length > before ? true : undefined));
    const got = at('/events').at(-1)!;
    expect(got.headers['x-grounded-delivery']).toBe(replay.body.id);
    expect(verifySignature(secret, got.headers['x-grounded-signature'] as string, got.body)).toMatchObject({
      ok: true,
    });
    const original = JSON.parse(at('/events')[0]!.body);
    expect(JSON.parse(got.body)).toMatchObject({ replayOf: firstDeliveryId, data: original.data });
    const logged = await until('the replay delivered', async () => {
      const { body } = await call(server.apiKey, 'GET', `/v1/webhook-deliveries/${replay.body.id}`);
      return body.status === 'delivered' ? body : undefined;
    });
    expect(logged.attempts).toBe(1);
    expect((await call(server.apiKey, 'POST', '/v1/webhook-deliveries/dlv_missing/replay')).status).toBe(404);
  }, 30_000);

  it('fails a delivery at once on a 4xx, and sends a negative rating as feedback.negative', async () => {
    plans.set('/events', [410]);
    const asked = await call(server.apiKey, 'POST', '/v1/chat', {
      collectionId,
      message: 'Within how many days can customers return a product?',
    });
    expect(asked.body.abstained).toBe(false);
    expect(
      (await call(server.apiKey, 'POST', `/v1/messages/${asked.body.messageId}/feedback`, { rating: 'down' }))
        .status,
    ).toBe(201);
    const failed = await until('the 410', async () => {
      const { body } = await call(server.apiKey, 'GET', '/v1/webhook-deliveries?status=failed');
      return body.items[0];
    });
    expect(failed).toMatchObject({ event: 'feedback.negative', attempts: 1, lastStatusCode: 410 });
    expect(failed.lastError).toContain('receiver says no');
    // An up-vote is no event.
    const count = (await call(server.apiKey, 'GET', '/v1/webhook-deliveries')).body.items.length;
    await call(server.apiKey, 'POST', `/v1/messages/${asked.body.messageId}/feedback`, { rating: 'up' });
    expect((await call(server.apiKey, 'GET', '/v1/webhook-deliveries')).body.items).toHaveLength(count);
  }, 30_000);
});

describe('issue #18: human handoff', () => {
  it('refuses a handoff where none is configured, then delivers transcript, citations and sentiment', async () => {
    const visitor = 'visitor-handoff-0001';
    const answered = await call(
      widget,
      'POST',
      '/v1/chat',
      { collectionId, message: 'Within how many days can customers return a product?' },
      visitor,
    );
    expect(answered.body.citations.length).toBeGreaterThan(0);
    const conversationId = answered.body.conversationId;
    const unhelpful = await call(
      widget,
      'POST',
      '/v1/chat',
      { collectionId, conversationId, message: 'This is useless and I am furious, my parcel never arrived!' },
      visitor,
    );
    expect(unhelpful.status).toBe(200);
    const path = `/v1/conversations/${conversationId}/handoff`;
    const none = await call(widget, 'POST', path, { reason: 'customer_request' }, visitor);
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('handoff_not_configured');

    const set = await call(server.apiKey, 'PUT', `/v1/collections/${collectionId}/handoff`, {
      type: 'webhook',
      url: `${receiverUrl}/handoff`,
    });
    expect(set.status).toBe(200);
    const handoffSecret = set.body.secret as string;
    expect(set.body.handoff).toMatchObject({ type: 'webhook', url: `${receiverUrl}/handoff` });

    // Another visitor on the same token cannot hand this conversation over.
    expect(
      (await call(widget, 'POST', path, { reason: 'customer_request' }, 'visitor-other-00002')).status,
    ).toBe(404);
    const handed = await call(widget, 'POST', path, { reason: 'customer_request', note: 'call me' }, visitor);
    expect(handed.status).toBe(201);
    expect(handed.body).toMatchObject({ channel: 'webhook', conversationId, reason: 'customer_request' });
    expect(handed.body.sentiment.turns).toHaveLength(2);
    // The classifiers the batch jobs use: the angry turn is negative.
    expect(handed.body.sentiment.turns[1].label).toBe('negative');
    expect(handed.body.sentiment.turns[1].classifier).toBeTruthy();

    const got = await until('the handoff', () => at('/handoff')[0]);
    expect(got.headers['x-grounded-event']).toBe('handoff.requested');
    expect(
      verifySignature(handoffSecret, got.headers['x-grounded-signature'] as string, got.body),
    ).toMatchObject({
      ok: true,
    });
    const { data } = JSON.parse(got.body);
    expect(data).toMatchObject({ conversationId, collectionId, reason: 'customer_request', note: 'call me' });
    expect(data.transcript.map((m: { role: string }) => m.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(data.transcript[1].citations[0]).toMatchObject({
      documentId: expect.any(String),
      quote: expect.any(String),
    });
    expect(data.transcript[1].content).toMatch(/45 days/);
    expect(data.sentiment.turns[1].label).toBe('negative');
    expect(handed.body.deliveryId).toBe(got.headers['x-grounded-delivery']);
  }, 60_000);

  it('sends the visitor to a page, or names an address, for the other kinds', async () => {
    const visitor = 'visitor-handoff-0003';
    const asked = await call(
      widget,
      'POST',
      '/v1/chat',
      { collectionId, message: 'Can I talk to a person?' },
      visitor,
    );
    const path = `/v1/conversations/${asked.body.conversationId}/handoff`;
    await call(server.apiKey, 'PUT', `/v1/collections/${collectionId}/handoff`, {
      type: 'url',
      url: 'https://help.example/contact',
    });
    const page = await call(widget, 'POST', path, { reason: 'customer_request' }, visitor);
    expect(page.body).toMatchObject({ channel: 'url', url: 'https://help.example/contact' });
    await call(server.apiKey, 'PUT', `/v1/collections/${collectionId}/handoff`, {
      type: 'email',
      address: 'support@help.example',
    });
    const mail = await call(widget, 'POST', path, { reason: 'abstained' }, visitor);
    expect(mail.body.email).toMatchObject({ address: 'support@help.example' });
    const bad = await call(server.apiKey, 'PUT', `/v1/collections/${collectionId}/handoff`, {
      type: 'email',
      address: 'not an address',
    });
    expect(bad.status).toBe(400);
    // The replaced webhook's endpoint went with it.
    const hooks = (await call(server.apiKey, 'GET', '/v1/webhooks')).body.items as { url: string }[];
    expect(hooks.map((h) => h.url)).toEqual([`${receiverUrl}/events`]);
  }, 30_000);
});

describe('issue #18: the issue’s event names', () => {
  it('sends feedback.created, conversation.escalated, batch.completed and document.failed', async () => {
    const created = await call(server.apiKey, 'POST', '/v1/webhooks', {
      url: `${receiverUrl}/more`,
      events: ['feedback.created', 'conversation.escalated', 'batch.completed', 'document.failed'],
    });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    const events = () =>
      at('/more').map((r) => {
        expect(verifySignature(secret, r.headers['x-grounded-signature'] as string, r.body)).toMatchObject({
          ok: true,
        });
        return JSON.parse(r.body) as { event: string; data: Json };
      });

    // Any rating, up or down.
    const asked = await call(server.apiKey, 'POST', '/v1/chat', {
      collectionId,
      message: 'Within how many days can customers return a product?',
    });
    await call(server.apiKey, 'POST', `/v1/messages/${asked.body.messageId}/feedback`, { rating: 'up' });
    const feedback = await until('feedback.created', () =>
      events().find((e) => e.event === 'feedback.created'),
    );
    expect(feedback.data).toMatchObject({ messageId: asked.body.messageId, rating: 5 });

    // A handoff is also a conversation.escalated.
    const handed = await call(
      server.apiKey,
      'POST',
      `/v1/conversations/${asked.body.conversationId}/handoff`,
      {
        reason: 'customer_request',
      },
    );
    expect(handed.status).toBe(201);
    const escalated = await until('conversation.escalated', () =>
      events().find((e) => e.event === 'conversation.escalated'),
    );
    expect(escalated.data).toMatchObject({ handoffId: handed.body.handoffId, reason: 'customer_request' });

    // A document whose ingestion fails for good.
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.7 this is not really a PDF']), 'broken.pdf');
    const upload = await fetch(`${server.url}/v1/collections/${collectionId}/documents`, {
      method: 'POST',
      headers: server.auth,
      body: form,
    });
    const uploaded = (await upload.json()) as Json;
    expect(upload.status, JSON.stringify(uploaded)).toBe(202);
    const failed = await until('document.failed', () => events().find((e) => e.event === 'document.failed'));
    expect(failed.data).toMatchObject({
      documentId: uploaded.document.id,
      collectionId,
      filename: 'broken.pdf',
      error: { code: expect.any(String) },
    });

    // A sentiment batch that completes.
    const batchForm = new FormData();
    batchForm.append('textColumn', 'text');
    batchForm.append('file', new Blob(['text\nGreat service\nAwful delay\n']), 'b.csv');
    const batch = await fetch(`${server.url}/v1/sentiment/batches`, {
      method: 'POST',
      headers: server.auth,
      body: batchForm,
    });
    const batchBody = (await batch.json()) as Json;
    expect(batch.status, JSON.stringify(batchBody)).toBe(202);
    const completed = await until('batch.completed', () =>
      events().find((e) => e.event === 'batch.completed'),
    );
    expect(completed.data).toEqual({ batchId: batchBody.id, status: 'succeeded', rowsTotal: 2, rowsDone: 2 });
    // Each event once.
    expect(
      events()
        .map((e) => e.event)
        .sort(),
    ).toEqual(['batch.completed', 'conversation.escalated', 'document.failed', 'feedback.created']);
  }, 90_000);
});
