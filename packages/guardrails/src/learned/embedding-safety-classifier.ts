import { AppError } from '@grounded/core';
import { findGroupMentions } from '../text/groups';
import { mapSpan, normalizeWithMap } from '../text/normalize';
import { createLexiconSafetyClassifier } from '../toxicity/lexicon-classifier';
import type { SafetyClassifier, SafetyResult } from '../toxicity/safety-classifier';
import { hashedFeatures, type SparseFeatures } from './hashed-features';
import { chineseHateScore, hateZhModel, isChineseText } from './hate-zh-model';
import { type LinearModel, loadLinearModel, logit, margin, sigmoid } from './linear-model';

/**
 * Implicit hate and biased generalisation about a group ("those people shouldn't be allowed to
 * vote"): logistic regression over USE-lite sentence embeddings plus the lexicon's own scores and
 * a group-mention flag, beside the lexicon. A lexicon sees slurs; the embedding sees what is said
 * about whom. English (USE-lite is an English model); Chinese texts go to the character n-gram
 * model of hate-zh-model.ts instead (issue #19) and are not embedded.
 *
 * The model's hate probability is shifted so that its dev-calibrated threshold lands on 0.5, the
 * default safety threshold; the reported hate score is the larger of that and the lexicon's.
 */

export const HATE_MODEL_URL = new URL('./models/hate-use-lr.json', import.meta.url);

/** The sentence embedder the model was fitted with (structurally, the retrieval Embedder). */
export interface SentenceEmbedder {
  readonly id: string;
  readonly dimension: number;
  /** `cacheScope`: share the vector with retrieval's query-vector cache (withQueryCache). */
  embed(texts: string[], options?: { cacheScope?: string }): Promise<Float32Array[]>;
  close?(): Promise<void>;
}

export interface EmbeddingSafetyClassifierOptions {
  embedder: SentenceEmbedder;
  /** Scores toxicity, insult and threat, and adds its hate score and spans (default: the lexicon). */
  base?: SafetyClassifier;
  /** Another fitted model file (default: the shipped hate-use-lr.json). */
  modelUrl?: URL;
  /** Whether close() also closes the embedder (false when it is shared, e.g. with retrieval). */
  closeEmbedder?: boolean;
  /** The Chinese model file (default: the shipped hate-zh-char-lr.json). */
  chineseModelUrl?: URL;
}

/** Dense features in the order the model was fitted on (see eval/guardrails-train.ts). */
export function hateFeatures(embedding: Float32Array, base: SafetyResult, text: string): number[] {
  const groups = findGroupMentions(normalizeWithMap(text).text).length > 0 ? 1 : 0;
  return [...embedding, base.scores.hate, base.scores.toxicity, groups];
}

/**
 * Hashed character and word n-grams of the normalised text, for a model file with buckets > 0
 * (hate-use-lr 2.x): the embedding says what is said about whom, the n-grams see the words a comment
 * uses (slurs, "should be", "go back"). A 1.x file has no buckets and gets no sparse features.
 */
export function hateSparseFeatures(
  model: Pick<LinearModel, 'buckets' | 'minN' | 'maxN'>,
  text: string,
): SparseFeatures {
  if (model.buckets === 0) return { indices: [], values: [], evidence: new Map() };
  return hashedFeatures([{ name: 'plain', ...normalizeWithMap(text) }], model);
}

export function hateProbability(
  model: LinearModel,
  features: readonly number[],
  sparse: Pick<SparseFeatures, 'indices' | 'values'> = { indices: [], values: [] },
): number {
  return sigmoid(margin(model, sparse.indices, sparse.values, features));
}

export async function createEmbeddingSafetyClassifier(
  options: EmbeddingSafetyClassifierOptions,
): Promise<SafetyClassifier> {
  const model = loadLinearModel(options.modelUrl ?? HATE_MODEL_URL);
  const expected = model.embedder;
  if (
    expected &&
    (expected.id !== options.embedder.id || expected.dimension !== options.embedder.dimension)
  ) {
    throw new AppError(
      'model_load_failed',
      `${model.id} was fitted on ${expected.id} (${expected.dimension}-d), not ${options.embedder.id} (${options.embedder.dimension}-d)`,
    );
  }
  const base = options.base ?? createLexiconSafetyClassifier();
  const chinese = options.chineseModelUrl ? loadLinearModel(options.chineseModelUrl) : hateZhModel();
  let closed = false;
  return {
    id: `${model.id}@${model.version}+${chinese.id}@${chinese.version}+${base.id}`,
    async classify(texts, classifyOptions) {
      if (closed) throw new AppError('classifier_closed', `the safety classifier ${model.id} was closed`);
      if (texts.length === 0) return [];
      const zh = texts.map(isChineseText);
      // Trimmed, as retrieval embeds the question: with a cacheScope the chat path's message is
      // embedded once, here, and retrieval reads the same vector from the query-vector cache.
      const english = texts.filter((_, i) => !zh[i]).map((text) => text.trim());
      const scope = classifyOptions?.cacheScope;
      const [baseResults, embedded] = await Promise.all([
        base.classify(texts, classifyOptions),
        english.length > 0
          ? options.embedder.embed(english, scope === undefined ? undefined : { cacheScope: scope })
          : Promise.resolve([]),
      ]);
      let next = 0;
      const vectors = texts.map((_, i) => (zh[i] ? undefined : embedded[next++]));
      return texts.map((text, i) => {
        const b = baseResults[i] as SafetyResult;
        if (text.trim() === '') return b;
        const vector = vectors[i];
        let shifted: number;
        if (vector === undefined) shifted = chineseHateScore(chinese, text, b);
        else {
          const p = hateProbability(model, hateFeatures(vector, b, text), hateSparseFeatures(model, text));
          shifted = sigmoid(logit(Math.min(1 - 1e-9, Math.max(1e-9, p))) - logit(model.threshold));
        }
        const spans = [...b.spans];
        // The evidence an embedding can point at: the groups the sentence generalises about.
        if (shifted >= 0.5) {
          const norm = normalizeWithMap(text);
          for (const g of findGroupMentions(norm.text)) {
            spans.push({ ...mapSpan(norm, g.start, g.end), label: `hate-model:group:${g.attribute}` });
          }
        }
        return { scores: { ...b.scores, hate: Math.max(b.scores.hate, shifted) }, spans };
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await base.close?.();
      if (options.closeEmbedder) await options.embedder.close?.();
    },
  };
}
