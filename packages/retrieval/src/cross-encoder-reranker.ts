import { AppError, modelLoadFailed, resolveModelSource, type TransformersModelOptions } from '@grounded/core';
import type { Reranker } from './types';
import { batches } from './vector-math';

export interface CrossEncoderRerankerOptions extends TransformersModelOptions {
  batchSize?: number;
  /** Token limit of one (query, passage) pair; longer passages are truncated. Default 512. */
  maxLength?: number;
}

export interface CrossEncoderReranker extends Reranker {
  close(): Promise<void>;
}

interface LogitsTensor {
  dims: number[];
  data: Float32Array | number[];
}
type Tokenize = (
  text: string[],
  options: { text_pair: string[]; padding: boolean; truncation: boolean; max_length: number },
) => Record<string, unknown>;
interface SequenceClassifier {
  (inputs: Record<string, unknown>): Promise<{ logits: LogitsTensor }>;
  dispose?(): Promise<unknown>;
}

/**
 * A cross-encoder through transformers.js: tokenizes (query, passage) pairs and reads the raw
 * logit of a 1-label sequence-classification head. We do not use the text-classification
 * pipeline because it applies softmax/sigmoid per label: on a 1-label model softmax is always 1.
 */
export async function createCrossEncoderReranker(
  options: CrossEncoderRerankerOptions,
): Promise<CrossEncoderReranker> {
  const { modelRef, location, loadOptions } = resolveModelSource(options);
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 16));
  const maxLength = options.maxLength ?? 512;
  let tokenizer: Tokenize;
  let model: SequenceClassifier;
  try {
    const { AutoTokenizer, AutoModelForSequenceClassification } = await import('@huggingface/transformers');
    const tokenizerOptions = { local_files_only: loadOptions.local_files_only as boolean };
    tokenizer = (await AutoTokenizer.from_pretrained(modelRef, tokenizerOptions)) as unknown as Tokenize;
    model = (await AutoModelForSequenceClassification.from_pretrained(
      modelRef,
      loadOptions,
    )) as unknown as SequenceClassifier;
  } catch (cause) {
    throw modelLoadFailed(options, location, cause);
  }
  let closed = false;
  return {
    id: `hf-cross-encoder:${options.model}`,
    async score(query, passages) {
      if (closed) throw new AppError('reranker_closed', `the reranker for ${options.model} was closed`);
      const scores: number[] = [];
      for (const batch of batches(passages, batchSize)) {
        const inputs = tokenizer(
          batch.map(() => query),
          { text_pair: [...batch], padding: true, truncation: true, max_length: maxLength },
        );
        const { logits } = await model(inputs);
        const labels = logits.dims.at(-1) ?? 1;
        // Multi-label heads (e.g. 2-way relevant/irrelevant) score by the last label's logit.
        for (let row = 0; row < batch.length; row++)
          scores.push(Number(logits.data[row * labels + (labels - 1)]));
      }
      return scores;
    },
    async close() {
      closed = true;
      await model.dispose?.();
    },
  };
}
