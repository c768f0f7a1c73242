/**
 * Scores how well a premise (source text) supports a hypothesis (one answer sentence).
 * Implementations: the offline heuristic default and a transformers.js NLI/cross-encoder adapter.
 */
export interface EntailmentPair {
  premise: string;
  hypothesis: string;
}

export interface EntailmentScorer {
  /** Name and version, recorded in verdicts. */
  readonly id: string;
  /** Support probability in [0, 1] for each pair, in order. */
  score(pairs: readonly EntailmentPair[]): Promise<number[]>;
  /** Optional: human-readable evidence for one pair (missing numbers, overlap), used in reasons. */
  explain?(pair: EntailmentPair): Promise<string>;
  /** Releases the model; the one lifecycle name every contract uses. */
  close?(): Promise<void>;
}

/** Embedding similarity of `a` to each of `b` (cosine in [-1, 1] or [0, 1]), injected by the caller. */
export type SimilarityFn = (a: string, b: string[]) => Promise<number[]>;
