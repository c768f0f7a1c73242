import { readFile } from 'node:fs/promises';
import { AppError } from '@grounded/core';
import { z } from 'zod';
import { resultFromScore } from './polarity';
import { sentimentFeatures } from './tokenize';
import type { SentimentClassifier, SentimentLabel, SentimentResult } from './types';

export interface TrainingRow {
  text: string;
  label: string;
}

export interface TrainSentimentOptions {
  /** Share of rows held out to measure accuracy (default 0.2; 0 skips it). */
  holdoutFraction?: number;
  /** Seed of the held-out split, so a retrain on the same data reports the same figure. */
  seed?: number;
  /** Features seen in fewer training texts are dropped, keeping the model compact (default 2). */
  minCount?: number;
  /** Laplace smoothing (default 1). */
  alpha?: number;
  /** After measuring, refit on all rows (default true). */
  refitOnAll?: boolean;
  /** How each label maps onto negative/neutral/positive; guessed from label names when absent. */
  polarity?: Record<string, SentimentLabel>;
  /** Languages the model is meant for, reported by the classifier (default ['*']). */
  languages?: string[];
  id?: string;
}

export interface TrainedSentimentModel {
  classifier: TrainedSentimentClassifier;
  /** Accuracy on the held-out rows, or null when none were held out. */
  heldOutAccuracy: number | null;
  heldOutCount: number;
  labels: string[];
  /** A JSON string that `loadTrainedSentimentModel` turns back into the same classifier. */
  serialize(): string;
}

export interface LabelPrediction {
  label: string;
  probabilities: Record<string, number>;
}

export interface TrainedSentimentClassifier extends SentimentClassifier {
  readonly labels: readonly string[];
  /** The model's own labels with probabilities (for label sets that are not sentiment). */
  predict(texts: readonly string[]): LabelPrediction[];
}

const modelSchema = z.object({
  format: z.literal('grounded-sentiment-nb'),
  version: z.literal(1),
  id: z.string(),
  languages: z.array(z.string()),
  labels: z.array(z.string()).min(2),
  polarity: z.record(z.string(), z.enum(['negative', 'neutral', 'positive'])),
  alpha: z.number().positive(),
  logPriors: z.array(z.number()),
  features: z.array(z.string()),
  /** counts[label][feature]: in how many training texts of that label the feature occurs. */
  counts: z.array(z.array(z.number().int().nonnegative())),
  totals: z.array(z.number().nonnegative()),
});
type ModelData = z.infer<typeof modelSchema>;

/** Numeric 0/1, stars and words like 'neg'/'pos' are recognised; anything else is 'neutral'. */
export function guessPolarity(labels: readonly string[]): Record<string, SentimentLabel> {
  const out: Record<string, SentimentLabel> = {};
  const sorted = [...labels].sort();
  const binaryNumeric = sorted.length === 2 && sorted[0] === '0' && sorted[1] === '1';
  for (const label of labels) {
    const l = label.toLowerCase().trim();
    if (binaryNumeric) out[label] = l === '1' ? 'positive' : 'negative';
    else if (/neg|bad|差/.test(l)) out[label] = 'negative';
    else if (/pos|good|好/.test(l)) out[label] = 'positive';
    else if (/^[1-5](\s*stars?)?$/.test(l)) {
      const n = Number(l[0]);
      out[label] = n < 3 ? 'negative' : n > 3 ? 'positive' : 'neutral';
    } else out[label] = 'neutral';
  }
  return out;
}

