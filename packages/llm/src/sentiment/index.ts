export {
  createEnglishSentimentEnsemble,
  DEFAULT_ENSEMBLE_WEIGHTS,
  type EnglishSentimentEnsembleOptions,
  type EnsembleWeights,
} from './ensemble-classifier';
export {
  createFastTextSentimentClassifier,
  type FastTextSentimentClassifier,
  type FastTextSentimentOptions,
  type FastTextSentimentScores,
} from './fasttext-classifier';
export { cjkByScript, detectLanguageFastText, type FastTextLanguageOptions } from './language-detector';
export {
  createLexiconSentimentClassifier,
  type LexiconSentimentClassifier,
  type LexiconSentimentOptions,
} from './lexicon-classifier';
export { resultFromScore } from './polarity';
export { createSentimentRouter, type SentimentRouterOptions } from './router';
export { normalizeForFastText, rejoinTreebankTokens } from './text-normalize';
export { sentimentFeatures } from './tokenize';
export {
  guessPolarity,
  type LabelPrediction,
  loadTrainedSentimentModel,
  type TrainedSentimentClassifier,
  type TrainedSentimentModel,
  type TrainingRow,
  type TrainSentimentOptions,
  trainSentimentModel,
} from './trained-model';
export {
  createTransformersSentimentClassifier,
  guessSentimentLabel,
  type TransformersSentimentOptions,
} from './transformers-classifier';
export * from './types';
