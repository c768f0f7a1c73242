import winkModel from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
import { resultFromScore } from './polarity';
import { rejoinTreebankTokens } from './text-normalize';
import type { SentimentClassifier } from './types';

const LATIN = /\p{Script=Latin}/u;

export interface LexiconSentimentOptions {
  /** |score| below this is neutral. wink's scores are small for mild text; default 0.05. */
  neutralBand?: number;
}

export interface LexiconSentimentClassifier extends SentimentClassifier {
  /** wink-nlp's document sentiment in [-1, 1] (lexicon with negation handling). */
  scores(texts: readonly string[]): Promise<number[]>;
}

/** English lexicon sentiment from wink-nlp: no model file, so it is the always-available fallback. */
export function createLexiconSentimentClassifier(
  options: LexiconSentimentOptions = {},
): LexiconSentimentClassifier {
  const nlp = winkNLP(winkModel);
  const its = nlp.its;
  const band = options.neutralBand ?? 0.05;
  const scoreOne = (text: string): number =>
    nlp.readDoc(rejoinTreebankTokens(text)).out(its.sentiment) as number;
  return {
    id: 'wink-lexicon',
    languages: ['en'],
    async scores(texts) {
      return texts.map(scoreOne);
    },
    async classify(texts) {
      return texts.map((t) =>
        // An English lexicon knows nothing about text without Latin letters (e.g. Chinese): say so
        // with zero confidence instead of a confident "neutral".
        LATIN.test(t)
          ? resultFromScore(scoreOne(t), band)
          : { label: 'neutral' as const, score: 0, confidence: 0 },
      );
    },
    async close() {},
  };
}
