import { resultFromScore } from './polarity';
import type { SentimentLabel } from './types';

export interface ScoredExample {
  score: number;
  label: SentimentLabel;
}

function macroF1(gold: readonly SentimentLabel[], predicted: readonly SentimentLabel[]): number {
  const labels = [...new Set(gold)];
  let sum = 0;
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] === label;
      const p = predicted[i] === label;
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return labels.length > 0 ? sum / labels.length : 0;
}

/**
 * Picks the neutral band that maximises macro-F1 on examples labelled negative/neutral/positive
 * (scored by any classifier here). No neutral-labelled set exists offline, so the shipped bands are
 * defaults; a deployment calibrates with a few hundred of its own labelled comments.
 */
export function calibrateNeutralBand(
  examples: readonly ScoredExample[],
  candidates: readonly number[] = Array.from({ length: 50 }, (_, i) => i / 50),
): { band: number; macroF1: number } {
  const gold = examples.map((e) => e.label);
  let best = { band: 0, macroF1: -1 };
  for (const band of candidates) {
    const f1 = macroF1(
      gold,
      examples.map((e) => resultFromScore(e.score, band).label),
    );
    if (f1 > best.macroF1) best = { band, macroF1: f1 };
  }
  return best;
}
