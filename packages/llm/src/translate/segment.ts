import { splitSentences } from '@grounded/text';

export interface TextSegment {
  /** Text to translate (one or more whole sentences). */
  text: string;
  /** Whitespace that followed it in the input, re-inserted after its translation. */
  gap: string;
}

/**
 * Splits text into sentence groups of at most `maxUnits` (as measured by `measure`), keeping the
 * whitespace between groups (line breaks, paragraphs) so the translation keeps the layout. A
 * sentence longer than the limit is split at commas or spaces, or at worst by characters.
 */
export function segmentForTranslation(
  text: string,
  maxUnits: number,
  measure: (s: string) => number,
  locale = 'en',
): TextSegment[] {
  const sentences = splitSentences(text, { language: locale });
  const segments: TextSegment[] = [];
  let current = '';
  let currentGap = '';
  const flush = (): void => {
    if (current !== '') segments.push({ text: current, gap: currentGap });
    current = '';
    currentGap = '';
  };
  sentences.forEach((s, i) => {
    const next = sentences[i + 1];
    const gap = text.slice(s.end, next ? next.start : text.length);
    for (const piece of splitLong(s.text, maxUnits, measure)) {
      const joined = current === '' ? piece : `${current}${currentGap}${piece}`;
      if (current !== '' && (measure(joined) > maxUnits || /\n/.test(currentGap))) {
        flush();
        current = piece;
      } else current = joined;
      currentGap = ' ';
    }
    currentGap = gap;
  });
  flush();
  return segments;
}

function splitLong(sentence: string, maxUnits: number, measure: (s: string) => number): string[] {
  if (measure(sentence) <= maxUnits) return [sentence];
  const parts: string[] = [];
  let current = '';
  for (const token of sentence.split(/(?<=[,;，；、])\s*|\s+/)) {
    if (token === '') continue;
    const joined = current === '' ? token : `${current} ${token}`;
    if (current !== '' && measure(joined) > maxUnits) {
      parts.push(current);
      current = token;
    } else current = joined;
    while (measure(current) > maxUnits && [...current].length > 1) {
      const chars = [...current];
      const cut = Math.max(1, Math.floor((chars.length * maxUnits) / measure(current)));
      parts.push(chars.slice(0, cut).join(''));
      current = chars.slice(cut).join('');
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}

const CJK_TARGETS = new Set(['zh', 'ja', 'ko', 'yue', 'wuu']);

/** Joins translated segments with the original gaps; CJK targets drop plain spaces between them. */
export function reassemble(
  translations: readonly string[],
  segments: readonly TextSegment[],
  target: string,
): string {
  const cjk = CJK_TARGETS.has(target.toLowerCase().split(/[-_]/)[0] ?? '');
  return translations
    .map((t, i) => {
      const gap = segments[i]?.gap ?? '';
      return t.trim() + (cjk && /^ +$/.test(gap) ? '' : gap);
    })
    .join('')
    .trimEnd();
}
