import { OCR_LANGUAGE_SETTINGS, type OcrLanguageSetting } from '@grounded/ingest';
import { z } from 'zod';

/**
 * A collection's OCR language (issue #14), stored in `collections.settings.ocrLanguage`:
 * 'auto' detects the script from the first page read; fixed languages skip the detection.
 */
export const ocrLanguageSettingSchema = z.enum(OCR_LANGUAGE_SETTINGS);

/** The collection's OCR language, or null where it sets none (the server's OCR_LANGUAGES applies). */
export function ocrLanguageOf(settings: Record<string, unknown>): OcrLanguageSetting | null {
  const parsed = ocrLanguageSettingSchema.safeParse(settings.ocrLanguage);
  return parsed.success ? parsed.data : null;
}
