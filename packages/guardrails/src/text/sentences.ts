/**
 * Sentence splitting for English and Chinese answers. Kept deliberately simple and predictable:
 * the streaming guard must decide from a prefix alone whether a sentence has ended.
 */

export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

// Abbreviations whose trailing period does not end a sentence.
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
  'etc',
  'e.g',
  'i.e',
  'inc',
  'ltd',
  'co',
  'corp',
  'no',
  'fig',
  'approx',
  'dept',
  'u.s',
  'u.k',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'a.m',
  'p.m',
]);

const CJK_END = /[。！？；]/;
const LATIN_END = /[.!?]/;

/**
 * Index one past the end of the first complete sentence in `text` at or after `from`, or -1 when
 * the sentence is still open. `final` says no more text will arrive, so a terminator at the very
 * end closes the sentence.
 */
export function findSentenceEnd(text: string, from = 0, final = false): number {
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n' && text[i + 1] === '\n') return i + 2;
    if (CJK_END.test(ch)) {
      let j = i + 1;
      while (j < text.length && /[”’」』）)"'\]]/.test(text[j]!)) j++;
      // A trailing citation such as 。[1] belongs to the sentence it follows.
      const cite = /^\s*(\[\d+\])+/.exec(text.slice(j));
      if (cite) j += cite[0].length;
      else if (j === text.length && !final) return -1;
      return j;
    }
    if (!LATIN_END.test(ch)) continue;
    let j = i + 1;
    while (j < text.length && LATIN_END.test(text[j]!)) j++;
    while (j < text.length && /[”’"')\]]/.test(text[j]!)) j++;
    const cite = /^\s?(\[\d+\])+/.exec(text.slice(j));
    if (cite) j += cite[0].length;
    if (j >= text.length) {
      if (final) return j;
      return -1;
    }
    const next = text[j]!;
    if (!/\s/.test(next)) {
      // "3.5", "e.g.x", "example.com": not a boundary.
      continue;
    }
    if (ch === '.') {
      const word = /([A-Za-z.]+)$/.exec(text.slice(Math.max(0, i - 12), i))?.[1]?.toLowerCase() ?? '';
      if (ABBREVIATIONS.has(word) || /^[a-z]$/i.test(word)) continue;
      // A number followed by a period then a lower-case word is a list marker or decimal-like, not an end.
      let k = j;
      while (k < text.length && /\s/.test(text[k]!)) k++;
      if (k >= text.length && !final) return -1;
      if (k < text.length && /[a-z]/.test(text[k]!)) continue;
    }
    return j;
  }
  return -1;
}

/** Splits a complete text into sentences with their offsets (whitespace between them dropped). */
export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  let pos = 0;
  while (pos < text.length) {
    let end = findSentenceEnd(text, pos, true);
    if (end < 0) end = text.length;
    pushTrimmed(out, text, pos, end);
    pos = end;
  }
  return out;
}

function pushTrimmed(out: SentenceSpan[], text: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  if (e > s) out.push({ text: text.slice(s, e), start: s, end: e });
}
