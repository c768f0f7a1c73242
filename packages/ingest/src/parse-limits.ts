import type { ParseOptions } from './types';

/** Limits applied when `ParseOptions` leaves them out; chosen for an interactive upload path. */
export const DEFAULT_PARSE_LIMITS = {
  maxBytes: 100 * 1024 * 1024,
  maxPages: 2000,
  maxUnpackedBytes: 200 * 1024 * 1024,
  maxCsvRows: 200_000,
  timeoutMs: 120_000,
  /** Highest accepted uncompressed/compressed ratio for a DOCX entry over 1 MiB. */
  maxCompressionRatio: 200,
  /** Below this many non-space characters per page on average, a PDF counts as image-only. */
  minPdfCharsPerPage: 40,
  /** Rows per CSV section; a chunk never spans two sections. */
  csvRowsPerSection: 20,
} as const;

export interface ResolvedParseOptions {
  filename: string | undefined;
  mimeType: string | undefined;
  password: string | undefined;
  maxBytes: number;
  maxPages: number;
  maxUnpackedBytes: number;
  maxCsvRows: number;
  timeoutMs: number;
  maxCompressionRatio: number;
  minPdfCharsPerPage: number;
  csvRowsPerSection: number;
}

export function resolveParseOptions(options: ParseOptions = {}): ResolvedParseOptions {
  return {
    filename: options.filename,
    mimeType: options.mimeType,
    password: options.password,
    maxBytes: options.maxBytes ?? DEFAULT_PARSE_LIMITS.maxBytes,
    maxPages: options.maxPages ?? DEFAULT_PARSE_LIMITS.maxPages,
    maxUnpackedBytes: options.maxUnpackedBytes ?? DEFAULT_PARSE_LIMITS.maxUnpackedBytes,
    maxCsvRows: options.maxCsvRows ?? DEFAULT_PARSE_LIMITS.maxCsvRows,
    timeoutMs: options.timeoutMs ?? DEFAULT_PARSE_LIMITS.timeoutMs,
    maxCompressionRatio: options.maxCompressionRatio ?? DEFAULT_PARSE_LIMITS.maxCompressionRatio,
    minPdfCharsPerPage: options.minPdfCharsPerPage ?? DEFAULT_PARSE_LIMITS.minPdfCharsPerPage,
    csvRowsPerSection: options.csvRowsPerSection ?? DEFAULT_PARSE_LIMITS.csvRowsPerSection,
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
