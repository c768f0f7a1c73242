import { AppError } from '@grounded/core';
import { type SentenceSpan, splitSentences } from '@grounded/text';
import { isLabelLine } from '../label-line';
import { countWords } from './count-words';
import { renderSummary } from './format';
import { tfidfSimilarity } from './tfidf';
import type { ExtractiveSummary, ExtractiveSummaryOptions, SummarySentence } from './types';

export function validateLength(length: { unit: string; value: number }): void {
  if (
    !['sentences', 'words', 'bullets'].includes(length.unit) ||
    !Number.isInteger(length.value) ||
    length.value < 1
  ) {
    throw new AppError(
      'invalid_summary_request',
      'length must be a positive whole number of sentences, words or bullets',
      {
        details: { length },
      },
    );
  }
}

function normalise(values: number[]): number[] {
  const max = Math.max(...values);
  const min = Math.min(...values);
  return values.map((v) => (max > min ? (v - min) / (max - min) : values.length > 0 ? 1 : 0));
}

/** Cuts a sentence to at most `words` words, keeping the span aligned with the input. */
function truncateToWords(s: SentenceSpan, words: number): SentenceSpan {
  let end = 0;
  let count = 0;
  for (const m of s.text.matchAll(/\S+/g)) {
    const n = countWords(m[0]);
    if (count + n > words) break;
    count += n;
    end = (m.index ?? 0) + m[0].length;
  }
  if (end === 0) {
    // A single CJK run longer than the budget: cut by characters.
    end = [...s.text].slice(0, words).join('').length;
  }
  return { text: s.text.slice(0, end), start: s.start, end: s.start + end };
}

// A list item ("• 员工每年享有15天带薪年假", "- Free parking"): content, even without a period.
const BULLET = /^(?:[-*•·●▪◦‣]|\d{1,2}[.)]|[a-z][.)])\s*/u;
// What starts a sentence: a capital, a digit, a Han character, an opening quote or bracket.
const SENTENCE_START = /^[\s"“'‘(（「『]*[\p{Lu}\p{N}\p{Script=Han}]/u;

/**
 * A heading line: the answerer's label rule, less list items and lines that end like a Chinese
 * sentence or a footnoted one, and at most 15 characters for Chinese (40 is a whole sentence there).
 */
function isHeading(line: string): boolean {
  const t = line.trim();
  if (!isLabelLine(t) || BULLET.test(t) || /[」』）…]$|\[\d+\]$/u.test(t)) return false;
  return !/\p{Script=Han}/u.test(t) || [...t].length <= 15;
}

/**
 * The sentence without the heading lines it starts with: a heading joined to the first sentence of
 * its section ("Refunds\nAnnual plans are refunded…") is cut off, the span kept aligned. Only a
 * line that starts a line of the text and is followed by a line starting a new sentence: in
 * hard-wrapped text (a pasted e-mail) a sentence's first line is often short, and its next line
 * goes on in lower case ("The warranty\ncovers all parts…").
 */
function withoutLeadingHeadings(s: SentenceSpan, source: string): SentenceSpan {
  if (s.start > 0 && source[s.start - 1] !== '\n') return s;
  let text = s.text;
  let start = s.start;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n')) {
    const line = text.slice(0, nl).trim();
    const rest = text.slice(nl + 1);
    if (line !== '' && !(isHeading(line) && SENTENCE_START.test(rest))) break;
    const skipped = rest.length - rest.trimStart().length;
    start += nl + 1 + skipped;
    text = rest.trimStart();
  }
  return text === s.text ? s : { text, start, end: s.end };
}

/**
 * Sentences split at a line break that only wraps them, joined again: hard-wrapped text (a pasted
 * e-mail) gave "The warranty" and "covers all parts…" as two sentences. A break wraps when the line
 * before does not end a sentence and the next goes on in lower case.
 */
