import { AppError } from '@grounded/core';
import { rejectionOf } from '@grounded/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteEmbedder, embeddingsUrl, type RemoteEmbedderOptions } from './remote-embedder';
import { embedderConformance } from './testing/embedder-conformance';
import { hashingEmbed, type ModelServer, startModelServer } from './testing/model-server';
import type { Embedder } from './types';
import { dot } from './vector-math';

/**
 * Issue #17: the remote embedder against a real HTTP server on a real socket, which computes
 * its vectors (a hashing embedder), fails, hangs or changes dimension when the test says so.
 */
let server: ModelServer;
let embedder: Embedder;

function make(extra: Partial<RemoteEmbedderOptions> = {}): Promise<Embedder> {
  return createRemoteEmbedder({
    url: server.embeddingsBaseUrl,
    model: 'hashing-64',
    retryBaseMs: 5,
    ...extra,
  });
}

beforeAll(async () => {
  server = await startModelServer({ behaviour: { dimension: 64 } });
  // batchSize 2: the conformance suite's five texts go out as three requests.
  embedder = await make({ batchSize: 2 });
});
afterAll(async () => {
  await embedder?.close();
  await server?.close();
});
afterEach(() => {
  server.behaviour = { dimension: 64 };
});

describe('remote embedder (OpenAI /v1/embeddings on a real local server)', () => {
  embedderConformance(() => embedder);

  it('learns the dimension with one probe, names host and model in its id, sends the key', async () => {
    expect(embedder.dimension).toBe(64);
    expect(embedder.id).toBe(`remote:${new URL(server.origin).host}/hashing-64`);
    const keyed = await make({ apiKey: 'sk-test', dimensions: 64 });
    const before = server.requests.length;
    await keyed.embed(['hello']);
    // Configured dimension: no probe, just the one request, carrying the key and the model.
    expect(server.requests.length).toBe(before + 1);
    const last = server.requests.at(-1);
    expect(last?.headers.authorization).toBe('Bearer sk-test');
    expect(last?.body).toMatchObject({ model: 'hashing-64', input: ['hello'], encoding_format: 'float' });
  });

  it('returns the vectors the server computed, in input order although it answers reversed', async () => {
    const texts = ['reset your password', 'quarterly revenue', 'password reset steps'];
    const vectors = await embedder.embed(texts);
    const expected = hashingEmbed(texts, 64);
    for (const [i, v] of vectors.entries()) expect(dot(v, expected[i] as Float32Array)).toBeCloseTo(1, 5);
    // And the vectors carry meaning the client did not invent: shared words → closer.
    expect(dot(vectors[0]!, vectors[2]!)).toBeGreaterThan(dot(vectors[0]!, vectors[1]!));
  });

  it('sends at most batchSize texts per request', async () => {
    const batched = await make({ batchSize: 3, dimensions: 64 });
    const before = server.requests.length;
    const texts = Array.from({ length: 10 }, (_, i) => `sentence ${i}`);
    expect(await batched.embed(texts)).toHaveLength(10);
    const sizes = server.requests.slice(before).map((r) => r.batch);
    expect(sizes.sort()).toEqual([1, 3, 3, 3]);
  });

  it('never has more than `concurrency` requests in flight, over concurrent calls', async () => {
    server.behaviour.delayMs = 40;
    const limited = await make({ batchSize: 1, concurrency: 2, dimensions: 64 });
    server.maxInFlight = 0;
    const texts = Array.from({ length: 6 }, (_, i) => `text ${i}`);
    await Promise.all([limited.embed(texts), limited.embed(texts)]);
    expect(server.maxInFlight).toBe(2);
    // Without the limit the same calls run 12 requests at once: the count above is the limit's.
    const wide = await make({ batchSize: 1, concurrency: 64, dimensions: 64 });
    server.maxInFlight = 0;
    await Promise.all([wide.embed(texts), wide.embed(texts)]);
    expect(server.maxInFlight).toBeGreaterThan(2);
  });

  it('retries after a 500, a 429 and a dropped connection, then succeeds', async () => {
    server.behaviour.failFirst = [500, 429];
    server.behaviour.dropFirst = 0;
    const before = server.requests.length;
    const [vector] = await embedder.embed(['retry me']);
    expect(dot(vector!, hashingEmbed(['retry me'], 64)[0]!)).toBeCloseTo(1, 5);
    expect(server.requests.length - before).toBe(3);

    server.behaviour.dropFirst = 1;
    const again = server.requests.length;
    expect(await embedder.embed(['after a drop'])).toHaveLength(1);
    expect(server.requests.length - again).toBe(2);
  });

  it('gives up after maxRetries with a retryable embedder_unavailable', async () => {
    server.behaviour.failFirst = [503, 503, 503];
    const strict = await make({ maxRetries: 2, dimensions: 64 });
    const before = server.requests.length;
    const error = await rejectionOf(strict.embed(['x']));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('embedder_unavailable');
    expect((error as AppError).retryable).toBe(true);
    expect(server.requests.length - before).toBe(3);
  });

  it('does not retry a 400 or a 401: embedder_rejected', async () => {
    server.behaviour.failFirst = [401];
    const before = server.requests.length;
    const error = await rejectionOf(embedder.embed(['x']));
    expect((error as AppError).code).toBe('embedder_rejected');
    expect((error as AppError).details).toMatchObject({ status: 401 });
    expect(server.requests.length - before).toBe(1);
  });

  it('times out a request that never answers, retries it, and reports embedder_timeout', async () => {
    server.behaviour.hangFirst = 2;
    const impatient = await make({ timeoutMs: 150, maxRetries: 1, dimensions: 64 });
    const started = performance.now();
    const error = await rejectionOf(impatient.embed(['hang']));
    const elapsed = performance.now() - started;
    expect((error as AppError).code).toBe('embedder_timeout');
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(5000);
    // A later timeout is per attempt: after one hang the retry answers.
    server.behaviour.hangFirst = 1;
    expect(await impatient.embed(['hang once'])).toHaveLength(1);
  });

  it("stops waiting when the caller's signal aborts mid-request", async () => {
    server.behaviour.hangFirst = 1;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejectionOf(embedder.embed(['x'], { signal: controller.signal }));
    expect((error as AppError).code).toBe('aborted');
  });

  it('rejects a vector of another dimension with embedding_dimension_mismatch', async () => {
    const fixed = await make({ dimensions: 64 });
    server.behaviour.dimension = 32;
    const error = await rejectionOf(fixed.embed(['a different model answers']));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('embedding_dimension_mismatch');
    expect((error as AppError).details).toMatchObject({ expected: 64, received: 32 });
    // The probed (first-seen) dimension is held to the same rule.
    const probed = await make();
    expect(probed.dimension).toBe(32);
    server.behaviour.dimension = 64;
    expect(((await rejectionOf(probed.embed(['x']))) as AppError).code).toBe('embedding_dimension_mismatch');
  });

  it('refuses after close with embedder_closed', async () => {
    const other = await make({ dimensions: 64 });
    await other.close();
    expect(((await rejectionOf(other.embed(['x']))) as AppError).code).toBe('embedder_closed');
  });

  it('fails to start, clearly, when nothing listens', async () => {
    const error = await rejectionOf(
      createRemoteEmbedder({ url: 'http://127.0.0.1:9/v1', model: 'm', maxRetries: 1, retryBaseMs: 5 }),
    );
    expect((error as AppError).code).toBe('embedder_unavailable');
  });
});

describe('embeddingsUrl', () => {
  it('appends /embeddings to a base, keeps a full endpoint, and gives a bare origin /v1', () => {
    expect(embeddingsUrl('http://tei:8080/v1')).toBe('http://tei:8080/v1/embeddings');
    expect(embeddingsUrl('http://tei:8080/v1/')).toBe('http://tei:8080/v1/embeddings');
    expect(embeddingsUrl('https://x.example/openai/v1/embeddings')).toBe(
      'https://x.example/openai/v1/embeddings',
    );
    expect(embeddingsUrl('http://ollama:11434')).toBe('http://ollama:11434/v1/embeddings');
  });
});
