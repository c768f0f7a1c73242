export {
  type BleuOptions,
  type BleuResult,
  type BleuTokenizer,
  corpusBleu,
  tokenize13a,
  tokenizeZh,
} from './bleu';
export { type ChrfOptions, corpusChrf } from './chrf';
export { classificationScores } from './classification';
export { adjustedRandIndex, inversePurity, purity } from './clustering';
export { fMeasure, ngramCounts } from './ngrams';
export {
  lcsLength,
  meanRouge,
  type RougeOptions,
  type RougeScore,
  type RougeScores,
  rouge,
  rougeTokenize,
} from './rouge';
