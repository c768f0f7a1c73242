import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestData, startTestServer, type TestServer } from './test-server';

/**
 * `embedder_texts_total / embedder_seconds_total` is the model's throughput. Questions the query
 * cache answers never reach the model, so they must not count: the counter once wrapped the cache.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

async function embeddedTexts(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`, { headers: server.auth })).text();
  const line = text.split('\n').find((l) => l.startsWith('embedder_texts_total{'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('embedder metrics', () => {
  it('count the texts the model embedded, not the ones the query cache answered', async () => {
    const { embedder } = server.container;
    const before = await embeddedTexts();
    await embedder.embed(['How long is the free trial?'], { cacheScope: 'metrics-test' });
    expect(await embeddedTexts()).toBe(before + 1);
    for (let i = 0; i < 3; i++) {
      await embedder.embed(['How long is the free trial?'], { cacheScope: 'metrics-test' });
    }
    expect(await embeddedTexts()).toBe(before + 1);
    await embedder.embed(['Can I pay by invoice?', 'How long is the free trial?'], {
      cacheScope: 'metrics-test',
    });
    expect(await embeddedTexts()).toBe(before + 2);
  });
});
