import { chineseOverlap, chineseQuestionGrams, matchForm, typedForm } from './chinese-overlap';

/**
 * The answerability gate for Chinese questions (issue #15, Chinese gate round). The English gate's
 * features read words (focus noun, answer type, WordNet antonyms) and its semantic term is
 * USE-lite's English cosine, so a Chinese question kept only the lexical default gate, which on
 * the Chinese own set (eval/data/answering-zh) let most on-topic unanswerable questions through:
 * "育儿假一年有几天？" answered with the carried-over annual leave, "企业版能先免费试用吗？" with
 * the personal plan's trial. These features read character pairs instead.
 */
export interface ChineseGateFeatures {
  /** chineseOverlap of the question's content and the answer (characters and pairs, in [0, 1]). */
  coverage: number;
  /** Share of the question's content pairs in the answer, each weighted by its IDF over the sources' sentences. */
  idfCoverage: number;
  /**
   * 1 when the question's rarest content pair that the sources hold somewhere is absent from the
   * answer: the sources talk about 家庭版 but the answer is about 个人版 (another plan, another
   * leave type, another city).
   */
  rarestMissing: number;
  /**
   * Of the question's content pairs that the sources hold somewhere, the IDF-weighted share the
   * answer lacks: terms of the collection the question names and the answer does not (企业 in
   * "企业版能先免费试用吗？" against the personal plan's trial).
   */
  seenMissing: number;
  /** Share of the question's content pairs found nowhere in the sources (丧假, 支付宝, 香港). */
  unseenShare: number;
  /** 1 when a Latin or digit word of the question ("VPN", "2023") is absent from the answer. */
  termMissing: number;
  /** 1 when the question asks for a kind of fact (a duration, an amount) the answer does not state. */
  slotMissing: number;
  /** Best sentence's support minus the runner-up's: a clear winner or a tie among guesses. */
  runnerUpGap: number;
  /** 1 / the retrieval rank of the answer's source. */
  sourceRank: number;
  /**
   * Share of the retrieved sources from the answer's document: retrieval that agrees on one
   * document found the topic; sources scattered over the collection are guesses.
   */
  documentShare: number;
  /** (first source's score − second's) / first's: retrieval's margin, 1 with one source. */
  retrievalMargin: number;
}

export const CHINESE_GATE_FEATURES = [
  'coverage',
  'idfCoverage',
  'rarestMissing',
  'seenMissing',
  'unseenShare',
  'termMissing',
  'slotMissing',
  'runnerUpGap',
  'sourceRank',
  'documentShare',
  'retrievalMargin',
] as const satisfies readonly (keyof ChineseGateFeatures)[];

export interface ChineseGateModel {
  bias: number;
  weights: Record<keyof ChineseGateFeatures, number>;
  /** Abstain when the probability is below this. */
  threshold: number;
}

export interface ChineseGateInput {
  question: string;
  /** The answer as the gate reads it: the best sentence and the continuation that joins it. */
  answer: string;
  /** Every candidate sentence of the sources (the IDF's documents). */
  sentences: readonly string[];
  slotMissing: number;
  runnerUpGap: number;
  sourceRank: number;
  documentShare: number;
  retrievalMargin: number;
}

// A Latin or digit word ("vpn", "2023"); chineseQuestionGrams' words run on into the Han
// characters after them ("vpn能用"), which no answer contains.
const LATIN_WORD = /[\p{Script=Latin}\p{N}]+/gu;

/** IDF of a character pair over the sentences, each already in its matchForm. */
function pairIdf(folded: readonly string[]): (pair: string) => number {
  const cache = new Map<string, number>();
  return (pair) => {
    let idf = cache.get(pair);
    if (idf === undefined) {
      const df = folded.filter((s) => s.includes(pair)).length;
      idf = Math.log((folded.length + 1) / (df + 0.5));
      cache.set(pair, idf);
    }
    return idf;
  };
}

export function chineseGateFeatures(input: ChineseGateInput): ChineseGateFeatures {
  const grams = chineseQuestionGrams(input.question);
  const answer = matchForm(input.answer);
  const typedAnswer = typedForm(input.answer);
  const all = input.sentences.map(matchForm);
  const idf = pairIdf(all);
  const pairs = [...grams.bigrams];
  let weighted = 0;
  let total = 0;
  let rarest: { pair: string; idf: number } | undefined;
  let unseen = 0;
  let seen = 0;
  let seenAbsent = 0;
  for (const pair of pairs) {
    const w = idf(pair);
    const inAnswer = answer.includes(pair);
    total += w;
    if (inAnswer) weighted += w;
    if (!all.some((s) => s.includes(pair))) unseen++;
    else {
      seen += w;
      if (!inAnswer) seenAbsent += w;
      if (!rarest || w > rarest.idf) rarest = { pair, idf: w };
    }
  }
  return {
    coverage: chineseOverlap(grams, input.answer),
    idfCoverage: total > 0 ? weighted / total : 0,
    rarestMissing: rarest && !answer.includes(rarest.pair) ? 1 : 0,
    seenMissing: seen > 0 ? seenAbsent / seen : 0,
    unseenShare: pairs.length > 0 ? unseen / pairs.length : 0,
    termMissing: (typedForm(input.question).match(LATIN_WORD) ?? []).some((w) => !typedAnswer.includes(w))
      ? 1
      : 0,
    slotMissing: input.slotMissing,
    runnerUpGap: input.runnerUpGap,
    sourceRank: input.sourceRank,
    documentShare: input.documentShare,
    retrievalMargin: input.retrievalMargin,
  };
}

export function chineseGateProbability(features: ChineseGateFeatures, model: ChineseGateModel): number {
  let z = model.bias;
  for (const f of CHINESE_GATE_FEATURES) z += model.weights[f] * features[f];
  return 1 / (1 + Math.exp(-z));
}
