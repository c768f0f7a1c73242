import type { SparseFeatures } from './hashed-features';
import { type LinearModel, loadLinearModel } from './linear-model';

/**
 * The shipped injection/jailbreak model (models/injection-lr.json, card beside it), loaded once on
 * first use: 0.3 MB of JSON, a few milliseconds.
 */
export const INJECTION_MODEL_URL = new URL('./models/injection-lr.json', import.meta.url);

let shipped: LinearModel | undefined;
export function injectionModel(): LinearModel {
  shipped ??= loadLinearModel(INJECTION_MODEL_URL);
  return shipped;
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
