import { AppError } from '@grounded/core';
import { lexicalTerms, type SentenceSpan, splitSentences } from '@grounded/text';
import {
  type AnswerabilityFeatures,
  type AnswerabilityModel,
  answerabilityFeatures,
  answerabilityProbability,
  sentenceIdf,
  type TermIdf,
} from './answerability';
import { DEFAULT_ANSWERABILITY_MODEL } from './answerability-model';
import { estimatePromptTokens } from './prompt-tokens';
import { termCoverage, termJaccard } from './term-overlap';
import type { GenerationEvent, GenerationRequest, Generator, NumberedSource } from './types';

export type SentenceSimilarity = (question: string, sentences: string[]) => Promise<number[]>;

export interface ExtractiveOptions {
  /** Semantic similarity (e.g. embedding cosine, in [-1, 1]) of the question to each sentence. */
  similarity?: SentenceSimilarity;
  /** Most sentences in one answer. Default 3. */
  maxSentences?: number;
  /** Sentences after the best one must score at least this. Default: `abstainBelow`. */
  minScore?: number;
  /**
   * Abstain when the best sentence scores below this. The default was calibrated for the lexical
   * score alone; pass your own when `similarity` is given (the combined score has another scale).
   */
  abstainBelow?: number;
  /**
   * Second gate after `abstainBelow`: abstain when the best sentence is unlikely to ANSWER the
   * question (not just share its words). Default: DEFAULT_ANSWERABILITY_MODEL (lexical features)
   * without `similarity`, none with it (pass e.g. USE_LITE_ANSWERABILITY_MODEL, fitted with the
   * USE-lite cosine as `semantic`); 'off' keeps only the score threshold.
   */
  answerability?: AnswerabilityModel | 'off';
  /** IDF of question terms for the answerability features. Default: IDF over the sources' sentences. */
  idf?: TermIdf;
}

/**
 * Calibrated on SQuAD 2.0 dev (Normans + Rhine subset, 706 questions), lexical score only, by
 * `npx tsx eval/calibration/abstention-calibration.ts`. Chosen on half A
 * (even paragraphs) to maximise balanced accuracy between "gold paragraph given" (should answer)
 * and "best-matching paragraph of the other article given" (should abstain). Held-out half B:
 * answerable questions answered 96.3% (n=189); off-topic paragraph abstained 88.4% (n=352);
 * SQuAD's adversarial unanswerable questions on their own paragraph abstained only 8.0% (n=163):
 * same-topic absence needs the groundedness check, not a lexical threshold. The top sentence
 * contains the gold answer for 84.7% of answerable held-out questions.
 */
export const DEFAULT_ABSTAIN_BELOW = 0.34;

const DEFAULT_MAX_SENTENCES = 3;
// Further sentences must be at least this fraction of the best score, so an answer does not trail
// off into loosely related text just because maxSentences allows it.
const RELATIVE_FLOOR = 0.5;
// Term-set overlap above which two sentences count as saying the same thing.
const REDUNDANT_JACCARD = 0.7;
const SEMANTIC_WEIGHT = 0.5;

export const ABSTAIN_MESSAGE_EN = 'The provided documents do not contain an answer to this question.';
export const ABSTAIN_MESSAGE_ZH = '所提供的文档中没有找到这个问题的答案。';

export function abstainMessage(question: string): string {
  return /\p{Script=Han}/u.test(question) ? ABSTAIN_MESSAGE_ZH : ABSTAIN_MESSAGE_EN;
}

export interface ExtractedSentence {
  text: string;
  sourceNumber: number;
  /** Offsets into `source.text` (add `source.start` for document offsets). */
  startInSource: number;
  endInSource: number;
  score: number;
}

export interface ExtractedAnswer {
  sentences: ExtractedSentence[];
  abstained: boolean;
  /** Score of the best sentence (0 when there were none), for logging and calibration. */
  bestScore: number;
  /**
   * The answerability of the best sentence (absent when there was none). `probability` is under
   * the model in use, or the default model when answerability is 'off'.
   */
  answerability?: { probability: number; features: AnswerabilityFeatures };
}

interface Candidate extends ExtractedSentence {
  terms: Set<string>;
  order: number;
  semantic?: number;
}

