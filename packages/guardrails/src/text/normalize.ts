/**
 * Normalisation shared by the rule-based checks. Attackers and careless writers alike use
 * full-width characters, zero-width joiners and odd spacing; rules match the normalised text while
 * spans must still point into the original, so `normalizeWithMap` keeps an index map.
 */

// Zero-width, bidi-control and other default-ignorable characters (combining grapheme joiner, Mongolian
// vowel separator, Hangul and Khmer fillers, variation selectors) carry no meaning for a reader but break
// regexes and split words.
const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xe0000, 0xe001f],
  [0xe007f, 0xe007f],
  [0xe0100, 0xe01ef],
];

function invisible(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  // Plain ASCII, nearly every character, is never invisible.
  if (cp < 0xad) return false;
  return INVISIBLE_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

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
    if (!invisible(ch)) {
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
  // The end maps to one past the last included character of the original. That character may be two UTF-16
  // units (a tag character, an emoji): `last + 1` cut its surrogate pair in half (review, item 8). The next
  // original index the map holds after it is where it ends, or a character dropped after it begins; a
  // character is at most two units, so the end is that index capped at `last + 2`.
  const last = end > start ? norm.map[end - 1] : undefined;
  let e = s;
  if (last !== undefined) {
    // A few steps only: a decoded payload maps every character to its run's start, and this runs per n-gram.
    let next = end;
    while (next < norm.map.length && next < end + 8 && norm.map[next]! <= last) next++;
    const after = norm.map[next];
    e = after === undefined || after <= last ? last + 1 : Math.min(after, last + 2);
  }
  return { start: s, end: Math.max(e, s) };
}

export function isCjk(ch: string): boolean {
  return /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/.test(ch);
}
