import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestData, startTestServer, type TestServer, waitForJob } from '../test-server';

/**
 * Issue #7 reliability, part 4, the short variant CI runs: concurrent search and chat clients on
 * loopback for a few seconds, 0 errors and 0 non-2xx. The full one (50 clients for 60 s) is
 * `npm run bench -- --only load`.
 */
const SECONDS = 6;
const CONNECTIONS = 5;

let server: TestServer;
let collectionId: string;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' });
  const headers = { ...server.auth, 'content-type': 'application/json' };
  const created = await fetch(`${server.url}/v1/collections`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'load' }),
  });
  collectionId = ((await created.json()) as { id: string }).id;
  for (const text of [
    'The free trial lasts thirty days. After the trial, the plan renews monthly unless it is cancelled.',
    'To reset a password, open the account page and choose "forgot password". The link is valid for one hour.',
    'Refunds are paid within five working days to the card that was charged.',
  ]) {
    const upload = await fetch(`${server.url}/v1/collections/${collectionId}/documents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text }),
    });
    const { job } = (await upload.json()) as { job: { id: string } };
    expect((await waitForJob(server.url, job.id)).status).toBe('succeeded');
  }
});

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

function load(path: string, body: unknown): Promise<autocannon.Result> {
  return autocannon({
    url: `${server.url}${path}`,
    method: 'POST',
    headers: { ...server.auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 30,
  });
}

describe('load (short)', () => {
  it('serves concurrent search and chat clients with 0 errors', async () => {
    const [search, chat] = await Promise.all([
      load(`/v1/collections/${collectionId}/search`, { query: 'How long is the free trial?', k: 5 }),
      load('/v1/chat', { collectionId, message: 'How long is the free trial?' }),
    ]);
    // Search and chat share one event loop and one database queue, so under closed-loop clients
    // they progress in step: near-equal request counts and latencies are expected.
    for (const [name, result] of [
      ['search', search],
      ['chat', chat],
    ] as const) {
      console.log(
        `load ${name}: ${CONNECTIONS} clients ${SECONDS} s, ${result.requests.total} requests, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.errors} errors, ${result.non2xx} non-2xx`,
      );
      expect(result.requests.total, name).toBeGreaterThan(CONNECTIONS);
      expect(result.errors, name).toBe(0);
      expect(result.timeouts, name).toBe(0);
      expect(result.non2xx, name).toBe(0);
    }
    // Still correct after the load: the answer is grounded in the trial document.
    const answer = await fetch(`${server.url}/v1/chat`, {
      method: 'POST',
      headers: { ...server.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ collectionId, message: 'How long is the free trial?' }),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { answer: string }).answer).toMatch(/thirty days/);
  }, 60_000);
});
