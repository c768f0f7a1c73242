export {
  ANSWERABILITY_FEATURES,
  type AnswerabilityFeatures,
  type AnswerabilityInput,
  type AnswerabilityModel,
  type AnswerType,
  answerabilityFeatures,
  answerabilityProbability,
  expectedAnswerType,
  focusTerm,
  sentenceIdf,
  type TermIdf,
} from './answerability';
export { DEFAULT_ANSWERABILITY_MODEL, USE_LITE_ANSWERABILITY_MODEL } from './answerability-model';
export {
  type ComposedPrompt,
  type ComposePromptInput,
  composePrompt,
  formatSource,
  neutraliseDelimiters,
  SOURCE_RULES,
} from './compose-prompt';
export {
  ABSTAIN_MESSAGE_EN,
  ABSTAIN_MESSAGE_ZH,
  abstainMessage,
  createExtractiveAnswerer,
  DEFAULT_ABSTAIN_BELOW,
  type ExtractedAnswer,
  type ExtractedSentence,
  type ExtractiveOptions,
  extractAnswer,
  type SentenceSimilarity,
  scoreSentences,
} from './extractive-answerer';
export { createLlamaCppGenerator, type LlamaCppGeneratorOptions } from './llama-cpp-generator';
export { createOpenAiCompatibleGenerator, type OpenAiCompatibleOptions } from './openai-compatible-generator';
export { type CitationRef, type ParsedCitations, parseCitations } from './parse-citations';
export { estimatePromptTokens } from './prompt-tokens';
export {
  createTransformersGenerator,
  plainPrompt,
  type TransformersGenerator,
  type TransformersGeneratorOptions,
} from './transformers-generator';
export * from './types';
