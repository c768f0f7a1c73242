import type { OcrEngine } from './ocr-engine';
import { PaddleOcrEngine } from './paddle-engine';
import { TesseractOcrEngine } from './tesseract-engine';

/**
 * The OCR engines a server can be set to (OCR_ENGINE): tesseract.js, the default, or PaddleOCR's
 * PP-OCRv4 models on onnxruntime. A name, not an object, so that it crosses to the ingestion
 * worker thread with the other parse options.
 */
export const OCR_ENGINE_KINDS = ['tesseract', 'paddle'] as const;
export type OcrEngineKind = (typeof OCR_ENGINE_KINDS)[number];

export function createOcrEngine(kind: OcrEngineKind): OcrEngine {
  return kind === 'paddle' ? new PaddleOcrEngine() : new TesseractOcrEngine();
}
