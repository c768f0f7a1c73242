import { AppError } from '@grounded/core';
import type { Deadline, ResolvedParseOptions } from '../parse-limits';
import { createOcrEngine } from './create-ocr-engine';
import type { OcrEngine, OcrLanguage, OcrResult } from './ocr-engine';
import { readingOrder } from './reading-order';

/** What OCR read on one page: lines in reading order, '' between blocks, and its confidence. */
export interface OcrPageText {
  lines: string[];
  confidence: number;
  /** The languages the kept reading used. */
  languages: OcrLanguage[];
}

/** Per-page OCR facts kept in the extracted document's metadata. */
export interface OcrPageReport {
  page: number;
  /** 0 to 1, rounded to 3 places. */
  confidence: number;
  characters: number;
  languages: OcrLanguage[];
}

/** How `auto` chose the languages, kept in the document's OCR metadata. */
export interface OcrLanguageDetection {
  /** Share of Han characters among the letters of the first page (read with both models). */
  hanShare: number;
  /** The languages the pages after the first were read with, at the end. */
  chosen: OcrLanguage[];
  /** Pages English alone read far below the confidence floor (see REREAD_SHARE), then read again with both models. */
  reread: number;
}

/** Both models together: what `auto` reads a first page with. */
const BOTH: OcrLanguage[] = ['eng', 'chi_sim'];
/**
 * Below this share of Han characters among its letters, a page is Latin script (the Chinese
 * model reads a few stray marks as Han on English pages).
 */
const LATIN_ONLY_SHARE = 0.02;

/**
 * A page English alone reads below this share of the confidence floor is read again with both
 * models. Measured: the English model reads a Chinese page at 0.03, and the poorest English scan
 * in ../shared/eval/pdfs at 0.40 (0.44 with both), which a reread would only slow down.
 */
const REREAD_SHARE = 0.5;

/** Han characters among the letters of an OCR result (0 when it read no letters). */
export function hanShare(result: OcrResult): number {
  const text = result.lines.map((line) => line.text).join('');
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  return letters === 0 ? 0 : han / letters;
}

/**
 * The engine a parse uses: the caller's (shared, kept open), or a fresh one of `ocrEngineKind`
 * (tesseract.js unless set) that `release` closes once the document is read.
 *
 * With languages 'auto', the first page is read with both models, and a first page in Latin
 * script alone sends the next pages to the English model alone: it reads English as well as both
 * together (CER 2.99 % vs 3.04 % on the Linn scan) at 1.3x the speed. A later page that English
 * alone reads far below the confidence floor (a Chinese page after an English cover) is read again
 * with both, and the more confident reading is kept; where both win, they
 * read the rest. Pages with Han script keep both models: Chinese documents quote English, and
 * Chinese alone is no faster.
 */
export function ocrSession(options: ResolvedParseOptions, deadline: Deadline) {
  let own: OcrEngine | null = null;
  const controller = new AbortController();
  deadline.onAbort(() => controller.abort());
  const engine = (): OcrEngine => {
    if (options.ocrEngine) return options.ocrEngine;
    own ??= createOcrEngine(options.ocrEngineKind);
    return own;
  };
  const auto = options.ocrLanguages === 'auto';
  let languages: OcrLanguage[] | null = options.ocrLanguages === 'auto' ? null : options.ocrLanguages;
  let detection: OcrLanguageDetection | null = null;
  const recognize = (image: Uint8Array, languages_: OcrLanguage[]) =>
    engine().recognize(image, { languages: languages_, signal: controller.signal });
  const readAuto = async (image: Uint8Array): Promise<[OcrResult, OcrLanguage[]]> => {
    if (!languages || !detection) {
      const first = await recognize(image, BOTH);
      const share = hanShare(first);
      languages = share < LATIN_ONLY_SHARE ? ['eng'] : BOTH;
      detection = { hanShare: Math.round(share * 1000) / 1000, chosen: languages, reread: 0 };
      return [first, BOTH];
    }
    const used = languages;
    const result = await recognize(image, used);
    if (used.length > 1 || result.confidence >= options.ocrMinConfidence * REREAD_SHARE)
      return [result, used];
    detection.reread++;
    const again = await recognize(image, BOTH);
    if (again.confidence <= result.confidence) return [result, used];
    languages = BOTH;
    detection.chosen = BOTH;
    return [again, BOTH];
  };
  return {
    /** The engine's id, for the document's OCR metadata. */
    engineId: (): string => engine().id,
    /** The languages the pages were read with (after the first page, for 'auto'). */
    languages: (): OcrLanguage[] | 'auto' => (auto ? (detection?.chosen ?? 'auto') : options.ocrLanguages),
    detection: (): OcrLanguageDetection | null => detection,
    async read(image: Uint8Array): Promise<OcrPageText> {
      try {
        const fixed = languages as OcrLanguage[];
        const [result, used] = auto ? await readAuto(image) : [await recognize(image, fixed), fixed];
        const lines: string[] = [];
        for (const block of readingOrder(result.lines)) {
          if (lines.length > 0) lines.push('');
          lines.push(...block.lines.map((line) => line.text));
        }
        return { lines, confidence: result.confidence, languages: used };
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
    languages: text.languages,
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
  session: {
    engineId(): string;
    languages(): OcrLanguage[] | 'auto';
    detection(): OcrLanguageDetection | null;
  },
): Record<string, unknown> {
  if (reports.length === 0) return {};
  const detection = session.detection();
  const lowConfidencePages = reports
    .filter((report) => report.characters > 0 && report.confidence < options.ocrMinConfidence)
    .map((report) => report.page);
  return {
    ocr: {
      engine: session.engineId(),
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
