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
