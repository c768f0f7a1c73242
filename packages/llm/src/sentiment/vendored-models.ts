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
 * The neutral band of the Chinese default, the NB + lexicon ensemble (chinese-ensemble.ts): fitted
 * by calibrateNeutralBand (narrowest band within one standard error of the best macro-F1; three
 * labels, mixed counted as neutral) on the pooled dev halves of the own Chinese short texts (24 +
 * 88 texts, eval/data/sentiment-short-texts.tsv and sentiment-short-zh-2.tsv). It was 0.98 on the NB
 * alone, whose probabilities saturate: the band then did all the neutral detection and still let
 * "一般般吧" (+0.96) through while calling "客服态度很差" (−0.5) neutral.
 */
export const DEFAULT_CHINESE_NEUTRAL_BAND = 0.26;
