import {
  type AnswererPart,
  DEFAULT_ABSTAIN_BELOW,
  type ExtractedAnswer,
  type ExtractiveOptions,
  loadWordNet,
  type SentenceSimilarity,
  USE_LITE_ANSWERABILITY_MODEL,
  USE_LITE_ANSWERING_MODEL,
  type WordNet,
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
      // Alone, as chat embeds them: a vector must not depend on the texts embedded beside it.
      const vectors = await embedder.embed(missing, { alone: true });
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
  const parts = ['slot', 'continuation', 'zh-ngrams', 'table', 'heading'] as const;
  // The gate's lexical resource (issue #15), which the eval can leave out: "chat/-antonyms".
  // The Chinese gate (chinese-gate.ts), which "chat/-zhgate" leaves out.
  // WordNet's links for the gate's unlinkedMissing feature, which "chat/-links" leaves out.
  const resources = ['antonyms', 'zhgate', 'links'] as const;
  let wordnet: WordNet | undefined;
  const list: AnswererConfig[] = [];
  // A name is a base answerer, optionally with parts ablated: "use-lite/-heading/-slot".
  for (const name of names) {
    const [base, ...rest] = name.split('/');
    const ablate: AnswererPart[] = [];
    const without = new Set<string>();
    for (const r of rest) {
      const part = parts.find((p) => `-${p}` === r);
      const resource = resources.find((p) => `-${p}` === r);
      if (part) ablate.push(part);
      else if (resource) without.add(resource);
      else throw new Error(`unknown ablation ${r} in ${name}`);
    }
    wordnet ??= loadWordNet();
    const resourceOptions: Partial<ExtractiveOptions> = {
      ...(without.has('antonyms') ? {} : { antonyms: wordnet.antonyms }),
      ...(without.has('links') ? {} : { linked: wordnet.linked }),
      ...(without.has('zhgate') ? { chineseGate: 'off' as const } : {}),
    };
    const withAblate = (o: ExtractiveOptions): ExtractiveOptions =>
      ablate.length > 0 ? { ...o, ablate: [...(o.ablate ?? []), ...ablate] } : o;
    switch (base) {
      case 'before':
        // The answerer before issue #15's sentence-selection parts (defaults, every part ablated).
        list.push({
          name,
          options: () => ({ ablate: [...parts] }),
          score: gateScore(DEFAULT_ABSTAIN_BELOW),
        });
        break;
      case 'default':
        // createExtractiveAnswerer() with no options (what apps/api built before issue #15).
        list.push({ name, options: () => withAblate({}), score: gateScore(DEFAULT_ABSTAIN_BELOW) });
        break;
      case 'use-lite': {
        const sim = await similarity();
        list.push({
          name,
          // English only: USE-lite is an English model.
          options: (item) =>
            withAblate(
              item.language === 'en'
                ? { similarity: sim, answerability: USE_LITE_ANSWERABILITY_MODEL, ...resourceOptions }
                : {},
            ),
          score: gateScore(DEFAULT_ABSTAIN_BELOW),
        });
        break;
      }
      case 'chat':
      case 'chat-support-order': {
        // The chat path's answerer (issue #15): USE-lite similarity, the gate fitted on dev and,
        // since the seventh round, contextOrder. 'chat-support-order' is chat before that round:
        // sentences ordered by their own support (the sixth round's 'chat').
        const sim = await similarity();
        const order: Partial<ExtractiveOptions> = { contextOrder: base === 'chat' };
        // The same options for every question, as the product passes them: the answerer itself
        // sets the English ones aside for a Chinese question.
        list.push({
          name,
          options: () =>
            withAblate({
              similarity: sim,
              answerability: USE_LITE_ANSWERING_MODEL,
              abstainBelow: 0,
              ...resourceOptions,
              ...order,
            }),
          score: gateScore(0),
        });
        break;
      }
      default:
        throw new Error(`unknown answerer config ${name}`);
    }
  }
  return { list, close: async () => embedder?.close() };
}
