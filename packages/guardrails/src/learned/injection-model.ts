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

/**
 * The document scan's model (models/injection-doc-lr.json, card beside it; issue #19): the same
 * features plus the document cues, fitted on the same data plus company-style chunks and injections
 * hidden in them. Its own weights, so that fixing false flags on company how-to text leaves the
 * message model, and so the chat's input check, as it was.
 */
export const INJECTION_DOCUMENT_MODEL_URL = new URL('./models/injection-doc-lr.json', import.meta.url);

let shippedDocument: LinearModel | undefined;
export function documentInjectionModel(): LinearModel {
  shippedDocument ??= loadLinearModel(INJECTION_DOCUMENT_MODEL_URL);
  return shippedDocument;
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
