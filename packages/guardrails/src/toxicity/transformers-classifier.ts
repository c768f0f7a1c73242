import { AppError, modelLoadFailed, resolveModelSource, type TransformersModelOptions } from '@grounded/core';
import { findGroupMentions } from '../text/groups';
import {
  SAFETY_CATEGORIES,
  type SafetyCategory,
  type SafetyClassifier,
  type SafetyScores,
} from './safety-classifier';

export interface TransformersSafetyClassifierOptions extends TransformersModelOptions {
  /**
   * Model label → our category. Unmapped labels are ignored. Default: labels are matched by name
   * (toxic/insult/threat/hate/identity_hate/offensive …).
   */
  labelMap?: Record<string, SafetyCategory | 'ignore'>;
  batchSize?: number;
}

interface LabelScore {
  label: string;
  score: number;
}
type TextClassifier = ((
  texts: string[],
  options: { top_k: number | null },
) => Promise<LabelScore[] | LabelScore[][]>) & {
  dispose?: () => Promise<unknown>;
};

function defaultCategory(label: string): SafetyCategory | undefined {
  const l = label.toLowerCase();
  if (/threat|violen/.test(l)) return 'threat';
  if (/insult|obscene|offensive|profan/.test(l)) return 'insult';
  if (/hate|identity|racis|sexis/.test(l)) return 'hate';
  if (/toxic|abus|harm|unsafe|negative/.test(l)) return 'toxicity';
  return undefined;
}

/** A Hugging Face text-classification model (ONNX, local folder) as a SafetyClassifier. */
export async function createTransformersSafetyClassifier(
  options: TransformersSafetyClassifierOptions,
): Promise<SafetyClassifier> {
  const { modelRef: ref, loadOptions: load } = resolveModelSource(options);
  let classifier: TextClassifier;
  try {
    const { pipeline } = await import('@huggingface/transformers');
    classifier = (await pipeline('text-classification', ref, load)) as unknown as TextClassifier;
  } catch (cause) {
    throw modelLoadFailed(options, ref, cause);
  }
  const batchSize = Math.max(1, options.batchSize ?? 16);
  let closed = false;
  return {
    id: `transformers-safety:${options.model}`,
    async classify(texts) {
      if (closed)
        throw new AppError('classifier_closed', `the safety classifier for ${options.model} was closed`);
      const out = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const batch = [...texts.slice(i, i + batchSize)];
        const raw = await classifier(batch, { top_k: null });
        // One input may come back unwrapped; normalise to one list of label scores per input.
        const rows = (batch.length === 1 && !Array.isArray(raw[0]) ? [raw] : raw) as LabelScore[][];
        for (let r = 0; r < batch.length; r++) {
          const scores = Object.fromEntries(SAFETY_CATEGORIES.map((c) => [c, 0])) as SafetyScores;
          for (const { label, score } of rows[r] ?? []) {
            const mapped = options.labelMap?.[label] ?? defaultCategory(label);
            if (mapped === undefined || mapped === 'ignore') continue;
            scores[mapped] = Math.max(scores[mapped], score);
          }
          scores.toxicity = Math.max(scores.toxicity, scores.insult, scores.threat, scores.hate);
          // Models give no spans; point at group mentions when hate is scored, for the audit trail.
          const spans =
            scores.hate > 0
              ? findGroupMentions(batch[r]!).map((g) => ({ start: g.start, end: g.end, label: 'hate' }))
              : [];
          out.push({ scores, spans });
        }
      }
      return out;
    },
    async close() {
      closed = true;
      await classifier.dispose?.();
    },
  };
}
