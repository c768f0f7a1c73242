import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLexicalReranker } from '../lexical-reranker';
import { createTokenizer } from '../tokenize';
import type { Reranker } from '../types';
import { normalizeInPlace } from '../vector-math';

/**
 * A real HTTP model server for tests of the remote adapters: OpenAI `POST /v1/embeddings` and
 * TEI `POST /rerank`, over a real socket. It computes its answers: embeddings by a hashing
 * embedder (stemmed terms and character trigrams hashed into signed buckets, so texts sharing
 * words point the same way) or any Embedder-like function the test passes in; rerank scores by
 * the lexical reranker or any Reranker. Behaviours (failures, hangs, delays, a changed dimension)
 * are switched by the test, and it counts batches and requests in flight.
 */
export interface ModelServerBehaviour {
  /** Answer the next requests with these statuses, one each (with `Retry-After: 0`). */
  failFirst?: number[];
  /** Only requests to this path ('/rerank', '/v1/embeddings') meet failFirst; all when unset. */
  failPath?: string;
  /** Never answer the next this-many requests (the client's timeout must end them). */
  hangFirst?: number;
  /** Destroy the socket of the next this-many requests without answering (a network error). */
  dropFirst?: number;
  /** Wait this long before answering each request, so concurrency can be observed. */
  delayMs?: number;
  /** Vector size of the hashing embedder; changing it mid-test simulates a swapped model. */
  dimension?: number;
}

export interface ModelServerRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** Texts in this request (embedding inputs or rerank passages). */
  batch: number;
}

export interface ModelServer {
  /** The OpenAI-style base, e.g. http://127.0.0.1:PORT/v1. */
  embeddingsBaseUrl: string;
  /** The origin, for RERANKER_URL (/rerank is appended by the adapter). */
  origin: string;
  behaviour: ModelServerBehaviour;
  requests: ModelServerRequest[];
  /** Most requests the server was ever handling at the same moment. */
  maxInFlight: number;
  close(): Promise<void>;
}

export interface ModelServerOptions {
  embed?: (texts: string[]) => Promise<Float32Array[]>;
  reranker?: Reranker;
  behaviour?: ModelServerBehaviour;
}

/** FNV-1a, 32-bit. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A deterministic bag-of-features embedder: real vectors of any size, no model download. */
export function hashingEmbed(texts: readonly string[], dimension: number): Float32Array[] {
  const tokenize = createTokenizer();
  return texts.map((text) => {
    const v = new Float32Array(dimension);
    const features = tokenize(text);
    const lower = text.toLowerCase();
    for (let i = 0; i + 3 <= lower.length; i++) features.push(`#${lower.slice(i, i + 3)}`);
    for (const feature of features) {
      const h = hash(feature);
      v[h % dimension] = (v[h % dimension] as number) + ((h >>> 31) & 1 ? 1 : -1);
    }
    // A text with no features (empty) still gets a unit vector, as real models give.
    if (features.length === 0) v[0] = 1;
    return normalizeInPlace(v);
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      data += chunk;
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  const reranker = options.reranker ?? createLexicalReranker();
  const state: ModelServer = {
    embeddingsBaseUrl: '',
    origin: '',
    behaviour: options.behaviour ?? {},
    requests: [],
    maxInFlight: 0,
    close: async () => undefined,
  };
  let inFlight = 0;
  const hanging = new Set<ServerResponse>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      json(res, 400, { error: { message: 'body is not JSON' } });
      return;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const input = path === '/rerank' ? body.texts : body.input;
    const texts = typeof input === 'string' ? [input] : Array.isArray(input) ? (input as string[]) : [];
    state.requests.push({ path, headers: req.headers, body, batch: texts.length });
    const b = state.behaviour;
    if (b.hangFirst && b.hangFirst > 0) {
      b.hangFirst--;
      hanging.add(res);
      return;
    }
    if (b.dropFirst && b.dropFirst > 0) {
      b.dropFirst--;
      req.socket.destroy();
      return;
    }
    const failure = b.failPath === undefined || b.failPath === path ? b.failFirst?.shift() : undefined;
    if (failure !== undefined) {
      res.writeHead(failure, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end(JSON.stringify({ error: { message: `status ${failure}` } }));
      return;
    }
    if (b.delayMs) await new Promise((resolve) => setTimeout(resolve, b.delayMs));
    if (path === '/v1/embeddings') {
      if (!Array.isArray(input) && typeof input !== 'string') {
        json(res, 422, { error: { message: 'input must be a string or an array of strings' } });
        return;
      }
      const vectors = options.embed ? await options.embed(texts) : hashingEmbed(texts, b.dimension ?? 64);
      // Shuffled, as servers may answer out of order: the index field is what ties them to inputs.
      const data = vectors
        .map((v, index) => ({ object: 'embedding', index, embedding: Array.from(v) }))
        .reverse();
      json(res, 200, {
        object: 'list',
        model: body.model,
        data,
        usage: { prompt_tokens: 0, total_tokens: 0 },
      });
      return;
    }
    if (path === '/rerank') {
      if (typeof body.query !== 'string' || !Array.isArray(body.texts)) {
        json(res, 422, { error: 'query and texts are required' });
        return;
      }
      const scores = await reranker.score(body.query, texts);
      // TEI's order: best first.
      const ranked = scores.map((score, index) => ({ index, score })).sort((a, b) => b.score - a.score);
      json(res, 200, ranked);
      return;
    }
    json(res, 404, { error: { message: `no route ${path}` } });
  }

  const server: Server = createServer((req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      inFlight--;
    };
    res.on('close', done);
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { message: String(error) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  state.origin = `http://127.0.0.1:${port}`;
  state.embeddingsBaseUrl = `${state.origin}/v1`;
  state.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
