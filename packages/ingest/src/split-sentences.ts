import type { SentenceSpan } from './types';

// ICU already ends sentences at 。！？ and at line breaks; it does not end them at the full-width
// semicolon, which Chinese prose uses between independent clauses that read as sentences.
const EXTRA_BREAK = /[；]+[”’」』）)]*/gu;

// Intl.Segmenter (ICU without suppression lists) breaks after "Dr." or "e.g."; these tokens are
// far more often abbreviations than sentence ends, so a break right after them is undone.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'vs',
  'e.g',
  'i.e',
  'fig',
  'figs',
  'no',
  'vol',
  'pp',
  'cf',
  'al',
  'approx',
  'dept',
  'nr',
  'bzw',
  'z.b',
  'd.h',
  'ca',
]);
const LAST_WORD = /(?:^|[\s(])([\p{L}.]+)\.$/u;

function segmenterFor(language: string | undefined): Intl.Segmenter {
  const locale = language && language !== 'und' ? language : 'en';
  try {
    return new Intl.Segmenter(locale, { granularity: 'sentence' });
  } catch {
    return new Intl.Segmenter('en', { granularity: 'sentence' });
  }
}

function endsWithAbbreviation(segment: string): boolean {
  const match = LAST_WORD.exec(segment.trimEnd());
  const word = match?.[1];
  if (!word) return false;
  if (/^\p{Lu}$/u.test(word)) return true; // an initial, as in "J. Smith"
  return ABBREVIATIONS.has(word.toLowerCase());
}

/**
 * Splits `text` into sentences with exact spans: `text.slice(s.start, s.end) === s.text`, and each
 * span is trimmed (no leading/trailing whitespace). Line breaks end sentences (they separate rows,
 * list items and paragraphs in extracted text); Chinese 。！？；and full-width punctuation end
 * sentences too.
 */
export function splitSentences(text: string, language?: string): SentenceSpan[] {
  const raw: { start: number; end: number }[] = [];
  for (const { segment, index } of segmenterFor(language).segment(text)) {
    let from = 0;
    for (const match of segment.matchAll(EXTRA_BREAK)) {
      const cut = match.index + match[0].length;
      if (cut < segment.length) {
        raw.push({ start: index + from, end: index + cut });
        from = cut;
      }
    }
    raw.push({ start: index + from, end: index + segment.length });
  }

  const merged: { start: number; end: number }[] = [];
  for (const span of raw) {
    const previous = merged.at(-1);
    const previousText = previous ? text.slice(previous.start, previous.end) : '';
    const joinable =
      previous !== undefined &&
      !previousText.includes('\n') &&
      endsWithAbbreviation(previousText) &&
      /^\s*[\p{L}\p{N}]/u.test(text.slice(span.start, span.end));
    if (previous && joinable) previous.end = span.end;
    else merged.push({ ...span });
  }

  const sentences: SentenceSpan[] = [];
  for (const { start, end } of merged) {
    const slice = text.slice(start, end);
    const lead = slice.length - slice.trimStart().length;
    const trimmed = slice.trim();
    if (!trimmed) continue;
    sentences.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
  }
  return sentences;
}
