import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small real HTTP server speaking the OpenAI chat-completions streaming protocol, for testing
 * the OpenAI-compatible adapter over a real socket. It "generates" by cycling through the words
 * of the last user message, one word per chunk, so tests can predict lengths without a model.
 */
export interface TestServerBehaviour {
  /** Respond with these statuses first (one per request), then normally. */
  failFirst?: number[];
  /** Accept the connection but never answer. */
  hang?: boolean;
  /** Words to emit when the request has no max_tokens. */
  defaultWords?: number;
  /** Delay between chunks, ms. */
  chunkDelayMs?: number;
  /** Drop the connection after this many chunks. */
  dropAfter?: number;
}

export interface TestServer {
  baseUrl: string;
  requests: Array<{ headers: IncomingMessage['headers']; body: Record<string, unknown> }>;
  behaviour: TestServerBehaviour;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      data += c;
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startOpenAiTestServer(behaviour: TestServerBehaviour = {}): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const state: TestServer = { baseUrl: '', requests, behaviour, close: async () => undefined };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    requests.push({ headers: req.headers, body });
    const b = state.behaviour;
    if (b.hang) return;
    const failure = b.failFirst?.shift();
    if (failure !== undefined) {
      res.writeHead(failure, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end(JSON.stringify({ error: { message: `status ${failure}` } }));
      return;
    }
    if (req.url !== '/v1/chat/completions' || body.stream !== true) {
      res.writeHead(404).end();
      return;
    }
    const messages = (body.messages as Array<{ role: string; content: string }>) ?? [];
    const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content ?? 'hello';
    const words = lastUser.split(/\s+/u).filter(Boolean);
    const max = typeof body.max_tokens === 'number' ? body.max_tokens : undefined;
    const count = max ?? b.defaultWords ?? 12;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (obj: unknown) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    for (let i = 0; i < count && !closed; i++) {
      if (b.dropAfter !== undefined && i === b.dropAfter) {
        res.socket?.destroy();
        return;
      }
      const word = words[i % words.length] ?? 'word';
      send({
        id: 'c1',
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: { content: i === 0 ? word : ` ${word}` }, finish_reason: null }],
      });
      await sleep(b.chunkDelayMs ?? 2);
    }
    if (closed) return;
    send({
      id: 'c1',
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: {}, finish_reason: max !== undefined ? 'length' : 'stop' }],
    });
    const options = body.stream_options as { include_usage?: boolean } | undefined;
    if (options?.include_usage) {
      const promptTokens = messages.reduce((n, m) => n + m.content.split(/\s+/u).length, 0);
      send({
        id: 'c1',
        object: 'chat.completion.chunk',
        choices: [],
        usage: { prompt_tokens: promptTokens, completion_tokens: count, total_tokens: promptTokens + count },
      });
    }
    res.write('data: [DONE]\n\n');
    res.end();
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}/v1`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
