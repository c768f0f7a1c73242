export {
  createEnglishSentimentEnsemble,
  DEFAULT_ENGLISH_NEUTRAL_BAND,
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
  type LoadTrainedSentimentOptions,
  loadTrainedSentimentModel,
  loadTrainedSentimentModelFile,
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
export { DEFAULT_CHINESE_NEUTRAL_BAND, vendoredSentimentModels } from './vendored-models';
