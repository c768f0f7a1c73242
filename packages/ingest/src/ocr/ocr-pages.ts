import { AppError } from '@grounded/core';
import type { Deadline, ResolvedParseOptions } from '../parse-limits';
import type { OcrEngine, OcrLanguage, OcrResult } from './ocr-engine';
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

/** How `auto` chose the languages, kept in the document's OCR metadata. */
export interface OcrLanguageDetection {
  /** Share of Han characters among the letters the first page's two-language reading found. */
  hanShare: number;
  /** Each reading of the first page: its languages and confidence. */
  tried: { languages: OcrLanguage[]; confidence: number }[];
  chosen: OcrLanguage[];
}

/** Both models together: what `auto` reads a first page with. */
const BOTH: OcrLanguage[] = ['eng', 'chi_sim'];
/**
 * Below this share of Han characters, a page is Latin script (the Chinese model reads a few
 * stray marks as Han on English pages); above 1 minus it, Chinese. In between, both stay.
 */
const ONE_SCRIPT_SHARE = 0.02;

/** Han characters among the letters of an OCR result (0 when it read no letters). */
export function hanShare(result: OcrResult): number {
  const text = result.lines.map((line) => line.text).join('');
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  return letters === 0 ? 0 : han / letters;
}

/**
 * The engine a parse uses: the caller's (shared, kept open), or a fresh tesseract.js engine that
 * `release` closes once the document is read. With languages 'auto', the first page decides the
 * document's languages: read with both models, then, when it holds one script only, with that
 * language alone; the reading with the higher mean confidence is kept (the single language on a
 * tie), and its languages read the remaining pages (one extra page of OCR per document, and
 * single-language pages after it).
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
  let languages: OcrLanguage[] | null = options.ocrLanguages === 'auto' ? null : options.ocrLanguages;
  let detection: OcrLanguageDetection | null = null;
  const recognize = (image: Uint8Array, languages_: OcrLanguage[]) =>
    engine().recognize(image, { languages: languages_, signal: controller.signal });
  const firstPage = async (image: Uint8Array): Promise<OcrResult> => {
    const both = await recognize(image, BOTH);
    const share = hanShare(both);
    const single: OcrLanguage[] | null =
      share < ONE_SCRIPT_SHARE ? ['eng'] : share > 1 - ONE_SCRIPT_SHARE ? ['chi_sim'] : null;
    const tried = [{ languages: BOTH, confidence: both.confidence }];
    let best = both;
    languages = BOTH;
    if (single) {
      const alone = await recognize(image, single);
      tried.push({ languages: single, confidence: alone.confidence });
      // A tie goes to the single model: the same reading, and the later pages take a fraction of the time.
      if (alone.confidence >= both.confidence) {
        best = alone;
        languages = single;
      }
    }
    detection = { hanShare: Math.round(share * 1000) / 1000, tried, chosen: languages };
    return best;
  };
  return {
    /** The languages the pages were read with (after the first page, for 'auto'). */
    languages: (): OcrLanguage[] | 'auto' => languages ?? options.ocrLanguages,
    detection: (): OcrLanguageDetection | null => detection,
    async read(image: Uint8Array): Promise<OcrPageText> {
      try {
        const result = languages ? await recognize(image, languages) : await firstPage(image);
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
  session: { languages(): OcrLanguage[] | 'auto'; detection(): OcrLanguageDetection | null },
): Record<string, unknown> {
  if (reports.length === 0) return {};
  const detection = session.detection();
  const lowConfidencePages = reports
    .filter((report) => report.characters > 0 && report.confidence < options.ocrMinConfidence)
    .map((report) => report.page);
  return {
    ocr: {
      engine: options.ocrEngine?.id ?? 'tesseract.js',
      languages: session.languages(),
      languageSetting: options.ocrLanguages === 'auto' ? 'auto' : options.ocrLanguages.join('+'),
      ...(detection ? { languageDetection: detection } : {}),
      minConfidence: options.ocrMinConfidence,
      pages: reports,
    },
    ocrPages: reports.map((report) => report.page),
    lowConfidencePages,
  };
}
