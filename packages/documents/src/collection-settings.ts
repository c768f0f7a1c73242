import { OCR_LANGUAGE_SETTINGS, type OcrLanguageSetting } from '@grounded/ingest';
import { z } from 'zod';
import { guardrailPolicySchema } from './guardrail-service';

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

/**
 * A change to a collection's settings (`PATCH /v1/collections/:id/settings`): each key given
 * replaces that setting whole; null removes it, so the server default applies again. Keys not
 * given are kept. The guardrail policy is stored as sent (defaults are filled when it is read), so
 * a later change of a default reaches collections that never chose that field.
 */
export const collectionSettingsPatchSchema = z
  .strictObject({
    ocrLanguage: ocrLanguageSettingSchema.nullable().optional(),
    guardrails: guardrailPolicySchema.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one setting: ocrLanguage or guardrails');
export type CollectionSettingsPatch = z.input<typeof collectionSettingsPatchSchema>;
