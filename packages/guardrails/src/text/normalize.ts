/**
 * Normalisation shared by the rule-based checks. Attackers and careless writers alike use
 * full-width characters, zero-width joiners and odd spacing; rules match the normalised text while
 * spans must still point into the original, so `normalizeWithMap` keeps an index map.
 */

// Zero-width, bidi-control and other default-ignorable characters (combining grapheme joiner, Mongolian
// vowel separator, Hangul and Khmer fillers, variation selectors) carry no meaning for a reader but break
// regexes and split words.
const INVISIBLE =
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u{e0000}-\u{e001f}\u{e007f}\u{e0100}-\u{e01ef}]/u;

/**
 * Letters in a box or circle that NFKC leaves alone: negative circled (U+1F150), negative squared
 * (U+1F170) and regional-indicator (U+1F1E6) A–Z. "🅸🅶🅽🅾🆁🅴" reads as "ignore" to a person and to a model.
 */
function enclosedLetter(ch: string): string | undefined {
  const cp = ch.codePointAt(0) ?? 0;
  for (const base of [0x1f150, 0x1f170, 0x1f1e6]) {
    if (cp >= base && cp < base + 26) return String.fromCharCode(0x61 + cp - base);
  }
  return undefined;
}

/**
 * Unicode tag characters U+E0020–E007E mirror printable ASCII and render as nothing, yet a language model
 * reads them ("ASCII smuggling"): they are read as the ASCII character they stand for.
 */
function untag(ch: string): string | undefined {
  const cp = ch.codePointAt(0) ?? 0;
  return cp >= 0xe0020 && cp <= 0xe007e ? String.fromCharCode(cp - 0xe0000) : undefined;
}

export interface NormalizedText {
  text: string;
  /** `map[i]` is the index in the original text of normalised character `i`; one extra entry at the end. */
  map: number[];
}

/** NFKC per character (full-width → ASCII), invisible characters dropped, tag characters read as ASCII, enclosed letters as plain ones, lower-cased. */
export function normalizeWithMap(original: string): NormalizedText {
  let text = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of original) {
    const width = ch.length;
    if (!INVISIBLE.test(ch)) {
      const folded = (untag(ch) ?? enclosedLetter(ch) ?? ch).normalize('NFKC').toLowerCase();
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
