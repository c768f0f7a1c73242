/** A sentence of the input with its character span (`text === input.slice(start, end)`). */
export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

// Intl.Segmenter (no abbreviation suppressions in V8) breaks after these; we rejoin.
const ABBREVIATION =
  /(?:^|\s)(?:mr|mrs|ms|dr|prof|st|jr|sr|vs|etc|e\.g|i\.e|no|inc|ltd|co|gov|gen|col|sgt|lt|mt|ft|u\.s|u\.k|[a-z])\.\s*$/i;

/**
 * Sentences with spans, for any language Intl.Segmenter knows (Chinese 。！？ included). Spans are
 * trimmed of surrounding whitespace; empty segments are dropped.
 */
export function splitSentences(text: string, locale = 'en'): SentenceSpan[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
  const raw: { start: number; end: number }[] = [];
  for (const seg of segmenter.segment(text)) {
    const start = seg.index;
    const end = seg.index + seg.segment.length;
    const prev = raw[raw.length - 1];
    // Merge "Mr. " + "Smith went…", but never across a line break.
    if (
      prev &&
      ABBREVIATION.test(text.slice(prev.start, prev.end)) &&
      !/\n\s*$/.test(text.slice(prev.start, prev.end))
    ) {
      prev.end = end;
    } else raw.push({ start, end });
  }
  const out: SentenceSpan[] = [];
  for (const { start, end } of raw) {
    const slice = text.slice(start, end);
    const lead = slice.length - slice.trimStart().length;
    const trimmed = slice.trim();
    if (trimmed === '') continue;
    out.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
  }
  return out;
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]/u;

/** Length in words; CJK text has no spaces, so each CJK character counts as a word. */
export function countWords(text: string): number {
  let n = 0;
  for (const tok of text.split(/\s+/)) {
    if (tok === '') continue;
    let cjk = 0;
    for (const ch of tok) if (CJK.test(ch)) cjk++;
    const rest = tok.replace(new RegExp(CJK.source, 'gu'), ' ').trim();
    n += cjk + (rest === '' ? 0 : rest.split(/\s+/).length);
  }
  return n;
}
