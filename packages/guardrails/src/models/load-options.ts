import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '@grounded/core';

/** How a transformers.js model is found. Disk only unless the operator allows the hub. */
export interface TransformersModelOptions {
  /** Folder name under `localModelPath` ('local/tiny-random-bert-seqcls') or a hub id. */
  model: string;
  localModelPath?: string;
  allowRemoteModels?: boolean;
  device?: 'cpu' | 'cuda';
  dtype?: string;
}

/**
 * Resolves a model to an absolute folder (or a hub id when remote loading is allowed) and the
 * per-call `from_pretrained` options. We pass folders per call instead of setting the library's
 * global `env`, so two instances configured differently cannot interfere.
 */
export function resolveModel(options: TransformersModelOptions): {
  ref: string;
  load: Record<string, unknown>;
} {
  const remote = options.allowRemoteModels ?? false;
  const dir = options.localModelPath ? path.resolve(options.localModelPath, options.model) : undefined;
  const haveLocal = dir !== undefined && existsSync(path.join(dir, 'config.json'));
  if (!remote && !haveLocal) {
    throw new AppError(
      'model_not_found',
      dir
        ? `model '${options.model}' not found at ${dir} and remote models are not allowed`
        : `model '${options.model}' needs localModelPath when remote models are not allowed`,
      { details: { model: options.model, path: dir ?? null } },
    );
  }
  const load: Record<string, unknown> = { local_files_only: !remote };
  if (options.device) load.device = options.device;
  load.dtype = options.dtype ?? (haveLocal ? 'fp32' : undefined);
  if (load.dtype === undefined) delete load.dtype;
  return { ref: haveLocal && dir ? dir : options.model, load };
}

export function loadFailed(options: TransformersModelOptions, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AppError('model_load_failed', `could not load model '${options.model}': ${reason}`, {
    cause,
    details: { model: options.model },
  });
}

export function softmax(row: number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
