// ROUGE lives in metrics/; it is exported here because summaries are what it measures.
export {
  lcsLength,
  meanRouge,
  type RougeOptions,
  type RougeScore,
  type RougeScores,
  rouge,
  rougeTokenize,
} from '../metrics/rouge';
export { countWords } from './count-words';
export { leadSentences, summarizeExtractive } from './extractive';
export { renderSummary } from './format';
export {
  type AbstractiveSummary,
  type AbstractiveSummarySentence,
  chunkSections,
  type MapReduceSummaryOptions,
  type MapSummaryPart,
  summarizeMapReduce,
} from './map-reduce';
export { tfidfSimilarity } from './tfidf';
export * from './types';
