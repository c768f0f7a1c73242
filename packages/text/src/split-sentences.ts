import { findSentenceEnd } from './find-sentence-end';
import { ABBREVIATION_LOOKAHEAD, CJK_TERMINATORS, isAbbreviation, legalFormFollows } from './sentence-rules';

/** A sentence with its exact span: `original.slice(start, end) === text`, trimmed. */
export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

export interface SplitSentencesOptions {
  /** BCP 47 language for Intl.Segmenter ('und' or unknown falls back to English). Default 'en'. */
  language?: string;
  /**
   * 'document' (default): Intl.Segmenter, every line break ends a sentence (rows, list items and
   * paragraphs in extracted text). 'stream': the sentences `findSentenceEnd` releases from a
   * streamed answer, decided from a prefix alone; only a blank line ends a sentence, and a
   * trailing citation such as "[1]" stays with the sentence it follows.
   */
  mode?: 'document' | 'stream';
}

// The segmenter ends at 。！？ already; only the extra terminators need cutting by hand.
const EXTRA_BREAK = new RegExp(
  `[${[...CJK_TERMINATORS].filter((c) => !'。！？'.includes(c)).join('')}]+[”’」』）)]*`,
  'gu',
);
const LAST_WORD = /(?:^|[\s(])([\p{L}.]+)\.$/u;

// Intl.Segmenter is a stateless ICU object (no model, no per-request state), and creating one per
// call costs more than segmenting a short text.
const segmenters = new Map<string, Intl.Segmenter>();
function segmenterFor(language: string | undefined): Intl.Segmenter {
  const locale = language && language !== 'und' ? language : 'en';
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    try {
      segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
    } catch {
      segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
    }
    segmenters.set(locale, segmenter);
  }
  return segmenter;
}

// Intl.Segmenter (ICU without suppression lists) breaks after "Dr." or "J."; such a break is undone.
function endsWithAbbreviation(segment: string, following: string): boolean {
  const trimmed = segment.trimEnd();
  if (trimmed.replace(/[”’"')\]]+$/u, '').endsWith('!')) return legalFormFollows(following);
  const word = LAST_WORD.exec(trimmed)?.[1];
  return word !== undefined && isAbbreviation(word, following);
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

function documentSpans(text: string, language: string | undefined): { start: number; end: number }[] {
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
    const joinable =
      previous !== undefined &&
      !text.slice(previous.start, span.start).includes('\n') &&
      endsWithAbbreviation(
        text.slice(previous.start, previous.end),
        text.slice(previous.end, span.start + ABBREVIATION_LOOKAHEAD),
      ) &&
      /^\s*[\p{L}\p{N}]/u.test(text.slice(span.start, span.end));
    if (previous && joinable) previous.end = span.end;
    else merged.push({ ...span });
  }
  return merged;
}

function streamSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let pos = 0;
  while (pos < text.length) {
    let end = findSentenceEnd(text, pos, true);
    if (end < 0) end = text.length;
    spans.push({ start: pos, end });
    pos = end;
  }
  return spans;
}

/**
 * Splits `text` into sentences with exact spans: `text.slice(s.start, s.end) === s.text`, each
 * trimmed, blank pieces dropped. English abbreviations and initials do not end a sentence;
 * Chinese 。！？；(with any closing quote) do.
 */
export function splitSentences(text: string, options: SplitSentencesOptions = {}): SentenceSpan[] {
  const spans = options.mode === 'stream' ? streamSpans(text) : documentSpans(text, options.language);
  const sentences: SentenceSpan[] = [];
  for (const { start, end } of spans) {
    const slice = text.slice(start, end);
    const lead = slice.length - slice.trimStart().length;
    const trimmed = slice.trim();
    if (!trimmed) continue;
    sentences.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
  }
  return sentences;
}
