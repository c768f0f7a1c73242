export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentResult {
  label: SentimentLabel;
  /** Signed polarity in [-1, 1]: negative below 0, positive above 0. */
  score: number;
  /** Confidence in [0, 1] of the chosen label. */
  confidence: number;
}

export interface SentimentClassifier {
  readonly id: string;
  /** Languages this classifier is meant for ('en', 'zh', or '*' for any). */
  readonly languages: readonly string[];
  classify(texts: readonly string[]): Promise<SentimentResult[]>;
  close(): Promise<void>;
}