/**
 * Sentences, split again at line breaks: chunk text keeps its headings ("Free trial\nEvery new
 * account…"), and a heading is a label, not an answer. Short fragments (under 40 characters)
 * without sentence-ending punctuation, such as headings and list labels, are skipped.
 */
function sentenceSpansOf(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  for (const span of splitSentences(text)) {
    let offset = 0;
    for (const line of span.text.split('\n')) {
      const trimmed = line.trim();
      if (trimmed.length > 0) {
        const start = span.start + offset + line.indexOf(trimmed);
        spans.push({ text: trimmed, start, end: start + trimmed.length });
      }
      offset += line.length + 1;
    }
  }
  return spans.filter((span) => /[.!?。！？;；:：)"”]$/u.test(span.text) || span.text.length >= 40);
}

function candidatesFrom(sources: readonly NumberedSource[]): Candidate[] {
  const out: Candidate[] = [];
  for (const source of sources) {
    for (const span of sentenceSpansOf(source.text)) {
      out.push({
        text: span.text,
        sourceNumber: source.number,
        startInSource: span.start,
        endInSource: span.end,
        score: 0,
        terms: new Set(lexicalTerms(span.text)),
        order: out.length,
      });
    }
  }
  return out;
}

/** Scores every sentence of every source against the question; exposed for calibration. */
export async function scoreSentences(
  question: string,
  sources: readonly NumberedSource[],
  similarity?: SentenceSimilarity,
): Promise<Omit<Candidate, 'terms' | 'order'>[]> {
  return (await scoreCandidates(question, sources, similarity)).map(
    ({ terms: _t, order: _o, semantic: _s, ...rest }) => rest,
  );
}

async function scoreCandidates(
  question: string,
  sources: readonly NumberedSource[],
  similarity?: SentenceSimilarity,
): Promise<Candidate[]> {
  const candidates = candidatesFrom(sources);
  const questionTerms = new Set(lexicalTerms(question));
  let semantic: number[] | undefined;
  if (similarity && candidates.length > 0) {
    semantic = await similarity(
      question,
      candidates.map((c) => c.text),
    );
    if (semantic.length !== candidates.length) {
      throw new AppError(
        'similarity_mismatch',
        'similarity returned a different number of scores than sentences',
        {
          details: { expected: candidates.length, got: semantic.length },
        },
      );
    }
  }
  for (const [i, c] of candidates.entries()) {
    const lexical = termCoverage(questionTerms, c.terms);
    const sem = semantic?.[i];
    if (sem !== undefined) c.semantic = sem;
    c.score =
      sem === undefined ? lexical : (1 - SEMANTIC_WEIGHT) * lexical + SEMANTIC_WEIGHT * Math.max(0, sem);
  }
  return candidates;
}

/** Picks the best-supported, non-redundant sentences, or abstains. Never writes new text. */
export async function extractAnswer(
  request: Pick<GenerationRequest, 'question' | 'sources'>,
  options: ExtractiveOptions = {},
): Promise<ExtractedAnswer> {
  const abstainBelow = options.abstainBelow ?? DEFAULT_ABSTAIN_BELOW;
  const minScore = options.minScore ?? abstainBelow;
  const maxSentences = Math.max(1, options.maxSentences ?? DEFAULT_MAX_SENTENCES);

  const candidates = await scoreCandidates(request.question, request.sources, options.similarity);
  // Stable ranking: score, then the order the sources (already ranked by retrieval) came in.
  candidates.sort((a, b) => b.score - a.score || a.order - b.order);
  const best = candidates[0];
  if (!best) return { sentences: [], abstained: true, bestScore: 0 };
  // The default model was fitted on lexical features only: with a similarity function it would
  // overrule the semantic evidence that function brings, so it applies only when asked for.
  const model =
    options.answerability === 'off'
      ? undefined
      : (options.answerability ?? (options.similarity ? undefined : DEFAULT_ANSWERABILITY_MODEL));
  const features = answerabilityFeatures({
    question: request.question,
    sentence: best.text,
    sourcesText: request.sources.map((s) => s.text).join('\n'),
    idf: options.idf ?? sentenceIdf(candidates.map((c) => c.text)),
    ...(best.semantic === undefined ? {} : { semantic: best.semantic }),
  });
  const probability = answerabilityProbability(features, model ?? DEFAULT_ANSWERABILITY_MODEL);
  const answerability = { probability, features };
  if (
    best.score <= 0 ||
    best.score < abstainBelow ||
    (model !== undefined && probability < model.threshold)
  ) {
    return { sentences: [], abstained: true, bestScore: best.score, answerability };
  }

  const chosen: Candidate[] = [best];
  for (const c of candidates.slice(1)) {
    if (chosen.length >= maxSentences) break;
    if (c.score < minScore || c.score < best.score * RELATIVE_FLOOR) break;
    const redundant = chosen.some(
      (k) => k.text === c.text || termJaccard(k.terms, c.terms) > REDUNDANT_JACCARD,
    );
    if (!redundant) chosen.push(c);
  }
  return {
    sentences: chosen.map(({ terms: _t, order: _o, semantic: _s, ...rest }) => rest),
    abstained: false,
    bestScore: best.score,
    answerability,
  };
}

/** Joins sentences the way the answer text shows them: space between, none before CJK. */
function separatorBefore(text: string, isFirst: boolean): string {
  return isFirst || /^\p{Script=Han}/u.test(text) ? '' : ' ';
}

/**
 * The offline default Generator (#2, #4): answers with the sentences of the retrieved sources that
 * best match the question, each followed by its citation `[n]`, or abstains with a fixed message.
 */
export function createExtractiveAnswerer(options: ExtractiveOptions = {}): Generator {
  return {
    id: 'extractive',
    // It reads sources directly and is never budget-limited by a model; this only informs the
    // composer, which callers of the extractive path usually skip.
    contextWindow: 32_768,
    countTokens: estimatePromptTokens,
    async *generate(request: GenerationRequest): AsyncIterable<GenerationEvent> {
      const promptTokens =
        estimatePromptTokens(request.question) +
        request.sources.reduce((n, s) => n + estimatePromptTokens(s.text), 0);
      if (request.signal?.aborted) {
        yield { type: 'end', stopReason: 'abort', usage: { promptTokens, completionTokens: 0 } };
        return;
      }
      const answer = await extractAnswer(request, options);
      if (answer.abstained) {
        const text = abstainMessage(request.question);
        yield { type: 'delta', text };
        yield {
          type: 'end',
          stopReason: 'abstain',
          usage: { promptTokens, completionTokens: estimatePromptTokens(text) },
        };
        return;
      }
      let completionTokens = 0;
      for (const [i, sentence] of answer.sentences.entries()) {
        if (request.signal?.aborted) {
          yield { type: 'end', stopReason: 'abort', usage: { promptTokens, completionTokens } };
          return;
        }
        const text = `${separatorBefore(sentence.text, i === 0)}${sentence.text} [${sentence.sourceNumber}]`;
        const tokens = estimatePromptTokens(text);
        if (request.maxTokens !== undefined && completionTokens + tokens > request.maxTokens) {
          // Only whole sentences are emitted, so a citation always covers exactly what it quotes;
          // a first sentence that does not fit is cut at a word boundary rather than dropped.
          if (i === 0) {
            const cut = truncateToTokens(sentence.text, request.maxTokens);
            if (cut.length > 0) {
              yield { type: 'delta', text: cut };
              completionTokens += estimatePromptTokens(cut);
            }
          }
          yield { type: 'end', stopReason: 'length', usage: { promptTokens, completionTokens } };
          return;
        }
        completionTokens += tokens;
        yield { type: 'delta', text };
      }
      yield { type: 'end', stopReason: 'stop', usage: { promptTokens, completionTokens } };
    },
    async close() {},
  };
}

function truncateToTokens(text: string, maxTokens: number): string {
  let out = '';
  for (const piece of text.split(/(?<=\s)/u)) {
    if (estimatePromptTokens(out + piece) > maxTokens) break;
    out += piece;
  }
  if (out.length === 0) {
    for (const ch of text) {
      if (estimatePromptTokens(out + ch) > maxTokens) break;
      out += ch;
    }
  }
  return out.trimEnd();
}
