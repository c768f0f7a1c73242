import { AppError } from '@grounded/core';
import { rejectionOf } from '@grounded/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLexicalReranker } from './lexical-reranker';
import { createRemoteReranker, rerankUrl } from './remote-reranker';
import { type ModelServer, startModelServer } from './testing/model-server';
import { describeRerankerConformance } from './testing/reranker-conformance';

/**
 * Issue #17: the TEI-style remote reranker against a real HTTP server that scores with the
 * lexical reranker (real scoring, answered best-first as TEI does).
 */
let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(async () => {
  await server?.close();
});

// The lexical scorer weighs terms by their rarity among the passages of one request, so the
// conformance run keeps the default batch (32) and sends the suite's six passages together;
// batching is tested below.
describeRerankerConformance('remote (TEI /rerank over lexical scoring)', {
  create: async () => createRemoteReranker({ url: server.origin, retryBaseMs: 5 }),
  ranksByRelevance: true,
  closedCode: 'reranker_closed',
});

describe('remote reranker', () => {
  it('returns the server’s scores per passage, across batches of at most batchSize', async () => {
    const reranker = createRemoteReranker({ url: `${server.origin}/rerank`, batchSize: 2, retryBaseMs: 5 });
    const passages = ['the weather', 'reset the password', 'password', 'invoices monthly', 'reset'];
    const before = server.requests.length;
    const scores = await reranker.score('reset password', passages);
    const sent = server.requests.slice(before);
    expect(sent.map((r) => r.batch).sort()).toEqual([1, 2, 2]);
    expect(sent.every((r) => r.path === '/rerank')).toBe(true);
    // Each batch is scored by the server as the lexical reranker scores that batch.
    const lexical = createLexicalReranker();
    const expected = [
      ...(await lexical.score('reset password', passages.slice(0, 2))),
      ...(await lexical.score('reset password', passages.slice(2, 4))),
      ...(await lexical.score('reset password', passages.slice(4))),
    ];
    expect(scores).toEqual(expected.map((s) => expect.closeTo(s, 10)));
    expect(scores[1]).toBeGreaterThan(scores[0] as number);
  });

  it('retries a 503 and a 429, and reports reranker_timeout for a server that hangs', async () => {
    const reranker = createRemoteReranker({
      url: server.origin,
      retryBaseMs: 5,
      maxRetries: 2,
      timeoutMs: 150,
    });
    server.behaviour = { failFirst: [503, 429] };
    const before = server.requests.length;
    expect(await reranker.score('q', ['a q', 'b'])).toHaveLength(2);
    expect(server.requests.length - before).toBe(3);
    server.behaviour = { hangFirst: 3 };
    const error = await rejectionOf(reranker.score('q', ['a']));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('reranker_timeout');
    server.behaviour = {};
  });

  it('does not retry a 413 (batch too large): reranker_rejected', async () => {
    const reranker = createRemoteReranker({ url: server.origin, retryBaseMs: 5 });
    server.behaviour = { failFirst: [413] };
    const before = server.requests.length;
    expect(((await rejectionOf(reranker.score('q', ['a']))) as AppError).code).toBe('reranker_rejected');
    expect(server.requests.length - before).toBe(1);
    server.behaviour = {};
  });

  it('limits requests in flight', async () => {
    const reranker = createRemoteReranker({ url: server.origin, batchSize: 1, concurrency: 3 });
    server.behaviour = { delayMs: 40 };
    server.maxInFlight = 0;
    await reranker.score(
      'q',
      Array.from({ length: 9 }, (_, i) => `passage ${i}`),
    );
    expect(server.maxInFlight).toBe(3);
    server.behaviour = {};
  });

  it('rerankUrl appends /rerank once', () => {
    expect(rerankUrl('http://tei:8080')).toBe('http://tei:8080/rerank');
    expect(rerankUrl('http://tei:8080/rerank')).toBe('http://tei:8080/rerank');
    expect(rerankUrl('http://gw/tei/')).toBe('http://gw/tei/rerank');
  });
});
