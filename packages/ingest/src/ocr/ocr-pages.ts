import { AppError } from '@grounded/core';
import type { Deadline, ResolvedParseOptions } from '../parse-limits';
import type { OcrEngine } from './ocr-engine';
import { readingOrder } from './reading-order';
import { TesseractOcrEngine } from './tesseract-engine';

/** What OCR read on one page: lines in reading order, '' between blocks, and its confidence. */
export interface OcrPageText {
  lines: string[];
  confidence: number;
}

/** Per-page OCR facts kept in the extracted document's metadata. */
export interface OcrPageReport {
  page: number;
  /** 0 to 1, rounded to 3 places. */
  confidence: number;
  characters: number;
}

/**
 * The engine a parse uses: the caller's (shared, kept open), or a fresh tesseract.js engine that
 * `release` closes once the document is read.
 */
export function ocrSession(options: ResolvedParseOptions, deadline: Deadline) {
  let own: OcrEngine | null = null;
  const controller = new AbortController();
  deadline.onAbort(() => controller.abort());
  const engine = (): OcrEngine => {
    if (options.ocrEngine) return options.ocrEngine;
    own ??= new TesseractOcrEngine();
    return own;
  };
  return {
    async read(image: Uint8Array): Promise<OcrPageText> {
      try {
        const result = await engine().recognize(image, {
          languages: options.ocrLanguages,
          signal: controller.signal,
        });
        const lines: string[] = [];
        for (const block of readingOrder(result.lines)) {
          if (lines.length > 0) lines.push('');
          lines.push(...block.lines.map((line) => line.text));
        }
        return { lines, confidence: result.confidence };
      } catch (error) {
        if (error instanceof AppError) throw error;
        // Aborted by the deadline: the deadline's own parse_timeout is what the caller sees.
        if (error instanceof Error && error.name === 'AbortError') await deadline.checkpoint();
        throw new AppError('malformed_document', 'The image could not be read by OCR.', {
          details: { reason: error instanceof Error ? error.message : String(error) },
          cause: error,
        });
      }
    },
    async release(): Promise<void> {
      await own?.close();
    },
  };
}

export function ocrReport(page: number, text: OcrPageText): OcrPageReport {
  return {
    page,
    confidence: Math.round(text.confidence * 1000) / 1000,
    characters: text.lines.join('').replace(/\s+/g, '').length,
  };
}

/**
 * Metadata for OCRed pages. A page read with less confidence than the floor is listed in
 * `lowConfidencePages` (its text is still indexed, but the document says it may be wrong), so an
 * operator can re-scan it instead of trusting answers quoted from it.
 */
export function ocrMetadata(
  reports: OcrPageReport[],
  options: ResolvedParseOptions,
): Record<string, unknown> {
  if (reports.length === 0) return {};
  const lowConfidencePages = reports
    .filter((report) => report.characters > 0 && report.confidence < options.ocrMinConfidence)
    .map((report) => report.page);
  return {
    ocr: {
      engine: options.ocrEngine?.id ?? 'tesseract.js',
      languages: options.ocrLanguages,
      minConfidence: options.ocrMinConfidence,
      pages: reports,
    },
    ocrPages: reports.map((report) => report.page),
    lowConfidencePages,
  };
}
