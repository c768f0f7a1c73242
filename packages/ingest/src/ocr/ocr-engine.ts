import { AppError } from '@grounded/core';

/**
 * Contract for optical character recognition (issue #14): an image in, words and lines with their
 * boxes and confidences out. Adapters run the recognizer off the caller's event loop (a worker
 * thread or a native pool): one page takes seconds of CPU.
 */

/** An OCR language as Tesseract names it; the ones this package ships models for. */
export type OcrLanguage = 'eng' | 'chi_sim';
export const OCR_LANGUAGES: readonly OcrLanguage[] = ['eng', 'chi_sim'];

/**
 * What a collection (or the server, by default) asks OCR to read: fixed languages, or `auto`, which
 * detects the script from the first page read (see `ocrSession`).
 */
export const OCR_LANGUAGE_SETTINGS = ['auto', 'eng', 'chi_sim', 'eng+chi_sim'] as const;
export type OcrLanguageSetting = (typeof OCR_LANGUAGE_SETTINGS)[number];

/** The languages a setting names, or 'auto'. */
export function ocrLanguagesOf(setting: OcrLanguageSetting): OcrLanguage[] | 'auto' {
  return setting === 'auto' ? 'auto' : (setting.split('+') as OcrLanguage[]);
}

/** Pixel box, origin top-left, `x1`/`y1` exclusive. */
export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrWord {
  text: string;
  box: OcrBox;
  /** 0 (no idea) to 1 (certain). */
  confidence: number;
}

export interface OcrLine {
  /** The line's words joined as the engine reads them. */
  text: string;
  box: OcrBox;
  confidence: number;
  words: OcrWord[];
}

export interface OcrResult {
  width: number;
  height: number;
  /** In the engine's own order; callers rebuild reading order from the boxes (see reading-order.ts). */
  lines: OcrLine[];
  /** Mean word confidence weighted by characters, 0 to 1; 0 when nothing was read. */
  confidence: number;
}

export interface RecognizeOptions {
  /** Languages the image may contain; at least one. */
  languages: readonly OcrLanguage[];
  /** Aborts the recognition: the call rejects with an AbortError-named error. */
  signal?: AbortSignal;
}

export interface OcrEngine {
  readonly id: string;
  /** `image`: encoded PNG or JPEG bytes. */
  recognize(image: Uint8Array, options: RecognizeOptions): Promise<OcrResult>;
  close(): Promise<void>;
}

/** Character-weighted mean confidence of some words (0 when there are none). */
export function meanConfidence(words: readonly OcrWord[]): number {
  let chars = 0;
  let sum = 0;
  for (const word of words) {
    const n = [...word.text].length;
    chars += n;
    sum += word.confidence * n;
  }
  return chars === 0 ? 0 : sum / chars;
}

/** The error an aborted recognition rejects with (`name` 'AbortError', as fetch and streams use). */
export function ocrAbortError(): Error {
  const error = new Error('OCR was aborted');
  error.name = 'AbortError';
  return error;
}

/** The requested languages in canonical order; refuses an empty, unknown or repeated list. */
export function normalizeOcrLanguages(languages: readonly OcrLanguage[]): OcrLanguage[] {
  const unique = OCR_LANGUAGES.filter((language) => languages.includes(language));
  if (unique.length === 0 || unique.length !== new Set(languages).size) {
    throw new AppError('validation_failed', `OCR languages must be some of: ${OCR_LANGUAGES.join(', ')}.`, {
      details: { languages: [...languages] },
    });
  }
  return unique;
}

/**
 * Runs the calls it is given one after another, each after the previous settled. An OCR engine
 * reads one page at a time, so an abort only ever stops the page it was meant for.
 */
export function oneAtATime(): <T>(call: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return (call) => {
    const run = queue.then(call);
    queue = run.catch(() => undefined);
    return run;
  };
}
