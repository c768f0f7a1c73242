import { AppError } from '@grounded/core';
import type { Translator } from './types';

/** The setting apps/api reads to configure a translation model. */
export const TRANSLATION_MODEL_SETTING = 'TRANSLATION_MODEL';

/**
 * Thrown when translation is asked for and no model is configured. No translation model exists
 * offline, and we never fake a translation, so the error says what to configure.
 */
export class TranslatorNotConfigured extends AppError {
  constructor(setting: string = TRANSLATION_MODEL_SETTING) {
    super(
      'translation_not_configured',
      `No translation model is configured. Set ${setting} to a local transformers.js translation model ` +
        '(e.g. a Marian opus-mt, NLLB or M2M100 ONNX folder), or configure a generator for prompt-based translation.',
      { details: { setting } },
    );
    this.name = 'TranslatorNotConfigured';
  }
}

/** A Translator that always refuses with TranslatorNotConfigured: the offline default. */
export function createUnconfiguredTranslator(setting: string = TRANSLATION_MODEL_SETTING): Translator {
  return {
    id: 'unconfigured',
    async translate() {
      throw new TranslatorNotConfigured(setting);
    },
    async close() {},
  };
}
