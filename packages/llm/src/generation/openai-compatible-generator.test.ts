import { createServer } from 'node:net';
import { AppError } from '@grounded/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  collect,
  describeGeneratorConformance,
  measureTokensPerSecond,
} from '../testing/generator-conformance';
import { startOpenAiTestServer, type TestServer } from '../testing/openai-test-server';
import { createOpenAiCompatibleGenerator } from './openai-compatible-generator';
import type { GenerationRequest } from './types';

let server: TestServer;
beforeAll(async () => {
  server = await startOpenAiTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.behaviour = {};
});

const request = (): GenerationRequest => ({
  messages: [
    { role: 'system', content: 'Answer briefly.' },
    { role: 'user', content: 'the quick brown fox jumps over the lazy dog' },
  ],
  sources: [],
  question: 'the quick brown fox',
});

const make = (extra: Partial<Parameters<typeof createOpenAiCompatibleGenerator>[0]> = {}) =>
  createOpenAiCompatibleGenerator({ baseUrl: server.baseUrl, model: 'test-model', retryBaseMs: 5, ...extra });

describeGeneratorConformance('OpenAI-compatible HTTP (local test server)', {
  create: async () => make(),
  request,
  modelBacked: true,
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('OpenAI-compatible generator', () => {
  it('sends the model, messages, stop, auth and asks for usage; reads usage from the final chunk', async () => {
    const before = server.requests.length;
    const events = await collect(
      make({ apiKey: 'sk-test' }).generate({ ...request(), maxTokens: 4, stop: ['END'] }),
    );
    const sent = server.requests[before];
    expect(sent?.headers.authorization).toBe('Bearer sk-test');
    expect(sent?.body).toMatchObject({ model: 'test-model', stream: true, max_tokens: 4, stop: ['END'] });
    const text = events.map((e) => (e.type === 'delta' ? e.text : '')).join('');
    expect(text).toBe('the quick brown fox');
    const end = events.at(-1);
    // The server counts prompt words (2 + 9): only the final usage chunk could have said 11.
    expect(end).toEqual({
      type: 'end',
      stopReason: 'length',
      usage: { promptTokens: 11, completionTokens: 4 },
    });
  });

  it('retries 503 and 429 before the first byte, then succeeds', async () => {
    server.behaviour = { failFirst: [503, 429] };
    const before = server.requests.length;
    const events = await collect(make({ maxRetries: 2 }).generate(request()));
    expect(server.requests.length - before).toBe(3);
    expect(events.at(-1)).toMatchObject({ type: 'end', stopReason: 'stop' });
  });

  it('gives up with a retryable generator_unavailable after maxRetries', async () => {
    server.behaviour = { failFirst: [500, 502, 503] };
    const before = server.requests.length;
    const error = await failure(collect(make({ maxRetries: 1 }).generate(request())));
    expect(error.code).toBe('generator_unavailable');
    expect(error.retryable).toBe(true);
    expect(server.requests.length - before).toBe(2);
  });

  it('does not retry a 400 and reports generator_rejected', async () => {
    server.behaviour = { failFirst: [400] };
    const before = server.requests.length;
    const error = await failure(collect(make().generate(request())));
    expect(error.code).toBe('generator_rejected');
    expect(server.requests.length - before).toBe(1);
  });

  it('reports generator_timeout when the server never answers', async () => {
    server.behaviour = { hang: true };
    const error = await failure(collect(make({ timeoutMs: 150, maxRetries: 0 }).generate(request())));
    expect(error.code).toBe('generator_timeout');
    expect(error.retryable).toBe(true);
  });

  it('reports generator_unavailable when nothing listens, after retrying', async () => {
    // A port that was free a moment ago: connection refused.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const generator = createOpenAiCompatibleGenerator({
      baseUrl: `http://127.0.0.1:${port}/v1`,
      model: 'm',
      retryBaseMs: 5,
      maxRetries: 2,
    });
    const error = await failure(collect(generator.generate(request())));
    expect(error.code).toBe('generator_unavailable');
    expect(error.details).toMatchObject({ attempts: 3 });
    // A client sees this message (chat's error event): the server's address is for the log only.
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(String(port));
    expect(error.cause).toBeDefined();
  });

  it('reports a connection dropped mid-stream as generator_unavailable after the deltas it got', async () => {
    server.behaviour = { dropAfter: 3, chunkDelayMs: 5 };
    const events: unknown[] = [];
    const error = await failure(
      (async () => {
        for await (const e of make().generate(request())) events.push(e);
      })(),
    );
    expect(error.code).toBe('generator_unavailable');
    expect(events.length).toBe(3);
  });

  it('reports throughput against the local server', async () => {
    server.behaviour = { chunkDelayMs: 0 };
    const tps = await measureTokensPerSecond(make(), { ...request(), maxTokens: 100 });
    console.info(
      `OpenAI-compatible adapter vs local test server: ${tps.toFixed(0)} tokens/s (protocol overhead only)`,
    );
    expect(tps).toBeGreaterThan(0);
  });
});
