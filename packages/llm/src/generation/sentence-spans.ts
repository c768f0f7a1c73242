/**
 * Sentence splitting with exact character offsets, so an extractive answer can cite the span it
 * quotes. Written here rather than imported from @grounded/ingest to keep packages independent.
 */
export interface SentenceSpan {
  text: string;
  /** Offsets into the original text: `text === original.slice(start, end)`. */
  start: number;
  end: number;
}

// ICU breaks after these even though they rarely end a sentence ("Dr. Smith").
const ABBREVIATIONS = new Set([
  'dr',
  'mr',
  'mrs',
  'ms',
  'prof',
  'st',
  'sr',
  'jr',
  'vs',
  'etc',
  'inc',
  'ltd',
  'co',
  'corp',
  'no',
  'fig',
  'approx',
  'dept',
  'est',
  'gen',
  'gov',
  'lt',
  'mt',
  'rev',
  'sgt',
  'capt',
  'col',
]);

// ICU handles 。！？ for most locales; splitting on them again guards against locales that don't.
const CJK_SENTENCE_END = /[。！？]+[」』”’）)]*/gu;

let cachedSegmenter: Intl.Segmenter | undefined;
function segmenter(): Intl.Segmenter {
  // A stateless ICU object: caching it holds no model and no per-request state.
  cachedSegmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
  return cachedSegmenter;
}

function endsWithAbbreviation(segment: string): boolean {
  const match = /(?:^|[\s(])([A-Za-z]{1,6})\.\s*$/u.exec(segment);
  return match?.[1] !== undefined && ABBREVIATIONS.has(match[1].toLowerCase());
}

function splitCjk(text: string, offset: number): Array<{ start: number; end: number }> {
  const parts: Array<{ start: number; end: number }> = [];
  let last = 0;
  for (const match of text.matchAll(CJK_SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (end < text.length) {
      parts.push({ start: offset + last, end: offset + end });
      last = end;
    }
  }
  parts.push({ start: offset + last, end: offset + text.length });
  return parts;
}

/** Splits `text` into trimmed sentences; empty and whitespace-only pieces are dropped. */
export function splitSentenceSpans(text: string): SentenceSpan[] {
  const raw: Array<{ start: number; end: number }> = [];
  let pending: { start: number; end: number } | undefined;
  for (const { segment, index } of segmenter().segment(text)) {
    const piece = { start: pending?.start ?? index, end: index + segment.length };
    if (endsWithAbbreviation(segment) && piece.end < text.length) {
      pending = piece;
      continue;
    }
    pending = undefined;
    raw.push(...splitCjk(text.slice(piece.start, piece.end), piece.start));
  }
  if (pending) raw.push(pending);

  const spans: SentenceSpan[] = [];
  for (const { start, end } of raw) {
    const slice = text.slice(start, end);
    const lead = slice.length - slice.trimStart().length;
    const trimmed = slice.trim();
    if (trimmed.length === 0) continue;
    spans.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
  }
  return spans;
}
