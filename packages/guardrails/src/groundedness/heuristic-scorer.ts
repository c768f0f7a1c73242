import { splitSentences } from '@grounded/text';
import { contentTokens, extractEntities, extractNumbers, wordSet } from '../text/tokens';
import type { EntailmentPair, EntailmentScorer, SimilarityFn } from './entailment-scorer';

export const HEURISTIC_SCORER_VERSION = 'heuristic-entailment@1.0.0';

export interface SupportSignals {
  /** Share of the hypothesis' content tokens found in the best 1–2 premise sentences. */
  localCoverage: number;
  /** Share found anywhere in the premise. */
  globalCoverage: number;
  /** Numbers in the hypothesis absent from the premise. */
  missingNumbers: string[];
  /** Named-entity-like words in the hypothesis absent from the premise. */
  missingEntities: string[];
  entityCount: number;
  /** A shared word is negated on one side only ("covers water damage" vs "not water damage"). */
  negationMismatch: boolean;
  /** Best embedding similarity to a premise sentence, when a similarity function is given. */
  similarity?: number;
  contentTokens: number;
}

export interface HeuristicWeights {
  bias: number;
  localCoverage: number;
  globalCoverage: number;
  missingNumber: number;
  missingEntityShare: number;
  negationMismatch: number;
  similarity: number;
}

// Logistic-regression fit on the HaluEval development split (questions 0–249 of both QA files;
// the eval reports questions 250–499 only). Answer length was left out on purpose: it predicts
// HaluEval labels (right answers are short) but says nothing about support. The negation and
// similarity weights were set by hand, not fitted.
export const DEFAULT_HEURISTIC_WEIGHTS: HeuristicWeights = {
  bias: -7.2,
  localCoverage: 5.3,
  globalCoverage: 3.4,
  missingNumber: 3.2,
  missingEntityShare: 5.9,
  negationMismatch: 3,
  similarity: 4,
};

export interface HeuristicScorerOptions {
  similarity?: SimilarityFn;
  weights?: Partial<HeuristicWeights>;
}

function coverage(hyp: string[], premise: Set<string>): number {
  if (hyp.length === 0) return 1;
  let hit = 0;
  for (const t of hyp) if (premise.has(t)) hit++;
  return hit / hyp.length;
}

/** Computes the support signals for one pair (exported for tests and the eval's weight fitting). */
interface PremiseAnalysis {
  sentTokens: { tokens: string[] }[];
  all: Set<string>;
  numbers: Set<string>;
  words: Set<string>;
}

/**
 * Every sentence of an answer is scored against the same sources, so the sources' analysis
 * (sentence split, stemming, numbers) is memoised by their text. The memo is a pure cache of a
 * deterministic function, bounded so it cannot grow without limit.
 */
const premiseMemo = new Map<string, PremiseAnalysis>();
const PREMISE_MEMO_SIZE = 64;

function analysePremise(premise: string): PremiseAnalysis {
  const cached = premiseMemo.get(premise);
  if (cached) return cached;
  const sentTokens = splitSentences(premise, { mode: 'stream' }).map((s) => contentTokens(s.text));
  const analysis: PremiseAnalysis = {
    sentTokens,
    all: new Set(sentTokens.flatMap((s) => s.tokens)),
    numbers: new Set(extractNumbers(premise, true)),
    words: wordSet(premise),
  };
  if (premiseMemo.size >= PREMISE_MEMO_SIZE) premiseMemo.delete(premiseMemo.keys().next().value!);
  premiseMemo.set(premise, analysis);
  return analysis;
}