function seededShuffle(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let state = seed >>> 0;
  const rand = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

/** Binarised multinomial naive Bayes (each feature counted once per text), a strong sentiment baseline. */
function fit(rows: readonly TrainingRow[], labels: string[], options: TrainSentimentOptions): ModelData {
  const minCount = options.minCount ?? 2;
  const alpha = options.alpha ?? 1;
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const docFreq = new Map<string, number>();
  const perText = rows.map((r) => new Set(sentimentFeatures(r.text)));
  for (const set of perText) for (const f of set) docFreq.set(f, (docFreq.get(f) ?? 0) + 1);
  const features = [...docFreq.entries()].filter(([, n]) => n >= minCount).map(([f]) => f);
  features.sort();
  const featureIndex = new Map(features.map((f, i) => [f, i]));
  const counts = labels.map(() => new Array<number>(features.length).fill(0));
  const docs = labels.map(() => 0);
  perText.forEach((set, i) => {
    const li = labelIndex.get((rows[i] as TrainingRow).label) as number;
    docs[li] = (docs[li] ?? 0) + 1;
    const row = counts[li] as number[];
    for (const f of set) {
      const fi = featureIndex.get(f);
      if (fi !== undefined) row[fi] = (row[fi] ?? 0) + 1;
    }
  });
  const totals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  return {
    format: 'grounded-sentiment-nb',
    version: 1,
    id: options.id ?? 'trained-nb',
    languages: options.languages ?? ['*'],
    labels,
    polarity: { ...guessPolarity(labels), ...options.polarity },
    alpha,
    logPriors: docs.map((d) => Math.log((d + 1) / (rows.length + labels.length))),
    features,
    counts,
    totals,
  };
}

export interface LoadTrainedSentimentOptions {
  /** A polar label whose |score| is below this becomes neutral (default 0: the model's own labels). */
  neutralBand?: number;
}

function buildClassifier(
  model: ModelData,
  options: LoadTrainedSentimentOptions = {},
): TrainedSentimentClassifier {
  const band = options.neutralBand ?? 0;
  const index = new Map(model.features.map((f, i) => [f, i]));
  const V = model.features.length;
  // log P(feature | label), precomputed once per label.
  const logLik = model.counts.map((row, li) => {
    const denom = Math.log((model.totals[li] ?? 0) + model.alpha * V);
    return Float64Array.from(row, (c) => Math.log(c + model.alpha) - denom);
  });

  function predictOne(text: string): LabelPrediction {
    const ids = new Set<number>();
    for (const f of sentimentFeatures(text)) {
      const i = index.get(f);
      if (i !== undefined) ids.add(i);
    }
    const logp = model.labels.map((_, li) => {
      let s = model.logPriors[li] ?? 0;
      const ll = logLik[li] as Float64Array;
      for (const i of ids) s += ll[i] ?? 0;
      return s;
    });
    const max = Math.max(...logp);
    const exp = logp.map((v) => Math.exp(v - max));
    const z = exp.reduce((a, b) => a + b, 0);
    const probabilities: Record<string, number> = {};
    let best = 0;
    model.labels.forEach((label, li) => {
      probabilities[label] = (exp[li] ?? 0) / z;
      if ((exp[li] ?? 0) > (exp[best] ?? 0)) best = li;
    });
    return { label: model.labels[best] as string, probabilities };
  }

  // The label is the polarity with the most probability summed over its raw labels, not the polarity
  // of the single likeliest raw label: with two negative star labels against one positive, the latter
  // could say "positive" while P(negative) > P(positive) made the score negative (issue #13).
  function toResult(p: LabelPrediction): SentimentResult {
    const mass: Record<SentimentLabel, number> = { negative: 0, neutral: 0, positive: 0 };
    for (const [label, prob] of Object.entries(p.probabilities)) {
      mass[model.polarity[label] ?? 'neutral'] += prob;
    }
    const score = mass.positive - mass.negative;
    let label: SentimentLabel = 'neutral';
    if (mass.positive > mass.neutral && mass.positive > mass.negative) label = 'positive';
    else if (mass.negative > mass.neutral && mass.negative > mass.positive) label = 'negative';
    const banded = label !== 'neutral' && Math.abs(score) < band;
    if (banded) label = 'neutral';
    // A neutral the band made, or one the model has no neutral label for (a tie: empty text, only
    // unknown words), gets its place in the band as confidence, as resultFromScore gives it.
    const placed = banded || (label === 'neutral' && mass.neutral === 0);
    return {
      ...resultFromScore(score, 0),
      label,
      confidence: placed ? resultFromScore(score, band).confidence : mass[label],
      rawLabel: p.label,
    };
  }

  return {
    id: model.id,
    languages: model.languages,
    labels: model.labels,
    predict: (texts) => texts.map(predictOne),
    async classify(texts) {
      return texts.map((t) => toResult(predictOne(t)));
    },
    async close() {},
  };
}

/**
 * Trains a classifier on the customer's own labelled rows, any language and any label set.
 * A seeded share is held out first to report accuracy honestly; the returned model is then refit
 * on all rows unless `refitOnAll` is false.
 */
export function trainSentimentModel(
  rows: readonly TrainingRow[],
  options: TrainSentimentOptions = {},
): TrainedSentimentModel {
  const clean = rows
    .map((r) => ({ text: String(r.text ?? ''), label: String(r.label ?? '').trim() }))
    .filter((r) => r.text.trim() !== '' && r.label !== '');
  const labels = [...new Set(clean.map((r) => r.label))].sort();
  if (labels.length < 2) {
    throw new AppError('invalid_training_data', 'training needs labelled rows of at least two labels', {
      details: { rows: clean.length, labels },
    });
  }
  const holdout = Math.min(Math.max(options.holdoutFraction ?? 0.2, 0), 0.5);
  const order = seededShuffle(clean.length, options.seed ?? 1);
  const nTest = Math.floor(clean.length * holdout);
  const test = order.slice(0, nTest).map((i) => clean[i] as TrainingRow);
  const train = order.slice(nTest).map((i) => clean[i] as TrainingRow);

  let model = fit(train, labels, options);
  let heldOutAccuracy: number | null = null;
  if (test.length > 0) {
    const preds = buildClassifier(model).predict(test.map((r) => r.text));
    heldOutAccuracy = preds.filter((p, i) => p.label === test[i]?.label).length / test.length;
    if (options.refitOnAll ?? true) model = fit(clean, labels, options);
  }
  const classifier = buildClassifier(model);
  return {
    classifier,
    heldOutAccuracy,
    heldOutCount: test.length,
    labels,
    serialize: () => JSON.stringify(model),
  };
}

export function loadTrainedSentimentModel(
  json: string,
  options: LoadTrainedSentimentOptions = {},
): TrainedSentimentClassifier {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (cause) {
    throw new AppError('invalid_model', 'trained sentiment model is not valid JSON', { cause });
  }
  const parsed = modelSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('invalid_model', 'trained sentiment model has the wrong shape', {
      details: { issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) },
    });
  }
  const m = parsed.data;
  const consistent =
    m.counts.length === m.labels.length &&
    m.totals.length === m.labels.length &&
    m.logPriors.length === m.labels.length &&
    m.counts.every((row) => row.length === m.features.length);
  if (!consistent) throw new AppError('invalid_model', 'trained sentiment model arrays do not line up');
  return buildClassifier(m, options);
}

/** A trained model saved as a file (the vendored Chinese model under models/), read and checked. */
export async function loadTrainedSentimentModelFile(
  file: string,
  options: LoadTrainedSentimentOptions = {},
): Promise<TrainedSentimentClassifier> {
  let json: string;
  try {
    json = await readFile(file, 'utf8');
  } catch (cause) {
    throw new AppError('model_not_found', `sentiment model file not found: ${file}`, { cause });
  }
  return loadTrainedSentimentModel(json, options);
}
