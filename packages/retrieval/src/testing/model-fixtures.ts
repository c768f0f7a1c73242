import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** What a promise rejected with, or undefined when it resolved (test-only). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/**
 * Runs `use` with a transformers.js model folder that exists but cannot load (unreadable config
 * and tokenizer, an ONNX file that is not a graph), and removes it afterwards.
 */
export async function withBrokenTransformersModel<T>(
  use: (source: { model: string; localModelPath: string }) => Promise<T>,
): Promise<T> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'grounded-conformance-'));
  try {
    const folder = path.join(scratch, 'broken');
    mkdirSync(path.join(folder, 'onnx'), { recursive: true });
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
      writeFileSync(path.join(folder, f), '{ not json');
    }
    writeFileSync(path.join(folder, 'onnx', 'model.onnx'), 'not an onnx graph');
    return await use({ model: 'broken', localModelPath: scratch });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
