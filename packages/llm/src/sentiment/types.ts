export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentResult {
  label: SentimentLabel;
  /** Signed polarity in [-1, 1]: negative below 0, positive above 0. */
  score: number;
  /** Confidence in [0, 1] of the chosen label. */
  confidence: number;
  /** ISO 639 code of the detected language, when a router detected one. */
  language?: string;
  /** The classifier's own label when its label set is not negative/neutral/positive (trained models). */
  rawLabel?: string;
}

export interface SentimentClassifier {
  readonly id: string;
  /** Languages this classifier is meant for ('en', 'zh', or '*' for any). */
  readonly languages: readonly string[];
  classify(texts: readonly string[]): Promise<SentimentResult[]>;
  close(): Promise<void>;
}

/** Language identification for routing: an ISO 639 code and a confidence in [0, 1]. */
export interface DetectedLanguage {
  language: string;
  confidence: number;
}

export interface LanguageDetector {
  readonly id: string;
  detect(texts: readonly string[]): Promise<DetectedLanguage[]>;
  close(): Promise<void>;
}