export function supportSignals(pair: EntailmentPair): SupportSignals {
  const hyp = contentTokens(pair.hypothesis);
  const { sentTokens, all, numbers: premiseNumbers, words } = analysePremise(pair.premise);
  // Windows of one and two adjacent sentences: a fact often spans a sentence boundary. Among the
  // windows that cover it best, one that agrees on negation is the evidence: a sentence quoted
  // whole ("Annual plans are refunded…") also lies in a window with its negated neighbour
  // ("Monthly plans are not refunded…"), and that window must not make the quote unsupported.
  let bestLocal = 0;
  let bestNegated = false;
  for (let i = 0; i < sentTokens.length; i++) {
    for (let w = 1; w <= 2 && i + w <= sentTokens.length; w++) {
      const win = sentTokens.slice(i, i + w).flatMap((s) => s.tokens);
      const cov = coverage(hyp.tokens, new Set(win));
      if (cov < bestLocal || (cov === bestLocal && !bestNegated)) continue;
      const negated = negatedWords(hyp.tokens, win) !== null;
      if (cov > bestLocal || !negated) {
        bestLocal = cov;
        bestNegated = negated;
      }
    }
  }
  if (sentTokens.length === 0) bestLocal = 0;
  const missingNumbers = [...new Set(extractNumbers(pair.hypothesis))].filter((n) => !premiseNumbers.has(n));
  const entities = [...new Set(extractEntities(pair.hypothesis))];
  const missingEntities = entities.filter((e) => !words.has(e));
  // Chinese bigrams miss on every function-word change, so the same coverage means more there;
  // rescale so a close Chinese paraphrase scores like an English one (hand-set, not fitted).
  const cjkShare =
    hyp.tokens.filter((t) => /[\u3400-\u9fff]/.test(t)).length / Math.max(1, hyp.tokens.length);
  const scale = (c: number) => Math.min(1, c / (1 - 0.2 * cjkShare));
  return {
    localCoverage: hyp.tokens.length === 0 ? 1 : scale(bestLocal),
    globalCoverage: scale(coverage(hyp.tokens, all)),
    missingNumbers,
    missingEntities,
    entityCount: entities.length,
    negationMismatch: bestNegated,
    contentTokens: hyp.tokens.length,
  };
}

/** Content words that are negated in one text and not in the other (null when they agree). */
function negatedWords(hyp: string[], premise: string[]): string | null {
  const negated = (tokens: string[]) => {
    const set = new Set<string>();
    tokens.forEach((t, i) => {
      if (t !== 'not') return;
      for (let k = i + 1; k <= i + 2 && k < tokens.length; k++) if (tokens[k] !== 'not') set.add(tokens[k]!);
    });
    return set;
  };
  const inHyp = negated(hyp);
  const inPremise = negated(premise);
  const premiseSet = new Set(premise);
  const hypSet = new Set(hyp);
  for (const w of inHyp) if (premiseSet.has(w) && !inPremise.has(w)) return w;
  for (const w of inPremise) if (hypSet.has(w) && !inHyp.has(w)) return w;
  return null;
}

export function combineSignals(s: SupportSignals, weights: HeuristicWeights): number {
  let z =
    weights.bias +
    weights.localCoverage * s.localCoverage +
    weights.globalCoverage * s.globalCoverage -
    weights.missingNumber * s.missingNumbers.length -
    weights.missingEntityShare * (s.entityCount === 0 ? 0 : s.missingEntities.length / s.entityCount) -
    (s.negationMismatch ? weights.negationMismatch : 0);
  if (s.similarity !== undefined) z += weights.similarity * (s.similarity - 0.5);
  return 1 / (1 + Math.exp(-z));
}

/**
 * Offline default scorer: lexical overlap (stemmed, stop words removed, Chinese bigrams), numbers
 * and named-entity-like tokens that must occur in the premise, negation agreement and, when a
 * similarity function is injected, embedding similarity — combined by a fixed logistic model.
 */
export function createHeuristicEntailmentScorer(options: HeuristicScorerOptions = {}): EntailmentScorer {
  const weights = { ...DEFAULT_HEURISTIC_WEIGHTS, ...options.weights };
  const similarity = options.similarity;

  async function signalsFor(pair: EntailmentPair): Promise<SupportSignals> {
    const s = supportSignals(pair);
    if (similarity) {
      const sentences = splitSentences(pair.premise, { mode: 'stream' }).map((x) => x.text);
      if (sentences.length > 0) {
        const sims = await similarity(pair.hypothesis, sentences);
        s.similarity = Math.max(...sims);
      }
    }
    return s;
  }

  return {
    id: similarity ? `${HEURISTIC_SCORER_VERSION}+similarity` : HEURISTIC_SCORER_VERSION,
    async score(pairs) {
      const out: number[] = [];
      for (const p of pairs) out.push(combineSignals(await signalsFor(p), weights));
      return out;
    },
    async explain(pair) {
      const s = await signalsFor(pair);
      const parts = [`overlap ${(s.localCoverage * 100).toFixed(0)}%`];
      if (s.missingNumbers.length) parts.push(`numbers not in source: ${s.missingNumbers.join(', ')}`);
      if (s.missingEntities.length) parts.push(`names not in source: ${s.missingEntities.join(', ')}`);
      if (s.negationMismatch) parts.push('negation differs from source');
      if (s.similarity !== undefined) parts.push(`similarity ${s.similarity.toFixed(2)}`);
      return parts.join('; ');
    },
  };
}
