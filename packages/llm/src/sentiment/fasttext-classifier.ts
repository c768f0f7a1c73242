import { loadFastTextModel } from './fasttext-model';
import { clamp, logit, resultFromScore, sigmoid } from './polarity';
import { normalizeForFastText } from './text-normalize';
import type { SentimentClassifier, SentimentResult } from './types';

export interface FastTextSentimentOptions {
  /** amazon_review_polarity.ftz style model: __label__1 negative, __label__2 positive. */
  modelPath: string;
  /** Optional amazon_review_full.ftz style 5-star model, averaged in and used for neutral. */
  starsModelPath?: string;
  /**
   * Scores with |score| below this are neutral. The polarity model has no neutral class, so
   * neutral comes only from this band (and from the star model when given). Default 0.2.
   */
  neutralBand?: number;
  /**
   * Divides the polarity model's log-odds before the sigmoid. The quantized models are very
   * overconfident (p ≈ 0.9999 on mild text), so without this almost nothing lands in the band.
   * Default 4.
   */
  temperature?: number;
  /** Weight of the star model in the combined score when both are loaded. Default 0.5. */
  starsWeight?: number;
}

export interface FastTextSentimentScores {
  /** Log-odds positive vs negative from the polarity model. */
  polarityLogit: number;
  /** Expected stars mapped to [-1, 1] ((E[stars] - 3) / 2), when a star model is loaded. */
  starsScore: number | null;
}

export interface FastTextSentimentClassifier extends SentimentClassifier {
  /** The raw per-model signals, for ensembles and calibration. */
  scores(texts: readonly string[]): Promise<FastTextSentimentScores[]>;
}

export async function createFastTextSentimentClassifier(
  options: FastTextSentimentOptions,
): Promise<FastTextSentimentClassifier> {
  const polarity = await loadFastTextModel(options.modelPath);
  const stars = options.starsModelPath ? await loadFastTextModel(options.starsModelPath) : null;
  const band = options.neutralBand ?? 0.2;
  const temperature = options.temperature ?? 4;
  const starsWeight = stars ? clamp(options.starsWeight ?? 0.5, 0, 1) : 0;

  function scoreOne(text: string): FastTextSentimentScores {
    const input = normalizeForFastText(text);
    const p = polarity.predict(input, 2);
    const pos = p.get('__label__2') ?? 0;
    const neg = p.get('__label__1') ?? 0;
    const polarityLogit = logit(pos / (pos + neg || 1));
    let starsScore: number | null = null;
    if (stars) {
      const dist = stars.predict(input, 5);
      let total = 0;
      let expected = 0;
      for (let k = 1; k <= 5; k++) {
        const pk = dist.get(`__label__${k}`) ?? 0;
        total += pk;
        expected += k * pk;
      }
      starsScore = total > 0 ? (expected / total - 3) / 2 : 0;
    }
    return { polarityLogit, starsScore };
  }

  return {
    id: stars ? 'fasttext:polarity+stars' : 'fasttext:polarity',
    languages: ['en'],
    async scores(texts) {
      return texts.map(scoreOne);
    },
    async classify(texts): Promise<SentimentResult[]> {
      return texts.map((text) => {
        const s = scoreOne(text);
        const polarityScore = 2 * sigmoid(s.polarityLogit / temperature) - 1;
        const score =
          s.starsScore === null
            ? polarityScore
            : (1 - starsWeight) * polarityScore + starsWeight * s.starsScore;
        return resultFromScore(score, band);
      });
    },
    async close() {
      // The WebAssembly instance is released with the last reference to it.
    },
  };
}
