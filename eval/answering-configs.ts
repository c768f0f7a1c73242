import {
  type AnswererPart,
  DEFAULT_ABSTAIN_BELOW,
  type ExtractedAnswer,
  type ExtractiveOptions,
  type SentenceSimilarity,
  USE_LITE_ANSWERABILITY_MODEL,
} from '@grounded/llm';
import { createUseLiteEmbedder, dot, type Embedder } from '@grounded/retrieval';
import type { AnsweringItem } from './answering-data';

/** One way of running the extractive answerer in `eval answering`. */
export interface AnswererConfig {
  name: string;
  options(item: AnsweringItem): ExtractiveOptions;
  /** The gate's score for the trade-off curve (higher = answer). */
  score(answer: ExtractedAnswer): number;
}

/** The gate as one number: the answerability probability, below zero when the score gate fails. */
function gateScore(abstainBelow: number) {
  return (answer: ExtractedAnswer) =>
    (answer.answerability?.probability ?? 0) - (answer.bestScore < abstainBelow ? 1 : 0);
}

/** USE-lite cosine of question and sentences, every text embedded once per run. */
function cachedSimilarity(embedder: Embedder): SentenceSimilarity {
  const cache = new Map<string, Float32Array>();
  return async (question, sentences) => {
    const texts = [question, ...sentences];
    const missing = [...new Set(texts.filter((t) => !cache.has(t)))];
    if (missing.length > 0) {
      const vectors = await embedder.embed(missing);
      for (const [i, t] of missing.entries()) cache.set(t, vectors[i]!);
    }
    const q = cache.get(question)!;
    return sentences.map((s) => dot(q, cache.get(s)!));
  };
}

export async function answererConfigs(
  names: readonly string[],
): Promise<{ list: AnswererConfig[]; close(): Promise<void> }> {
  let embedder: Embedder | undefined;
  const similarity = async () => {
    embedder ??= await createUseLiteEmbedder();
    return cachedSimilarity(embedder);
  };
  const list: AnswererConfig[] = [];
  for (const name of names) {
    switch (name) {
      case 'before':
        // The answerer before issue #15's sentence-selection parts (defaults, every part ablated).
        list.push({
          name,
          options: () => ({ ablate: ['slot', 'continuation', 'zh-ngrams', 'table'] }),
          score: gateScore(DEFAULT_ABSTAIN_BELOW),
        });
        break;
      case 'default':
        // Exactly what apps/api's container builds: createExtractiveAnswerer() with no options.
        list.push({ name, options: () => ({}), score: gateScore(DEFAULT_ABSTAIN_BELOW) });
        break;
      case 'use-lite': {
        const sim = await similarity();
        list.push({
          name,
          // English only: USE-lite is an English model.
          options: (item) =>
            item.language === 'en' ? { similarity: sim, answerability: USE_LITE_ANSWERABILITY_MODEL } : {},
          score: gateScore(DEFAULT_ABSTAIN_BELOW),
        });
        break;
      }
      default: {
        // "-part": the default answerer without one part, to measure it.
        const part = /^-(slot|continuation|zh-ngrams|table)$/.exec(name)?.[1] as AnswererPart | undefined;
        if (part) {
          list.push({ name, options: () => ({ ablate: [part] }), score: gateScore(DEFAULT_ABSTAIN_BELOW) });
          break;
        }
        throw new Error(`unknown answerer config ${name}`);
      }
    }
  }
  return { list, close: async () => embedder?.close() };
}
