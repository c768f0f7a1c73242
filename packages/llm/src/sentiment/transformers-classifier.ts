import { AppError, resolveModelSource } from '@grounded/core';
import { resultFromScore } from './polarity';
import type { SentimentClassifier, SentimentLabel } from './types';

export interface TransformersSentimentOptions {
  /** Model id or folder name under `localModelPath`, e.g. 'local/tiny-random-bert-seqcls'. */
  model: string;
  /** Folder holding local models; with it set and `allowRemoteModels` false nothing is downloaded. */
  localModelPath?: string;
  /** Allow fetching from the Hugging Face hub (default false: offline). */
  allowRemoteModels?: boolean;
  /** Weights precision; default 'fp32'. */
  dtype?: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';
  /** Maps the model's own labels to ours; default guesses from names like NEGATIVE, LABEL_1, '5 stars'. */
  labelMap?: Record<string, SentimentLabel>;
  neutralBand?: number;
  languages?: readonly string[];
  /** Texts per forward pass (default 16). */
  batchSize?: number;
}

/** Best-effort mapping for common label vocabularies of sentiment checkpoints. */
export function guessSentimentLabel(label: string, allLabels: readonly string[]): SentimentLabel | null {
  const l = label.toLowerCase();
  if (/neg/.test(l)) return 'negative';
  if (/pos/.test(l)) return 'positive';
  if (/neu/.test(l)) return 'neutral';
  const star = /^([1-5])\s*stars?$/.exec(l);
  if (star) return star[1] === '3' ? 'neutral' : Number(star[1]) < 3 ? 'negative' : 'positive';
  const generic = /^label_(\d+)$/.exec(l);
  if (generic) {
    const n = Number(generic[1]);
    if (allLabels.length === 2) return n === 0 ? 'negative' : 'positive';
    if (allLabels.length === 3) return (['negative', 'neutral', 'positive'] as const)[n] ?? null;
  }
  return null;
}

interface LabelScore {
  label: string;
  score: number;
}

/**
 * transformers.js text-classification (e.g. distilbert-sst2 exported to ONNX) from a local folder.
 * The library is imported lazily so that merely loading this package never loads onnxruntime.
 */
export async function createTransformersSentimentClassifier(
  options: TransformersSentimentOptions,
): Promise<SentimentClassifier> {
  const tf = await import('@huggingface/transformers');
  const { modelRef, loadOptions } = resolveModelSource({ ...options, dtype: options.dtype ?? 'fp32' });
  let classifier: Awaited<ReturnType<typeof tf.pipeline<'text-classification'>>>;
  try {
    classifier = await tf.pipeline('text-classification', modelRef, loadOptions);
  } catch (cause) {
    throw new AppError('model_load_failed', `transformers.js could not load ${options.model}`, {
      details: { model: options.model },
      cause,
    });
  }
  const id2label = (classifier.model.config as { id2label?: Record<string, string> }).id2label ?? {};
  const allLabels = Object.values(id2label);
  const band = options.neutralBand ?? 0.2;
  const batchSize = options.batchSize ?? 16;

  const mapLabel = (label: string): SentimentLabel | null =>
    options.labelMap?.[label] ?? guessSentimentLabel(label, allLabels);

  return {
    id: `transformers:${options.model}`,
    languages: options.languages ?? ['*'],
    async classify(texts) {
      const out = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const batch = texts.slice(i, i + batchSize);
        const raw = (await classifier(batch as string[], { top_k: null })) as unknown;
        // Some versions return a flat list for a single input; normalise to one list per input.
        const list = raw as unknown[];
        const perText = (Array.isArray(list[0]) ? list : [list]) as LabelScore[][];
        for (const scores of perText) {
          let pos = 0;
          let neg = 0;
          let neu = 0;
          for (const { label, score } of scores) {
            const m = mapLabel(label);
            if (m === 'positive') pos += score;
            else if (m === 'negative') neg += score;
            else if (m === 'neutral') neu += score;
          }
          const result = resultFromScore(pos - neg, band);
          // A model with its own neutral class decides neutral itself.
          if (neu > pos && neu > neg) out.push({ ...result, label: 'neutral' as const, confidence: neu });
          else out.push(result);
        }
      }
      return out;
    },
    async close() {
      await classifier.dispose();
    },
  };
}
