import { AppError, modelLoadFailed, resolveModelSource, type TransformersModelOptions } from '@grounded/core';
import type { Embedder } from './types';
import { batches, normalizeInPlace } from './vector-math';

export interface TransformersEmbedderOptions extends TransformersModelOptions {
  batchSize?: number;
  /** How token vectors become one sentence vector; 'mean' suits sentence-transformers models, 'cls' BGE. */
  pooling?: 'mean' | 'cls';
}

interface FeatureTensor {
  dims: number[];
  data: Float32Array | number[];
  dispose?(): void;
}
type FeatureExtractor = ((texts: string[], options: Record<string, unknown>) => Promise<FeatureTensor>) & {
  dispose?(): Promise<void>;
};

/**
 * Any Hugging Face ONNX feature-extraction model through transformers.js (`@huggingface/transformers`),
 * from a local folder by default, on CPU or CUDA. The id is `hf:<model>` so a collection records
 * which model built it.
 */
export async function createTransformersEmbedder(options: TransformersEmbedderOptions): Promise<Embedder> {
  const { modelRef, location, loadOptions } = resolveModelSource(options);
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 32));
  const pooling = options.pooling ?? 'mean';
  let extractor: FeatureExtractor;
  try {
    const { pipeline } = await import('@huggingface/transformers');
    extractor = (await pipeline('feature-extraction', modelRef, loadOptions)) as unknown as FeatureExtractor;
  } catch (cause) {
    throw modelLoadFailed(options, location, cause);
  }
  // One probe learns the output size, so `dimension` is known before the first real call.
  const probe = await extractor(['dimension probe'], { pooling, normalize: true });
  const dimension = probe.dims.at(-1) ?? 0;
  probe.dispose?.();
  if (dimension <= 0)
    throw modelLoadFailed(options, location, new Error('model produced no embedding dimension'));
  let closed = false;

  return {
    id: `hf:${options.model}`,
    dimension,
    async embed(texts, embedOptions) {
      if (closed) throw new AppError('embedder_closed', `the embedder hf:${options.model} was closed`);
      const out: Float32Array[] = [];
      for (const batch of batches(texts, embedOptions?.alone ? 1 : batchSize)) {
        if (embedOptions?.signal?.aborted) {
          throw new AppError('aborted', 'embedding was aborted', { cause: embedOptions.signal.reason });
        }
        const tensor = await extractor(batch, { pooling, normalize: true });
        const data = tensor.data;
        for (let row = 0; row < batch.length; row++) {
          const slice = Float32Array.from(data.slice(row * dimension, (row + 1) * dimension));
          // The pipeline normalizes already; renormalizing guards against fp16 drift.
          out.push(normalizeInPlace(slice));
        }
        tensor.dispose?.();
      }
      return out;
    },
    async close() {
      if (closed) return;
      closed = true;
      await extractor.dispose?.();
    },
  };
}
