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

/**
 * The sentence without the label lines it starts with: a heading joined to the first sentence of
 * its section ("Refunds\nAnnual plans are refunded…") is cut off, the span kept aligned.
 */
function withoutLeadingLabels(s: SentenceSpan): SentenceSpan {
  let text = s.text;
  let start = s.start;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n')) {
    const line = text.slice(0, nl).trim();
    if (line !== '' && !isLabelLine(line)) break;
    const rest = text.slice(nl + 1);
    const skipped = rest.length - rest.trimStart().length;
    start += nl + 1 + skipped;
    text = rest.trimStart();
  }
  return text === s.text ? s : { text, start, end: s.end };
}

/**
 * Extractive summary: central sentences (mean similarity to the rest of the document, optionally
 * biased by a focus query), picked greedily with maximal marginal relevance so they do not repeat
 * each other, then put back in document order. The output never exceeds the requested length.
 */
export async function summarizeExtractive(options: ExtractiveSummaryOptions): Promise<ExtractiveSummary> {
  validateLength(options.length);
  const format = options.format ?? (options.length.unit === 'bullets' ? 'bullets' : 'paragraph');
  const split = (options.sentences ?? splitSentences(options.text, { language: options.locale ?? 'en' }))
    .map(withoutLeadingLabels)
    .filter((s) => s.text.trim() !== '');
  // A heading is no summary sentence: in Chinese, where every heading shares characters with its
  // section, TF-IDF centrality ranked "什么是大语言模型" first. Only labels: summarize those.
  const stated = split.filter((s) => !isLabelLine(s.text.trim()));
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
