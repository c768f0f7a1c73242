import { AppError } from '@grounded/core';

/**
 * Per-document size limits (issue #12) and the settings apps/api reads for each, so a refusal
 * tells the operator which knob to turn.
 */
const LIMITS = {
  chars: {
    setting: 'MAX_DOCUMENT_CHARS',
    measured: (n: string) => `The document's extracted text has ${n} characters`,
  },
  chunks: {
    setting: 'MAX_DOCUMENT_CHUNKS',
    measured: (n: string) => `The document splits into ${n} chunks`,
  },
  docxXmlBytes: {
    setting: 'MAX_DOCX_XML_BYTES',
    measured: (n: string) => `The DOCX file's XML unpacks to ${n} bytes`,
  },
  docxXmlTags: {
    setting: 'MAX_DOCX_XML_TAGS',
    measured: (n: string) => `The DOCX file's XML has ${n} tags`,
  },
} as const;

export type DocumentLimit = keyof typeof LIMITS;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * `document_too_large` (413). `atLeast` marks a count where measuring stopped at the limit
 * instead of finishing the document, so `actual` is a lower bound.
 */
export function documentTooLarge(
  limit: DocumentLimit,
  actual: number,
  max: number,
  options: { atLeast?: boolean } = {},
): AppError {
  const { setting, measured } = LIMITS[limit];
  const n = options.atLeast ? `at least ${count(actual)}` : count(actual);
  return new AppError('document_too_large', `${measured(n)}, over the limit of ${count(max)} (${setting}).`, {
    details: { limit: max, actual, setting },
  });
}
