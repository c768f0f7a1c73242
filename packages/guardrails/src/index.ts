export type { TransformersModelOptions } from '@grounded/core';
export { BIAS_VERSION, type CheckBiasOptions, checkBias } from './bias/check-bias';
export {
  checkGroundedness,
  DEFAULT_ABSTAIN_MESSAGE,
  DEFAULT_HEDGE_PREFIX,
  GROUNDEDNESS_VERSION,
  type GroundednessOptions,
  type GroundednessPolicy,
  type GroundednessResult,
  type GroundingSource,
  type SentenceVerdict,
  scoreSentence,
} from './groundedness/check-groundedness';
export type { EntailmentPair, EntailmentScorer, SimilarityFn } from './groundedness/entailment-scorer';
export {
  combineSignals,
  createHeuristicEntailmentScorer,
  DEFAULT_HEURISTIC_WEIGHTS,
  HEURISTIC_SCORER_VERSION,
  type HeuristicScorerOptions,
  type HeuristicWeights,
  type SupportSignals,
  supportSignals,
} from './groundedness/heuristic-scorer';
export {
  createTransformersEntailmentScorer,
  type TransformersEntailmentScorerOptions,
} from './groundedness/transformers-scorer';
export {
  type CheckInjectionOptions,
  checkInjection,
  INJECTION_VERSION,
  quoteAsData,
  type ScanDocumentChunkOptions,
  scanDocumentChunk,
} from './injection/check-injection';
export { INJECTION_RULES, type InjectionCategory, type InjectionRule } from './injection/rules';
export {
  type DetectPiiOptions,
  detectPii,
  PII_KINDS,
  PII_PLACEHOLDERS,
  PII_VERSION,
  type PiiKind,
  redactPii,
} from './pii/detect-pii';
export { chinaIdValid, ibanValid, luhnValid } from './pii/validators';
export {
  INPUT_CHECKS,
  type InputCheck,
  type InputCheckContext,
  SENTENCE_CHECKS,
  type SentenceCheck,
} from './registry';
export {
  createStreamingOutputGuard,
  DEFAULT_HEDGE_NOTE,
  type StreamedSentenceRecord,
  type StreamingGuardStats,
  type StreamingOutputGuard,
  type StreamingOutputGuardOptions,
} from './streaming/output-guard';
export { findGroupMentions, type GroupMention, type ProtectedAttribute } from './text/groups';
export { checkToxicity } from './toxicity/check-toxicity';
export type { LexiconEntry } from './toxicity/lexicon';
export {
  createLexiconSafetyClassifier,
  LEXICON_CLASSIFIER_VERSION,
  type LexiconSafetyClassifierOptions,
} from './toxicity/lexicon-classifier';
export {
  DEFAULT_SAFETY_THRESHOLDS,
  SAFETY_CATEGORIES,
  type SafetyCategory,
  type SafetyClassifier,
  type SafetyResult,
  type SafetyScores,
  type SafetyThresholds,
} from './toxicity/safety-classifier';
export {
  createTransformersSafetyClassifier,
  type TransformersSafetyClassifierOptions,
} from './toxicity/transformers-classifier';
export * from './types';
