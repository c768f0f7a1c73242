export { createUnconfiguredTranslator, TRANSLATION_MODEL_SETTING, TranslatorNotConfigured } from './errors';
export {
  createGeneratorTranslator,
  type GeneratorTranslatorOptions,
  translationPrompt,
} from './generator-translator';
export { type ProtectedText, protectGlossary, restoreGlossary } from './glossary';
export { languageName, modelLanguageCode } from './languages';
export { reassemble, segmentForTranslation, type TextSegment } from './segment';
export { createTransformersTranslator, type TransformersTranslatorOptions } from './transformers-translator';
export * from './types';
