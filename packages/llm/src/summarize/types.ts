import type { SentenceSpan } from '@grounded/text';

export type SummaryLengthUnit = 'sentences' | 'words' | 'bullets';
export type SummaryFormat = 'paragraph' | 'bullets' | 'key-points';

export interface SummaryLength {
  unit: SummaryLengthUnit;
  value: number;
}

/** Pairwise similarity of two lists of texts (rows: a, columns: b), e.g. embedding cosine. */
export type SentenceSimilarityFn = (a: string[], b: string[]) => Promise<number[][]>;

export interface ExtractiveSummaryOptions {
  text: string;
  /** Pre-split sentences (spans into `text`); split with Intl.Segmenter when absent. */
  sentences?: readonly SentenceSpan[];
  length: SummaryLength;
  format?: SummaryFormat;
  /** A query the summary should be about; it biases selection towards matching sentences. */
  focus?: string;
  /** Defaults to TF-IDF cosine; pass an embedder-backed function for embedding centrality. */
  similarity?: SentenceSimilarityFn;
  /** MMR trade-off between relevance (1) and novelty (0); default 0.5. */
  lambda?: number;
  /** Share of relevance that comes from the focus query when one is given (default 0.6). */
  focusWeight?: number;
  /** Locale for sentence splitting (default 'en'). */
  locale?: string;
}

export interface SummarySentence extends SentenceSpan {
  /** Relevance score used for selection (centrality, focus-biased). */
  score: number;
  /** True when the sentence was cut to fit a word budget. */
  truncated?: boolean;
}

export interface ExtractiveSummary {
  text: string;
  format: SummaryFormat;
  /** Selected sentences in document order, each with its span in the input. */
  sentences: SummarySentence[];
  /** Length of `text`'s content in the requested unit. */
  length: SummaryLength;
  method: 'extractive';
}

/** A span of one input section. */
export interface SourceSpan {
  section: number;
  start: number;
  end: number;
}

export type SummarizeProgress =
  | { stage: 'map'; done: number; total: number }
  | { stage: 'reduce'; done: number; total: number };
