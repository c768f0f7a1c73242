import { AppError } from '@grounded/core';
import type { Verdict } from '../types';
import {
  type ClassifyOptions,
  DEFAULT_SAFETY_THRESHOLDS,
  SAFETY_CATEGORIES,
  type SafetyCategory,
  type SafetyClassifier,
  type SafetyThresholds,
} from './safety-classifier';

/**
 * Runs a classifier and applies per-category thresholds: any category at or above its threshold
 * blocks. The verdict's version names the classifier so audits can tell lexicon from model.
 */
export async function checkToxicity(
  text: string,
  classifier: SafetyClassifier,
  thresholds: SafetyThresholds = {},
  options?: ClassifyOptions,
): Promise<Verdict> {
  const [result] = await classifier.classify([text], options);
  if (!result)
    throw new AppError('classifier_no_result', `safety classifier ${classifier.id} returned no result`);
  const limits = { ...DEFAULT_SAFETY_THRESHOLDS, ...thresholds };
  const over: SafetyCategory[] = SAFETY_CATEGORIES.filter((c) => result.scores[c] >= limits[c]);
  const top = Math.max(...SAFETY_CATEGORIES.map((c) => result.scores[c]));
  const fmt = (c: SafetyCategory) => `${c} ${result.scores[c].toFixed(2)} ≥ ${limits[c]}`;
  return {
    check: 'toxicity',
    version: `toxicity@1.0.0+${classifier.id}`,
    action: over.length > 0 ? 'block' : 'allow',
    score: top,
    reason:
      over.length > 0
        ? `over threshold: ${over.map(fmt).join(', ')}`
        : `below thresholds (max ${top.toFixed(2)})`,
    spans: result.spans,
  };
}
