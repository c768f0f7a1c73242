import type { SentimentLabel, SentimentResult } from './types';

/**
 * Turns a signed polarity score into a label: inside the neutral band it is neutral. Confidence is
 * how far the score sits from the band edge (for polar labels) or from the band's centre (for
 * neutral), so it is 0 at the boundary and 1 at the extremes.
 */
export function resultFromScore(score: number, neutralBand: number): SentimentResult {
  const s = clamp(score, -1, 1);
  const band = clamp(neutralBand, 0, 0.99);
  let label: SentimentLabel;
  let confidence: number;
  if (Math.abs(s) < band) {
    label = 'neutral';
    confidence = band === 0 ? 0 : 1 - Math.abs(s) / band;
  } else {
    label = s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral';
    confidence = band >= 1 ? 0 : (Math.abs(s) - band) / (1 - band);
    // With no band a score of exactly 0 is still a (weak) neutral.
    if (label === 'neutral') confidence = 0;
  }
  return { label, score: s, confidence: clamp(confidence, 0, 1) };
}

export function clamp(value: number, lo: number, hi: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(hi, Math.max(lo, value));
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** log(p / (1 - p)), with p kept away from 0 and 1 (fastText .ftz outputs can exceed 1 slightly). */
export function logit(p: number, eps = 1e-6): number {
  const q = clamp(p, eps, 1 - eps);
  return Math.log(q / (1 - q));
}
