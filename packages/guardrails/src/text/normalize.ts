/**
 * Normalisation shared by the rule-based checks. Attackers and careless writers alike use
 * full-width characters, zero-width joiners and odd spacing; rules match the normalised text while
 * spans must still point into the original, so `normalizeWithMap` keeps an index map.
 */

// Zero-width and bidi-control characters carry no meaning for a reader but break regexes.
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/;

export interface NormalizedText {
  text: string;
  /** `map[i]` is the index in the original text of normalised character `i`; one extra entry at the end. */
  map: number[];
}

/** NFKC per character (full-width → ASCII), invisible characters dropped, lower-cased. */
export function normalizeWithMap(original: string): NormalizedText {
  let text = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of original) {
    const width = ch.length;
    if (!INVISIBLE.test(ch)) {
      const folded = ch.normalize('NFKC').toLowerCase();
      for (let k = 0; k < folded.length; k++) {
        text += folded[k];
        map.push(i);
      }
    }
    i += width;
  }
  map.push(original.length);
  return { text, map };
}

/** Maps a [start, end) span of the normalised text back onto the original. */
export function mapSpan(norm: NormalizedText, start: number, end: number): { start: number; end: number } {
  const s = norm.map[start] ?? norm.map[norm.map.length - 1] ?? 0;
  // The end maps to one past the original index of the last included character.
  const last = end > start ? norm.map[end - 1] : undefined;
  const e = last === undefined ? s : last + 1;
  return { start: s, end: Math.max(e, s) };
}

export function isCjk(ch: string): boolean {
  return /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/.test(ch);
}
