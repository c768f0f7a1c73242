import { resultFromScore, type SentimentLabel } from '@grounded/llm';
import { classificationScores } from '../metrics/classification';

export interface ScoredExample {
  score: number;
  label: SentimentLabel;
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
    const f1 = classificationScores(
      gold,
      examples.map((e) => resultFromScore(e.score, band).label),
    ).macroF1;
    if (f1 > best.macroF1) best = { band, macroF1: f1 };
  }
  return best;
}
