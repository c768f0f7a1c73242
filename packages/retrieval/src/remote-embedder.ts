import { AppError } from '@grounded/core';
import { z } from 'zod';
import { abortedError, ConcurrencyLimit, callSettings, postJson } from './remote-http';
import type { Embedder } from './types';
import { batches, normalizeInPlace } from './vector-math';

export interface RemoteEmbedderOptions {
  /**
   * The server's OpenAI-compatible base, e.g. 'http://tei:8080/v1', 'http://vllm:8000/v1',
   * 'http://ollama:11434/v1' or 'https://api.openai.com/v1': `/embeddings` is appended. A URL
   * that already ends in `/embeddings` is used as is, and a bare origin gets `/v1/embeddings`.
   */
  url: string;
  /** Sent as `model`, and part of the embedder's identity (TEI ignores it but still needs one). */
  model: string;
  apiKey?: string;
  /**
   * The vector size the collection will hold. Set: every vector is checked against it and no
   * probe is sent at start-up. Unset: one probe request at creation learns it.
   */
  dimensions?: number;
  /** Texts per request (TEI's default --max-client-batch-size is 32). Default 32. */
  batchSize?: number;
  /** Requests in flight at once, over all calls of this embedder. Default 4. */
  concurrency?: number;
  /** Limit for one request, in ms. Default 30 000. */
  timeoutMs?: number;
  /** Retries on 429, 5xx, connection errors and timeouts. Default 3. */
  maxRetries?: number;
  /** First backoff in ms, doubled each retry (tests shorten it). Default 250. */
  retryBaseMs?: number;
}

// Vectors as float arrays, or base64 little-endian float32 (what OpenAI sends for encoding_format
// 'base64'; we ask for 'float', but a proxy may still choose base64).
const EmbeddingsResponse = z.looseObject({
  data: z.array(
    z.looseObject({
      index: z.number().int().min(0).optional(),
      embedding: z.union([z.array(z.number()), z.string()]),
    }),
  ),
});

/** Where the OpenAI-compatible embeddings endpoint of `base` is (see RemoteEmbedderOptions.url). */
export function embeddingsUrl(base: string): string {
  const url = new URL(base);
  const trimmed = url.pathname.replace(/\/+$/u, '');
  if (trimmed.endsWith('/embeddings')) url.pathname = trimmed;
  else if (trimmed === '') url.pathname = '/v1/embeddings';
  else url.pathname = `${trimmed}/embeddings`;
  return url.toString();
}

/** The identity a collection records: the server (host and port) and the model it serves. */
export function remoteEmbedderId(url: string, model: string): string {
  return `remote:${new URL(url).host}/${model}`;
}

function decodeVector(embedding: number[] | string): Float32Array {
  if (typeof embedding !== 'string') return Float32Array.from(embedding);
  const bytes = Buffer.from(embedding, 'base64');
  // Copied into an aligned buffer: a Buffer's offset into Node's pool need not be a multiple of 4.
  return new Float32Array(new Uint8Array(bytes).buffer, 0, Math.floor(bytes.length / 4));
}

/**
 * An embedder served by an inference server over the OpenAI `/v1/embeddings` protocol (TEI,
 * vLLM, Ollama, OpenAI): how a deployment moves embedding to a GPU tier. Texts are cut into
 * batches sent concurrently (up to `concurrency` requests over all calls), each retried with
 * backoff; order is kept by the `index` of each answer. Every vector must have the collection's
 * dimension: a server that changed model mid-way is caught here, not in the index.
 */
export async function createRemoteEmbedder(options: RemoteEmbedderOptions): Promise<Embedder> {
  const url = embeddingsUrl(options.url);
  const id = remoteEmbedderId(url, options.model);
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 32));
  const limit = new ConcurrencyLimit(Math.max(1, Math.floor(options.concurrency ?? 4)));
  const settings = callSettings(options, { timeoutMs: 30_000, maxRetries: 3 });
  let dimension = options.dimensions ?? 0;
  let closed = false;

  async function embedBatch(texts: string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    const raw = await limit.run(
      () =>
        postJson(
          url,
          { model: options.model, input: texts, encoding_format: 'float' },
          settings,
          'embedder',
          signal,
        ),
      signal,
    );
    const parsed = EmbeddingsResponse.safeParse(raw);
    if (!parsed.success || parsed.data.data.length !== texts.length) {
      throw new AppError(
        'embedder_bad_response',
        parsed.success
          ? `${id} returned ${parsed.data.data.length} vectors for ${texts.length} texts`
          : `${id} answered without an OpenAI embeddings list`,
        { details: { embedder: id, ...(parsed.success ? {} : { issues: parsed.error.issues.slice(0, 3) }) } },
      );
    }
    const out: Float32Array[] = new Array(texts.length);
    for (const [position, item] of parsed.data.data.entries()) {
      const index = item.index ?? position;
      const vector = decodeVector(item.embedding);
      if (vector.length !== dimension) {
        throw new AppError(
          'embedding_dimension_mismatch',
          `${id} returned a ${vector.length}-dimension vector; this embedder holds ${dimension}`,
          { details: { embedder: id, expected: dimension, received: vector.length } },
        );
      }
      if (index >= texts.length || out[index] !== undefined) {
        throw new AppError(
          'embedder_bad_response',
          `${id} returned vector index ${index} twice or out of range`,
          {
            details: { embedder: id, index },
          },
        );
      }
      // OpenAI's vectors are unit length already; Ollama's and some TEI models' are not.
      out[index] = normalizeInPlace(vector);
    }
    return out;
  }

  async function embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (closed) throw new AppError('embedder_closed', `the embedder ${id} was closed`);
    if (signal?.aborted) throw abortedError(signal);
    if (texts.length === 0) return [];
    // OpenAI rejects an empty string in `input`; a space embeds to the same "nothing" vector.
    const inputs = texts.map((t) => (t.trim() === '' ? ' ' : t));
    // The first failed batch stops the others (queued or in flight): the call fails anyway.
    const stop = new AbortController();
    const linked = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    try {
      const results = await Promise.all(batches(inputs, batchSize).map((batch) => embedBatch(batch, linked)));
      return results.flat();
    } catch (error) {
      stop.abort();
      throw error;
    }
  }

  if (dimension === 0) {
    // One probe learns the size, so `dimension` is known before a collection is created.
    const probe = await limit.run(() =>
      postJson(
        url,
        { model: options.model, input: ['dimension probe'], encoding_format: 'float' },
        settings,
        'embedder',
      ),
    );
    const first = EmbeddingsResponse.safeParse(probe);
    const size = first.success && first.data.data[0] ? decodeVector(first.data.data[0].embedding).length : 0;
    if (size <= 0) {
      throw new AppError('embedder_bad_response', `${id} answered the dimension probe without a vector`, {
        details: { embedder: id },
      });
    }
    dimension = size;
  }

  return {
    id,
    dimension,
    embed: (texts, embedOptions) => embed(texts, embedOptions?.signal),
    async close() {
      closed = true;
    },
  };
}
