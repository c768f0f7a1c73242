import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from './errors';

/**
 * Where and how a transformers.js model is loaded: the one helper every adapter over transformers.js
 * uses (embedders, rerankers, generators, translators, classifiers, scorers).
 */
export interface TransformersModelOptions {
  /** Hub id ('Xenova/bge-small-en-v1.5') or a folder name under `localModelPath`. */
  model: string;
  /** Folder that holds `<model>/config.json`, `<model>/onnx/…`. */
  localModelPath?: string;
  /** Off by default: a model is read from disk only, unless the operator allows the hub. */
  allowRemoteModels?: boolean;
  device?: 'cpu' | 'cuda';
  /** 'fp32', 'fp16', 'q8', … as the ONNX files in the folder allow. */
  dtype?: string;
}

/**
 * The id and per-call options for `from_pretrained`. We never touch transformers.js's global
 * `env` (localModelPath, allowRemoteModels): a local model is passed as an absolute folder path,
 * which the library reads directly, and `local_files_only` forbids the hub per call. So two
 * instances with different folders or remote settings cannot leak into each other.
 */
export function resolveModelSource(options: TransformersModelOptions): {
  modelRef: string;
  location: string;
  loadOptions: Record<string, unknown>;
} {
  const allowRemote = options.allowRemoteModels ?? false;
  const localDir = options.localModelPath ? path.resolve(options.localModelPath, options.model) : null;
  const useLocal = localDir !== null && (existsSync(localDir) || !allowRemote);
  if (!allowRemote && (localDir === null || !existsSync(path.join(localDir, 'config.json')))) {
    throw new AppError(
      'model_not_found',
      localDir === null
        ? `model '${options.model}' needs localModelPath when remote models are not allowed`
        : `model '${options.model}' not found at ${localDir} (no config.json) and remote models are not allowed`,
      { details: { model: options.model, path: localDir } },
    );
  }
  const loadOptions: Record<string, unknown> = { local_files_only: !allowRemote };
  if (options.device) loadOptions.device = options.device;
  if (options.dtype) loadOptions.dtype = options.dtype;
  // A local folder with the full-precision file loads it; otherwise the library picks what the
  // model's own config names (a transformers.js_config dtype such as fp16 or q4).
  else if (useLocal && localDir && existsSync(path.join(localDir, 'onnx', 'model.onnx')))
    loadOptions.dtype = 'fp32';
  const modelRef = useLocal && localDir ? localDir : options.model;
  return { modelRef, location: modelRef, loadOptions };
}

/** Wraps a library failure during loading into our stable code, naming where we looked. */
export function modelLoadFailed(
  options: TransformersModelOptions,
  location: string,
  cause: unknown,
): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AppError(
    'model_load_failed',
    `could not load model '${options.model}' from ${location}: ${reason}`,
    {
      cause,
      details: { model: options.model, path: location },
    },
  );
}
