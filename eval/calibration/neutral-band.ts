import { resultFromScore, type SentimentLabel } from '@grounded/llm';
import { classificationScores } from '../metrics/classification';

export interface ScoredExample {
  score: number;
  label: SentimentLabel;
}

/**
 * Picks the neutral band on examples labelled negative/neutral/positive (scored by any classifier
 * here): the NARROWEST band whose macro-F1 is within one standard error of the best. A dev set
 * rich in neutral and mixed texts pulls the best band wide, and every extra width turns mild but
 * real praise or complaint ("The food was good.") neutral; within the noise of a small dev set,
 * the narrower band is the safer default (the rule the retrieval eval uses for its weights).
 */
export function calibrateNeutralBand(
  examples: readonly ScoredExample[],
  candidates: readonly number[] = Array.from({ length: 50 }, (_, i) => i / 50),
): { band: number; macroF1: number; bestBand: number; bestMacroF1: number } {
  const gold = examples.map((e) => e.label);
  const fits = [...candidates]
    .sort((a, b) => a - b)
    .map((band) => ({
      band,
      macroF1: classificationScores(
        gold,
        examples.map((e) => resultFromScore(e.score, band).label),
      ).macroF1,
    }));
  const best = fits.reduce((a, b) => (b.macroF1 > a.macroF1 ? b : a), { band: 0, macroF1: -1 });
  const standardError = Math.sqrt((best.macroF1 * (1 - best.macroF1)) / Math.max(1, examples.length));
  const chosen = fits.find((f) => f.macroF1 >= best.macroF1 - standardError) ?? best;
  return { ...chosen, bestBand: best.band, bestMacroF1: best.macroF1 };
}
