import type { VerdictSpan } from '../types';

/** Categories every safety classifier scores; an adapter maps its model's labels onto these. */
export type SafetyCategory = 'toxicity' | 'insult' | 'threat' | 'hate';
export const SAFETY_CATEGORIES: readonly SafetyCategory[] = ['toxicity', 'insult', 'threat', 'hate'];

export type SafetyScores = Record<SafetyCategory, number>;

export interface SafetyResult {
  /** Probability-like score per category in [0, 1]. */
  scores: SafetyScores;
  /** Evidence in the input, when the classifier can point at it (lexicon hits). */
  spans: VerdictSpan[];
}

/** Per-call options; a classifier that needs none ignores them. */
export interface ClassifyOptions {
  /**
   * The interactive caller's scope (the tenant) under which an embedding classifier may share the
   * message's vector with retrieval's query-vector cache instead of embedding it a second time.
   */
  cacheScope?: string;
}

export interface SafetyClassifier {
  /** Name and version, recorded in the verdict (e.g. "lexicon@1.0.0"). */
  readonly id: string;
  classify(texts: readonly string[], options?: ClassifyOptions): Promise<SafetyResult[]>;
  /** Releases the model; the one lifecycle name every contract uses. */
  close?(): Promise<void>;
}

export type SafetyThresholds = Partial<Record<SafetyCategory, number>>;

export const DEFAULT_SAFETY_THRESHOLDS: Readonly<SafetyScores> = {
  toxicity: 0.5,
  insult: 0.5,
  threat: 0.5,
  hate: 0.5,
};
