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

/** Lines longer than this are segmented in windows (see `segmentLine`). */
const WINDOW = 8000;

/**
 * Segments one line; a very long line (a JSON text body without line breaks) is segmented window
 * by window, each window's last, possibly cut-off, sentence being re-read at the start of the next.
 */
function* segmentLine(
  segmenter: Intl.Segmenter,
  line: string,
): Generator<{ segment: string; index: number }> {
  let offset = 0;
  while (offset < line.length) {
    if (line.length - offset <= WINDOW) {
      for (const { segment, index } of segmenter.segment(line.slice(offset)))
        yield { segment, index: offset + index };
      return;
    }
    const segments = [...segmenter.segment(line.slice(offset, offset + WINDOW))];
    const last = segments.at(-1);
    // One sentence fills the whole window: take it as is rather than loop forever.
    const keep = segments.length > 1 && last ? segments.slice(0, -1) : segments;
    for (const { segment, index } of keep) yield { segment, index: offset + index };
    const kept = keep.at(-1);
    offset += kept ? kept.index + kept.segment.length : WINDOW;
  }
}

/**
 * Splits `text` into sentences with exact spans: `text.slice(s.start, s.end) === s.text`, and each
 * span is trimmed (no leading/trailing whitespace). Line breaks end sentences (they separate rows,
 * list items and paragraphs in extracted text); Chinese 。！？；and full-width punctuation end
 * sentences too.
 */
export function splitSentences(text: string, language?: string): SentenceSpan[] {
  const raw: { start: number; end: number }[] = [];
  const segmenter = segmenterFor(language);
  // Segment line by line: a line break always ends a sentence (UAX #29 SB4), so the result is
  // the same, and V8's segment iterator slows down sharply on long strings (seconds for a
  // 150k-character document segmented in one piece, milliseconds line by line).
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    if (line.trim()) {
      for (const { segment, index } of segmentLine(segmenter, line)) {
        const base = lineStart + index;
        let from = 0;
        for (const match of segment.matchAll(EXTRA_BREAK)) {
          const cut = match.index + match[0].length;
          if (cut < segment.length) {
            raw.push({ start: base + from, end: base + cut });
            from = cut;
          }
        }
        raw.push({ start: base + from, end: base + segment.length });
      }
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }

  const merged: { start: number; end: number }[] = [];
  for (const span of raw) {
    const previous = merged.at(-1);
    const previousText = previous ? text.slice(previous.start, previous.end) : '';
    const joinable =
      previous !== undefined &&
      !text.slice(previous.start, span.start).includes('\n') &&
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
