import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '../errors';

/** What a promise rejected with, or undefined when it resolved (test-only). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/**
 * The `AppError` code a promise rejected with; anything else (a resolve, another error) comes back
 * as a description that no expected code equals, so `expect(...).toBe(code)` fails on it.
 */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  const error = await rejectionOf(promise);
  if (error instanceof AppError) return error.code;
  return error === undefined ? 'resolved without an error' : `not an AppError: ${String(error)}`;
}

/** Runs `use` with a fresh temporary folder and removes the folder afterwards. */
export async function withScratchFolder<T>(use: (scratch: string) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'grounded-conformance-'));
  try {
    return await use(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * A transformers.js model folder `<scratch>/broken` that exists but cannot load: unreadable
 * config and tokenizer, and an ONNX file that is not a graph. Returns the load options to use.
 */
export function writeBrokenTransformersModel(scratch: string): { model: string; localModelPath: string } {
  const folder = path.join(scratch, 'broken');
  mkdirSync(path.join(folder, 'onnx'), { recursive: true });
  for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
    writeFileSync(path.join(folder, f), '{ not json');
  }
  writeFileSync(path.join(folder, 'onnx', 'model.onnx'), 'not an onnx graph');
  return { model: 'broken', localModelPath: scratch };
}

/** A file that is not a fastText model. */
export function writeBrokenFastTextModel(scratch: string): string {
  const file = path.join(scratch, 'broken.ftz');
  writeFileSync(file, 'not a fastText model');
  return file;
}

/** `use` with a broken transformers.js model folder (see writeBrokenTransformersModel), removed afterwards. */
export function withBrokenTransformersModel<T>(
  use: (source: { model: string; localModelPath: string }) => Promise<T>,
): Promise<T> {
  return withScratchFolder((scratch) => use(writeBrokenTransformersModel(scratch)));
}
