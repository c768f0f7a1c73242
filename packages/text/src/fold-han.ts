import { sify } from 'chinese-conv';

/**
 * Traditional Chinese characters folded to their Simplified forms, one character at a time, for
 * matching only (never for text shown to a user). A company's documents may be written in
 * Traditional Chinese (Taiwan, Hong Kong) and asked about in Simplified, or the other way round:
 * "價格" and "价格" are one word, but bigram and segmenter terms would never meet. Folding both
 * sides makes them meet. The result has the same UTF-16 length as the input, character for
 * character, so offsets found in the folded text hold in the original.
 */
const HAN_CHAR = /\p{Script=Han}/u;
const folded = new Map<string, string>();

function foldChar(ch: string): string {
  let out = folded.get(ch);
  if (out === undefined) {
    const s = sify(ch);
    // Only a one-for-one replacement by another Han character of the same length keeps offsets.
    out = s.length === ch.length && HAN_CHAR.test(s) ? s : ch;
    folded.set(ch, out);
  }
  return out;
}

/** `text` with each Traditional Han character replaced by its Simplified form (same length). */
export function foldHan(text: string): string {
  // Most text has no Han at all, and Simplified text maps to itself: skip the copy when unchanged.
  if (!HAN_CHAR.test(text)) return text;
  let out = '';
  let changed = false;
  for (const ch of text) {
    const f = HAN_CHAR.test(ch) ? foldChar(ch) : ch;
    if (f !== ch) changed = true;
    out += f;
  }
  return changed ? out : text;
}
