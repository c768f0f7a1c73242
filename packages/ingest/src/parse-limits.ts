import type { OcrEngineKind } from './ocr/create-ocr-engine';
import type { OcrEngine, OcrLanguage } from './ocr/ocr-engine';
import type { ParseOptions, ParseProgress } from './types';

/** Limits applied when `ParseOptions` leaves them out; chosen for an interactive upload path. */
export const DEFAULT_PARSE_LIMITS = {
  maxBytes: 100 * 1024 * 1024,
  maxPages: 2000,
  /**
   * Zip-bomb guard over the whole DOCX archive. Media pass through about 1:1 (and are never
   * converted, see parse-docx.ts), so twice the API's 50 MiB upload limit leaves room for any honest
   * document; what a DOCX costs in memory is bounded by the two XML limits below.
   */
  maxUnpackedBytes: 100 * 1024 * 1024,
  /**
   * DOCX XML limits (issue #12): mammoth holds the parsed XML, the HTML it writes and then
   * cheerio's DOM at once, so memory follows the XML's tag count far more than its bytes. Peak RSS
   * growth of parseDocument measured on synthetic document.xml (Node 20, mammoth 1.13):
   *   prose, one run per paragraph   5 MB/117k tags 191 MB; 16 MB/330k 580 MB; 25 MB/516k 946 MB
   *   12 formatted runs a paragraph  5 MB 299 MB; 10 MB 665 MB; 16 MB 1.07 GB; 25 MB/1.36M 1.4 GB
   *   tiny paragraphs                2.5 MB/396k tags 371 MB; 5 MB/809k 1.16 GB
   *   empty paragraphs (attributes)  9 MB/396k tags 897 MB, the most per tag (~2.3 KB)
   *   text in a few huge runs        25 MB 532 MB; 50 MB 1.04 GB
   * No byte limit alone keeps this near 1 GB without refusing ordinary documents (5 MB of dense
   * markup already costs 1.16 GB; the 50 MB document took 3 GB), hence the tag count too.
   * With both, the worst case measured under the limits is about 0.9-1 GB. At an estimated 12
   * characters of text per tag in typical Word markup, 400k tags is ~4.8M characters: `maxChars`.
   */
  maxDocxXmlBytes: 24 * 1024 * 1024,
  maxDocxXmlTags: 400_000,
  /** Characters of extracted text: about 1,500 pages of dense prose (issue #12). */
  maxChars: 5_000_000,
  maxCsvRows: 200_000,
  timeoutMs: 120_000,
  /** Highest accepted uncompressed/compressed ratio for a DOCX entry over 1 MiB. */
  maxCompressionRatio: 200,
  /** Below this many non-space characters per page on average, a PDF counts as image-only. */
  minPdfCharsPerPage: 40,
  /** Rows per CSV section; a chunk never spans two sections. */
  csvRowsPerSection: 20,
  ocr: true,
  /**
   * Detected from the first page: read with both models (as good as English alone on English,
   * CER 3.0 % vs 2.9 % on the Linn scan, at about 1.2x the time), then, where the page holds one
   * script only, with that one alone; the more confident reading decides the rest.
   */
  ocrLanguages: 'auto' as OcrLanguage[] | 'auto',
  /** A page takes 2-20 s of one core at 300 dpi; 50 pages fit a generous timeout on a busy host. */
  ocrMaxPages: 50,
  /** Tesseract's word confidences average 0.9+ on clean print; below 0.6 much of a page is guesswork. */
  ocrMinConfidence: 0.6,
  /** Tesseract reads best at 300 dpi (body text x-height of 20-30 pixels). */
  ocrDpi: 300,
  ocrEngineKind: 'tesseract' as OcrEngineKind,
} as const;

export interface ResolvedParseOptions {
  filename: string | undefined;
  mimeType: string | undefined;
  password: string | undefined;
  maxBytes: number;
  maxPages: number;
  maxUnpackedBytes: number;
  maxDocxXmlBytes: number;
  maxDocxXmlTags: number;
  maxChars: number;
  maxCsvRows: number;
  timeoutMs: number;
  maxCompressionRatio: number;
  minPdfCharsPerPage: number;
  csvRowsPerSection: number;
  ocr: boolean;
  ocrLanguages: OcrLanguage[] | 'auto';
  ocrMaxPages: number;
  ocrMinConfidence: number;
  ocrDpi: number;
  ocrEngineKind: OcrEngineKind;
  ocrEngine: OcrEngine | undefined;
  onProgress: ((progress: ParseProgress) => void) | undefined;
}

export function resolveParseOptions(options: ParseOptions = {}): ResolvedParseOptions {
  return {
    filename: options.filename,
    mimeType: options.mimeType,
    password: options.password,
    maxBytes: options.maxBytes ?? DEFAULT_PARSE_LIMITS.maxBytes,
    maxPages: options.maxPages ?? DEFAULT_PARSE_LIMITS.maxPages,
    maxUnpackedBytes: options.maxUnpackedBytes ?? DEFAULT_PARSE_LIMITS.maxUnpackedBytes,
    maxDocxXmlBytes: options.maxDocxXmlBytes ?? DEFAULT_PARSE_LIMITS.maxDocxXmlBytes,
    maxDocxXmlTags: options.maxDocxXmlTags ?? DEFAULT_PARSE_LIMITS.maxDocxXmlTags,
    maxChars: options.maxChars ?? DEFAULT_PARSE_LIMITS.maxChars,
    maxCsvRows: options.maxCsvRows ?? DEFAULT_PARSE_LIMITS.maxCsvRows,
    timeoutMs: options.timeoutMs ?? DEFAULT_PARSE_LIMITS.timeoutMs,
    maxCompressionRatio: options.maxCompressionRatio ?? DEFAULT_PARSE_LIMITS.maxCompressionRatio,
    minPdfCharsPerPage: options.minPdfCharsPerPage ?? DEFAULT_PARSE_LIMITS.minPdfCharsPerPage,
    csvRowsPerSection: options.csvRowsPerSection ?? DEFAULT_PARSE_LIMITS.csvRowsPerSection,
    ocr: options.ocr ?? DEFAULT_PARSE_LIMITS.ocr,
    ocrLanguages:
      options.ocrLanguages === 'auto'
        ? 'auto'
        : options.ocrLanguages?.length
          ? [...options.ocrLanguages]
          : DEFAULT_PARSE_LIMITS.ocrLanguages,
    ocrMaxPages: options.ocrMaxPages ?? DEFAULT_PARSE_LIMITS.ocrMaxPages,
    ocrMinConfidence: options.ocrMinConfidence ?? DEFAULT_PARSE_LIMITS.ocrMinConfidence,
    ocrDpi: options.ocrDpi ?? DEFAULT_PARSE_LIMITS.ocrDpi,
    ocrEngineKind: options.ocrEngineKind ?? DEFAULT_PARSE_LIMITS.ocrEngineKind,
    ocrEngine: options.ocrEngine,
    onProgress: options.onProgress,
  };
}

/**
 * What a parser gets to honour the deadline. pdf.js and friends run long stretches of promise
 * chains that never yield to timers, so a plain timer cannot interrupt them; parsers call
 * `checkpoint()` between units of work (pages) instead, which yields and throws once expired.
 */
export interface Deadline {
  /** Yields to the event loop, then throws `parse_timeout` if the deadline has passed. */
  checkpoint(): Promise<void>;
  /** Registers a cleanup run when the deadline passes (e.g. destroying the pdf.js document). */
  onAbort(cleanup: () => unknown): void;
}
