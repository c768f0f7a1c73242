import { readFileSync } from 'node:fs';
import { AppError } from '@grounded/core';
import { z } from 'zod';
import type { SparseFeatures } from './hashed-features';

/**
 * A fitted logistic-regression model as shipped in the repository: hashed sparse features plus a
 * few named dense ones, weights quantised to int16 and base64-encoded so the JSON stays small.
 * Training code: eval/guardrails-train.ts; the card beside each JSON says what it was fitted on.
 */

export const linearModelFileSchema = z.object({
  id: z.string().min(1),
  version: z.string().min(1),
  /** Hash buckets of the sparse part; dense features follow at indices buckets…buckets+dense-1. */
  buckets: z.number().int().nonnegative(),
  minN: z.number().int().nonnegative(),
  maxN: z.number().int().nonnegative(),
  dense: z.array(z.string()),
  bias: z.number(),
  /** weight = int16 * scale. */
  scale: z.number().positive(),
  weights: z.string(),
  /** Probability at or above which the model flags, chosen on the development split. */
  threshold: z.number().gt(0).lt(1),
  /** Extra thresholds for other uses of the same model (e.g. documents). */
  thresholds: z.record(z.string(), z.number().gt(0).lt(1)).default({}),
  trainedAt: z.string(),
  /** For models over sentence embeddings: the embedder's id and dimension they were fitted with. */
  embedder: z.object({ id: z.string(), dimension: z.number().int().positive() }).optional(),
});
export type LinearModelFile = z.infer<typeof linearModelFileSchema>;

export interface LinearModel extends Omit<LinearModelFile, 'weights' | 'scale'> {
  weights: Float32Array;
}

export function encodeWeights(weights: ArrayLike<number>): { scale: number; weights: string } {
  let max = 0;
  for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i] as number));
  const scale = max > 0 ? max / 32767 : 1;
  const q = new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.round((weights[i] as number) / scale);
  return { scale, weights: Buffer.from(q.buffer).toString('base64') };
}

export function decodeModel(file: LinearModelFile): LinearModel {
  const bytes = Buffer.from(file.weights, 'base64');
  const q = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
  if (q.length !== file.buckets + file.dense.length) {
    throw new AppError(
      'model_load_failed',
      `${file.id}: ${q.length} weights, expected ${file.buckets + file.dense.length}`,
    );
  }
  const weights = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) weights[i] = (q[i] as number) * file.scale;
  const { weights: _w, scale: _s, ...rest } = file;
  return { ...rest, weights };
}

export function loadLinearModel(url: URL): LinearModel {
  let raw: string;
  try {
    raw = readFileSync(url, 'utf8');
  } catch (cause) {
    throw new AppError('model_not_found', `no model file at ${url.pathname}`, { cause });
  }
  let parsed: LinearModelFile;
  try {
    parsed = linearModelFileSchema.parse(JSON.parse(raw));
  } catch (cause) {
    throw new AppError('model_load_failed', `model file ${url.pathname} is not a valid linear model`, {
      cause,
    });
  }
  return decodeModel(parsed);
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
export const logit = (p: number): number => Math.log(p / (1 - p));

/** Decision value of sparse + dense features (before the sigmoid). */
export function margin(
  model: LinearModel,
  indices: readonly number[],
  values: readonly number[],
  dense: readonly number[],
): number {
  let z = model.bias;
  for (let i = 0; i < indices.length; i++)
    z += (model.weights[indices[i] as number] as number) * (values[i] as number);
  for (let k = 0; k < dense.length; k++)
    z += (model.weights[model.buckets + k] as number) * (dense[k] as number);
  return z;
}

export interface LinearEvidence {
  gram: string;
  start: number;
  end: number;
  contribution: number;
}

/** The n-grams that pushed the score up most, one per region of the text (no overlapping spans). */
export function explainLinear(model: LinearModel, features: SparseFeatures, top: number): LinearEvidence[] {
  const ranked = features.indices
    .map((bucket, i) => ({
      bucket,
      contribution: (model.weights[bucket] as number) * (features.values[i] as number),
    }))
    .filter((c) => c.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution);
  const out: LinearEvidence[] = [];
  for (const { bucket, contribution } of ranked) {
    const e = features.evidence.get(bucket);
    if (!e || e.end <= e.start || e.gram.trim().length === 0) continue;
    if (out.some((o) => e.start < o.end && o.start < e.end)) continue;
    out.push({ ...e, contribution });
    if (out.length >= top) break;
  }
  return out;
}
