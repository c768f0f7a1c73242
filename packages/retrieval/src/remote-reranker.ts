import { AppError } from '@grounded/core';
import { z } from 'zod';
import { ConcurrencyLimit, callSettings, postJson } from './remote-http';
import type { Reranker } from './types';
import { batches } from './vector-math';

export interface RemoteRerankerOptions {
  /**
   * A TEI-style rerank server: 'http://tei-reranker:8080' (`/rerank` is appended) or the full
   * endpoint URL ending in `/rerank`.
   */
  url: string;
  /** Recorded in the reranker's id only (a TEI server serves one model). */
  model?: string;
  apiKey?: string;
  /** Passages per request (TEI's default --max-client-batch-size is 32). Default 32. */
  batchSize?: number;
  /** Requests in flight at once, over all calls. Default 4. */
  concurrency?: number;
  /** Limit for one request, in ms. Reranking sits on the query path, so the default is 10 000. */
  timeoutMs?: number;
  /** Retries on 429, 5xx, connection errors and timeouts. Default 1. */
  maxRetries?: number;
  retryBaseMs?: number;
}

// TEI answers `[{ index, score }]`, sorted by score, not by index.
const RerankResponse = z.array(z.looseObject({ index: z.number().int().min(0), score: z.number() }));

export function rerankUrl(base: string): string {
  const url = new URL(base);
  const trimmed = url.pathname.replace(/\/+$/u, '');
  url.pathname = trimmed.endsWith('/rerank') ? trimmed : `${trimmed}/rerank`;
  return url.toString();
}

/**
 * A cross-encoder served over HTTP by Hugging Face text-embeddings-inference (or anything with
 * its `POST /rerank` {query, texts} → [{index, score}] protocol). Scores are TEI's default
 * (sigmoid of the logit), the same for a passage whatever batch it is sent in.
 */
export function createRemoteReranker(options: RemoteRerankerOptions): Reranker & { close(): Promise<void> } {
  const url = rerankUrl(options.url);
  const id = `remote-rerank:${new URL(url).host}${options.model ? `/${options.model}` : ''}`;
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 32));
  const limit = new ConcurrencyLimit(Math.max(1, Math.floor(options.concurrency ?? 4)));
  const settings = callSettings(options, { timeoutMs: 10_000, maxRetries: 1 });
  let closed = false;

  async function scoreBatch(query: string, texts: string[]): Promise<number[]> {
    const raw = await limit.run(() =>
      postJson(url, { query, texts, raw_scores: false, return_text: false }, settings, 'reranker'),
    );
    const parsed = RerankResponse.safeParse(raw);
    const scores: number[] = new Array(texts.length).fill(Number.NaN);
    if (parsed.success)
      for (const { index, score } of parsed.data) if (index < texts.length) scores[index] = score;
    if (!parsed.success || parsed.data.length !== texts.length || scores.some((s) => !Number.isFinite(s))) {
      throw new AppError('reranker_bad_response', `${id} did not answer one score per passage`, {
        details: { reranker: id, passages: texts.length },
      });
    }
    return scores;
  }

  return {
    id,
    async score(query, passages) {
      if (closed) throw new AppError('reranker_closed', `the reranker ${id} was closed`);
      if (passages.length === 0) return [];
      const results = await Promise.all(
        batches(passages, batchSize).map((batch) => scoreBatch(query, batch)),
      );
      return results.flat();
    },
    async close() {
      closed = true;
    },
  };
}