function joinWrapped(spans: readonly SentenceSpan[], source: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  for (const span of spans) {
    const last = out.at(-1);
    const between = last ? source.slice(last.end, span.start) : '';
    if (
      last &&
      /^[ \t]*\n[ \t]*$/u.test(between) &&
      !/[.!?。！？;；:：]["'”’)]*$/u.test(last.text) &&
      /^\p{Ll}/u.test(span.text)
    ) {
      out[out.length - 1] = { text: source.slice(last.start, span.end), start: last.start, end: span.end };
    } else out.push(span);
  }
  return out;
}

/**
 * Extractive summary: central sentences (mean similarity to the rest of the document, optionally
 * biased by a focus query), picked greedily with maximal marginal relevance so they do not repeat
 * each other, then put back in document order. The output never exceeds the requested length.
 */
export async function summarizeExtractive(options: ExtractiveSummaryOptions): Promise<ExtractiveSummary> {
  validateLength(options.length);
  const format = options.format ?? (options.length.unit === 'bullets' ? 'bullets' : 'paragraph');
  const split = (
    options.sentences ??
    joinWrapped(splitSentences(options.text, { language: options.locale ?? 'en' }), options.text)
  )
    .map((s) => withoutLeadingHeadings(s, options.text))
    .filter((s) => s.text.trim() !== '');
  // A heading is no summary sentence: in Chinese, where every heading shares characters with its
  // section, TF-IDF centrality ranked "什么是大语言模型" first. Only labels: summarize those.
  const stated = split.filter((s) => !isHeading(s.text));
  const sentences = stated.length > 0 ? stated : split;
  if (sentences.length === 0) {
    throw new AppError('invalid_summary_request', 'there is no text to summarize');
  }
  const similarity = options.similarity ?? (async (a: string[], b: string[]) => tfidfSimilarity(a, b));
  const texts = sentences.map((s) => s.text);
  const sim = await similarity(texts, texts);

  const centrality = normalise(
    texts.map((_, i) => {
      const row = sim[i] ?? [];
      let sum = 0;
      for (let j = 0; j < texts.length; j++) if (j !== i) sum += row[j] ?? 0;
      return texts.length > 1 ? sum / (texts.length - 1) : 1;
    }),
  );
  let relevance = centrality;
  if (options.focus && options.focus.trim() !== '') {
    const focusSim = normalise((await similarity(texts, [options.focus])).map((row) => row[0] ?? 0));
    const w = options.focusWeight ?? 0.6;
    relevance = centrality.map((c, i) => (1 - w) * c + w * (focusSim[i] ?? 0));
  }

  const lambda = options.lambda ?? 0.5;
  const { unit, value } = options.length;
  const chosen: number[] = [];
  const picked: SummarySentence[] = [];
  let wordsUsed = 0;
  const remaining = new Set(texts.map((_, i) => i));
  while (remaining.size > 0) {
    if (unit !== 'words' && chosen.length >= value) break;
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const i of remaining) {
      let redundancy = 0;
      for (const j of chosen) redundancy = Math.max(redundancy, sim[i]?.[j] ?? 0);
      const mmr = lambda * (relevance[i] ?? 0) - (1 - lambda) * redundancy;
      if (mmr > bestScore) {
        bestScore = mmr;
        best = i;
      }
    }
    remaining.delete(best);
    const s = sentences[best] as SentenceSpan;
    if (unit === 'words') {
      const n = countWords(s.text);
      // Too long for what is left of the budget: a shorter sentence may still fit.
      if (wordsUsed + n > value) continue;
      wordsUsed += n;
    }
    chosen.push(best);
    picked.push({ ...s, score: relevance[best] ?? 0 });
  }
  // With a word budget smaller than every sentence, fall back to the most relevant one, truncated.
  if (picked.length === 0) {
    const top = relevance.indexOf(Math.max(...relevance));
    picked.push({
      ...truncateToWords(sentences[top] as SentenceSpan, value),
      score: relevance[top] ?? 0,
      truncated: true,
    });
  }
  picked.sort((a, b) => a.start - b.start);
  const text = renderSummary(
    picked.map((s) => s.text),
    format,
  );
  const length =
    unit === 'words'
      ? { unit, value: picked.reduce((n, s) => n + countWords(s.text), 0) }
      : { unit, value: picked.length };
  return { text, format, sentences: picked, length, method: 'extractive' };
}

/** The first `n` sentences: the lead-n baseline that news summarization is measured against. */
export function leadSentences(text: string, n: number, locale = 'en'): SentenceSpan[] {
  return splitSentences(text, { language: locale }).slice(0, n);
}
