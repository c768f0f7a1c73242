export { chunkDocument, DEFAULT_CHUNK_OPTIONS } from './chunk-document';
export { cleanBlock, cleanInline, normalizeUnicode } from './clean-text';
export { detectFormat, type FormatHints } from './detect-format';
export { detectLanguage } from './detect-language';
export { type DocumentLimit, documentTooLarge } from './document-limits';
export { documentFromText, parseDocument } from './parse-document';
export { DEFAULT_PARSE_LIMITS } from './parse-limits';
export * from './types';
