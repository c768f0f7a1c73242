import { vendoredModelPath } from '@grounded/core';

/**
 * The sentiment models that ship with the product under `models/` (issue #17), as absolute paths:
 * the defaults of FASTTEXT_POLARITY_MODEL, FASTTEXT_STARS_MODEL and SENTIMENT_ZH_MODEL_FILE, so a
 * fresh clone with no `../shared` runs the measured best offline configuration.
 */
export function vendoredSentimentModels(): { polarity: string; stars: string; chinese: string } {
  return {
    polarity: vendoredModelPath('fasttext', 'amazon_review_polarity.ftz'),
    stars: vendoredModelPath('fasttext', 'amazon_review_full.ftz'),
    chinese: vendoredModelPath('sentiment-zh', 'chnsenticorp-nb.json'),
  };
}

/**
 * The neutral band of the vendored Chinese model, fitted like DEFAULT_ENGLISH_NEUTRAL_BAND on the
 * dev half of the short texts (Chinese part). The model is binary (ChnSentiCorp has no neutral class)
 * and its probabilities are extreme, so a band can only catch its least certain answers.
 */
export const DEFAULT_CHINESE_NEUTRAL_BAND = 0.98;
