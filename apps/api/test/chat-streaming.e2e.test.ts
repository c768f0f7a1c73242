import { ChatService } from '@grounded/chat';
import { AppError } from '@grounded/core';
import type { GenerationEvent, GenerationRequest, Generator } from '@grounded/llm';
import express from 'express';
import { pinoHttp } from 'pino-http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { errorMiddleware } from '../src/http/error-middleware';
import { routerOf } from '../src/http/routes';
import { setCaller } from '../src/http/tenant';
import { chatRoutes } from '../src/routes/chat-routes';
import { collectionWith, FAQ, parseSse, postJson } from './chat-test-helpers';
import { removeTestData, startTestServer, type TestServer } from './test-server';

/**
 * SSE behaviour of POST /v1/chat with a streaming fixture generator (a scripted model: no real
 * generative weights exist here): invalid citations are removed while streaming, heartbeats
 * flow while the model is slow, and a client that disconnects aborts the generation.
 */
class ScriptedGenerator implements Generator {
  readonly id = 'scripted';
  readonly contextWindow = 8192;
  emitted = 0;
  sawAbort = false;
  finished = false;

  constructor(
    private readonly pieces: string[],
    private readonly timing: { firstDelayMs?: number; delayMs?: number } = {},
  ) {}

  countTokens(text: string): number {
    return Math.ceil(text.length / 4);
  }

  async *generate(request: GenerationRequest): AsyncIterable<GenerationEvent> {
    const usage = () => ({ promptTokens: 10, completionTokens: this.emitted });
    for (const [i, piece] of this.pieces.entries()) {
      await sleep(i === 0 ? (this.timing.firstDelayMs ?? 0) : (this.timing.delayMs ?? 0), request.signal);
      if (request.signal?.aborted) {
        this.sawAbort = true;
        yield { type: 'end', stopReason: 'abort', usage: usage() };
        return;
      }
      this.emitted++;
      yield { type: 'delta', text: piece };
    }
    this.finished = true;
    yield { type: 'end', stopReason: 'stop', usage: usage() };
  }

  async close(): Promise<void> {}
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

let server: TestServer;
let collectionId: string;
let original: ChatService;

function useGenerator(generator: Generator): void {
  server.container.chat = new ChatService({ search: server.container.search, generator });
}

beforeAll(async () => {
  server = await startTestServer();
  original = server.container.chat;
  collectionId = await collectionWith(server, 'streaming', [FAQ]);
});

afterEach(() => {
  server.container.chat = original;
});

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

describe('chat over SSE', () => {
  it('removes citations to sources that were not provided, even when a marker is split across deltas', async () => {
    useGenerator(
      new ScriptedGenerator([
        'The free trial lasts 30 days [',
        '1]. It is ',
        'free forever [',
        '7',
        '].',
        ' Cards are optional [1, 9].',
      ]),
    );
    const response = await postJson(
      server,
      '/v1/chat',
      { collectionId, message: 'How long is the free trial?' },
      { accept: 'text/event-stream' },
    );
    const events = parseSse(await response.text());
    const end = events.find((e) => e.event === 'answer-end')!.data as {
      answer: string;
      invalidCitations: number[];
      citations: { number: number }[];
      highlights: { start: number; end: number; text: string; citation: number }[];
      generator: string;
    };
    expect(end.generator).toBe('scripted');
    // The asked fact is marked in any generator's answer, on the claim that cites it.
    expect(end.highlights).toMatchObject([{ text: '30 days', citation: 1 }]);
    expect(end.answer.slice(end.highlights[0]!.start, end.highlights[0]!.end)).toBe('30 days');
    expect(end.answer).toBe('The free trial lasts 30 days [1]. It is free forever. Cards are optional [1].');
    expect(end.invalidCitations).toEqual([7, 9]);
    expect(end.citations.map((c) => c.number)).toEqual([1]);
    const streamed = events
      .filter((e) => e.event === 'answer-delta')
      .map((e) => (e.data as { text: string }).text)
      .join('');
    expect(streamed).toBe(end.answer);
    const announced = events.filter((e) => e.event === 'citation-added');
    expect(announced.map((e) => (e.data as { citation: { number: number } }).citation.number)).toEqual([1]);
  });

  it('sends heartbeat comments while a slow model has not answered yet', async () => {
    useGenerator(new ScriptedGenerator(['Thirty days [1].'], { firstDelayMs: 400 }));
    // The same routes on an app with a short heartbeat, the caller set as auth would set it.
    const app = express();
    app.use(pinoHttp({ logger: server.container.logger }));
    app.use(express.json());
    app.use((req, _res, next) => {
      setCaller(req, { tenantId: 'default', role: 'admin', credentialId: 'test', subjectId: 'test' });
      next();
    });
    app.use(routerOf(chatRoutes(server.container, { heartbeatMs: 50 }), () => []));
    app.use(errorMiddleware({ logger: server.container.logger, exposeInternals: false }));
    const listener = await new Promise<import('node:http').Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const address = listener.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${address.port}/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ collectionId, message: 'How long is the free trial?' }),
      });
      const events = parseSse(await response.text());
      const firstDelta = events.findIndex((e) => e.event === 'answer-delta');
      const heartbeats = events.slice(0, firstDelta).filter((e) => e.event === ':comment');
      expect(heartbeats.length).toBeGreaterThanOrEqual(3);
      expect(events.at(-1)!.event).toBe('answer-end');
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it('aborts the generation when the client disconnects, and stores the partial answer as aborted', async () => {
    const pieces = Array.from({ length: 200 }, (_, i) => `word${i} `);
    const generator = new ScriptedGenerator(pieces, { delayMs: 20 });
    useGenerator(generator);
    const response = await postJson(
      server,
      '/v1/chat',
      { collectionId, message: 'Tell me everything about the free trial.' },
      { accept: 'text/event-stream' },
    );
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('event: answer-delta')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    const deadline = Date.now() + 5000;
    while (!generator.sawAbort && Date.now() < deadline) await sleep(20);
    expect(generator.sawAbort).toBe(true);
    expect(generator.finished).toBe(false);
    expect(generator.emitted).toBeLessThan(pieces.length);

    // The partial answer is kept, marked as aborted (and left out of later history).
    const stored = async () =>
      (
        await server.container.db.query<{ stop_reason: string; content: string }>(
          `select stop_reason, content from messages where role = 'assistant' and generator = 'scripted'
           and content like 'word0 %'`,
        )
      ).rows[0];
    while (!(await stored()) && Date.now() < deadline) await sleep(20);
    expect(await stored()).toMatchObject({ stop_reason: 'abort' });
  });

  it('reports a failure after the stream started as an error event with its status', async () => {
    const failing: Generator = {
      id: 'failing',
      contextWindow: 8192,
      countTokens: (text) => text.length,
      async *generate() {
        yield { type: 'delta', text: 'Partial' };
        throw new AppError('generator_unavailable', 'model went away');
      },
      close: async () => undefined,
    };
    useGenerator(failing);
    const response = await postJson(
      server,
      '/v1/chat',
      { collectionId, message: 'How long is the free trial?' },
      { accept: 'text/event-stream' },
    );
    const events = parseSse(await response.text());
    const error = events.find((e) => e.event === 'error')!.data as { code: string; status: number };
    expect(error).toMatchObject({ code: 'generator_unavailable', status: 503 });
  });
});
