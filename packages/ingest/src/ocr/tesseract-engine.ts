import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '@grounded/core';
import Tesseract from 'tesseract.js';
import {
  meanConfidence,
  normalizeOcrLanguages,
  type OcrEngine,
  type OcrLanguage,
  type OcrLine,
  type OcrResult,
  type OcrWord,
  ocrAbortError,
  oneAtATime,
  type RecognizeOptions,
} from './ocr-engine';

const require = createRequire(import.meta.url);

/**
 * Which traineddata each language loads: the LSTM-only "best_int" models that
 * `@tesseract.js-data/<lang>` ship (3 MB for English, 2 MB for Simplified Chinese), read from
 * node_modules. tesseract.js would otherwise fetch them from a CDN at first use.
 */
const MODEL_VARIANT = '4.0.0_best_int';

function traineddataPath(language: OcrLanguage): string {
  const packageJson = require.resolve(`@tesseract.js-data/${language}/package.json`);
  return path.join(path.dirname(packageJson), MODEL_VARIANT, `${language}.traineddata.gz`);
}

/**
 * tesseract.js reads every language of a worker from one `langPath` folder, while each language
 * ships in its own npm package; a scratch folder of links joins them. (Its in-memory `{code,
 * data}` language form passes the data where the code belongs when initialising, in 7.0.)
 */
async function languageFolder(languages: readonly OcrLanguage[]): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'grounded-tessdata-'));
  for (const language of languages) {
    await symlink(traineddataPath(language), path.join(folder, `${language}.traineddata.gz`));
  }
  return folder;
}

function box(bbox: Tesseract.Bbox): OcrWord['box'] {
  return { x0: bbox.x0, y0: bbox.y0, x1: bbox.x1, y1: bbox.y1 };
}

function toResult(page: Tesseract.Page, size: { width: number; height: number }): OcrResult {
  const lines: OcrLine[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words = line.words
          .map((word) => ({ text: word.text.trim(), box: box(word.bbox), confidence: word.confidence / 100 }))
          .filter((word) => word.text !== '');
        if (words.length === 0) continue;
        lines.push({
          text: words.map((word) => word.text).join(' '),
          box: box(line.bbox),
          confidence: meanConfidence(words),
          words,
        });
      }
    }
  }
  return { ...size, lines, confidence: meanConfidence(lines.flatMap((line) => line.words)) };
}

/** Width and height from a PNG or JPEG header, so results carry the image size. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    let offset = 2;
    while (offset + 9 < bytes.length) {
      if (bytes[offset] !== 0xff) break;
      const marker = bytes[offset + 1] ?? 0;
      const length = view.getUint16(offset + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { width: view.getUint16(offset + 7), height: view.getUint16(offset + 5) };
      }
      offset += 2 + length;
    }
  }
  throw new AppError('malformed_document', 'The image is not a readable PNG or JPEG.');
}

interface LoadedWorker {
  worker: Tesseract.Worker;
  languages: string;
  folder: string;
}

/**
 * OCR with tesseract.js (Apache-2.0): Tesseract's LSTM recogniser compiled to WebAssembly, run in a
 * Node worker thread, so a page's seconds of CPU never block the caller's event loop. One worker,
 * one page at a time; it is re-created when the language set changes or a recognition is aborted
 * (aborting terminates the thread, the only way to stop WebAssembly mid-page).
 */
export class TesseractOcrEngine implements OcrEngine {
  readonly id = 'tesseract.js';
  private loaded: Promise<LoadedWorker> | null = null;
  private readonly serial = oneAtATime();
  private closed = false;

  recognize(image: Uint8Array, options: RecognizeOptions): Promise<OcrResult> {
    // One page at a time per worker: tesseract.js queues jobs itself, but an abort must only
    // ever kill the page it was meant for.
    return this.serial(() => this.recognizeNow(image, options));
  }

  private async recognizeNow(image: Uint8Array, options: RecognizeOptions): Promise<OcrResult> {
    if (this.closed) throw new AppError('internal', 'The OCR engine is closed.');
    if (options.signal?.aborted) throw ocrAbortError();
    const size = imageSize(image);
    const languages = normalizeOcrLanguages(options.languages);
    const loaded = await this.workerFor(languages);
    const { signal } = options;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        // The thread may be mid-page: kill it, and load a fresh one for the next call.
        void this.discard(loaded);
        reject(ocrAbortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const result = await Promise.race([
        loaded.worker.recognize(Buffer.from(image), {}, { text: false, blocks: true }),
        aborted,
      ]);
      return toResult(result.data, size);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      aborted.catch(() => undefined);
    }
  }

  private workerFor(languages: OcrLanguage[]): Promise<LoadedWorker> {
    const key = languages.join('+');
    const current = this.loaded;
    if (current) {
      return current.then(async (loaded) => {
        if (loaded.languages === key) return loaded;
        await this.discard(loaded);
        return this.workerFor(languages);
      });
    }
    const loading = (async (): Promise<LoadedWorker> => {
      const folder = await languageFolder(languages);
      try {
        const worker = await Tesseract.createWorker(languages, Tesseract.OEM.LSTM_ONLY, {
          langPath: folder,
          // Read the models from the folder above, never from a cache in the working directory or
          // written back to it.
          cacheMethod: 'none',
          gzip: true,
          workerPath: require.resolve('tesseract.js/src/worker-script/node/index.js'),
          // Without a handler a rejected job is rethrown inside a message listener: an uncaught
          // exception that would take the whole process down. The job's promise rejects anyway.
          errorHandler: () => undefined,
        });
        return { worker, languages: key, folder };
      } catch (error) {
        await rm(folder, { recursive: true, force: true });
        throw new AppError('internal', `The OCR engine could not start: ${String(error)}`, { cause: error });
      }
    })();
    this.loaded = loading;
    loading.catch(() => {
      if (this.loaded === loading) this.loaded = null;
    });
    return loading;
  }

  private async discard(loaded: LoadedWorker): Promise<void> {
    if (this.loaded) {
      const current = await this.loaded.catch(() => null);
      if (current === loaded) this.loaded = null;
    }
    await loaded.worker.terminate().catch(() => undefined);
    await rm(loaded.folder, { recursive: true, force: true });
  }

  async close(): Promise<void> {
    this.closed = true;
    const loaded = await this.loaded?.catch(() => null);
    this.loaded = null;
    if (loaded) await this.discard(loaded);
  }
}
