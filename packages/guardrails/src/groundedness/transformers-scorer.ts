import { AppError, modelLoadFailed, resolveModelSource, type TransformersModelOptions } from '@grounded/core';
import { sigmoid, softmax } from '../models/load-options';
import type { EntailmentScorer } from './entailment-scorer';

export interface TransformersEntailmentScorerOptions extends TransformersModelOptions {
  /**
   * Label whose probability is the support score (matched case-insensitively against the model's
   * id2label). Default: the label containing "entail", else the last label. 1-label heads
   * (cross-encoders, hallucination detectors) use the sigmoid of the logit.
   */
  entailmentLabel?: string;
  batchSize?: number;
  maxLength?: number;
}

interface Logits {
  dims: number[];
  data: ArrayLike<number>;
}
type Tokenizer = (
  text: string[],
  options: { text_pair: string[]; padding: boolean; truncation: boolean; max_length: number },
) => Record<string, unknown>;
type Classifier = ((inputs: Record<string, unknown>) => Promise<{ logits: Logits }>) & {
  config?: { id2label?: Record<string, string> };
  dispose?: () => Promise<unknown>;
};

/**
 * NLI or cross-encoder model through transformers.js: (premise, hypothesis) pairs are tokenized
 * together and the head's logits read directly (the text-classification pipeline would hide a
 * 1-label head's logit behind a softmax that is always 1).
 */
export async function createTransformersEntailmentScorer(
  options: TransformersEntailmentScorerOptions,
): Promise<EntailmentScorer> {
  const { modelRef: ref, loadOptions: load } = resolveModelSource(options);
  let tokenizer: Tokenizer;
  let model: Classifier;
  try {
    const { AutoTokenizer, AutoModelForSequenceClassification } = await import('@huggingface/transformers');
    tokenizer = (await AutoTokenizer.from_pretrained(ref, {
      local_files_only: load.local_files_only as boolean,
    })) as unknown as Tokenizer;
    model = (await AutoModelForSequenceClassification.from_pretrained(ref, load)) as unknown as Classifier;
  } catch (cause) {
    throw modelLoadFailed(options, ref, cause);
  }
  const id2label = model.config?.id2label ?? {};
  const labels = Object.entries(id2label).sort((a, b) => Number(a[0]) - Number(b[0]));
  const wanted = options.entailmentLabel?.toLowerCase();
  const match = labels.find(([, l]) => (wanted ? l.toLowerCase() === wanted : /entail/i.test(l)));
  if (wanted && !match) {
    throw new AppError(
      'entailment_label_not_found',
      `model '${options.model}' has no label '${options.entailmentLabel}'`,
      {
        details: { labels: labels.map(([, l]) => l) },
      },
    );
  }
  const batchSize = Math.max(1, options.batchSize ?? 8);
  const maxLength = options.maxLength ?? 512;
  let closed = false;
  return {
    id: `transformers-entailment:${options.model}`,
    async score(pairs) {
      if (closed)
        throw new AppError('scorer_closed', `the entailment scorer for ${options.model} was closed`);
      const out: number[] = [];
      for (let i = 0; i < pairs.length; i += batchSize) {
        const batch = pairs.slice(i, i + batchSize);
        const inputs = tokenizer(
          batch.map((p) => p.premise),
          {
            text_pair: batch.map((p) => p.hypothesis),
            padding: true,
            truncation: true,
            max_length: maxLength,
          },
        );
        const { logits } = await model(inputs);
        const k = logits.dims.at(-1) ?? 1;
        for (let r = 0; r < batch.length; r++) {
          const row = Array.from({ length: k }, (_, j) => Number(logits.data[r * k + j]));
          if (k === 1) out.push(sigmoid(row[0]!));
          else out.push(softmax(row)[match ? Number(match[0]) : k - 1]!);
        }
      }
      return out;
    },
    async close() {
      closed = true;
      await model.dispose?.();
    },
  };
}
