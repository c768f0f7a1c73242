import { ABBREVIATION_LOOKAHEAD, CJK_TERMINATORS, isAbbreviation, legalFormFollows } from './sentence-rules';

/*
 * A prefix scanner rather than Intl.Segmenter: a streaming guard must decide from the text so far
 * whether a sentence has ended, and ICU's decision after a period can depend on text arbitrarily
 * far ahead. It shares the abbreviation and terminator rules with the document splitter.
 */

const LATIN_END = /[.!?]/;

/**
 * Index one past the end of the first complete sentence in `text` at or after `from`, or -1 when
 * the sentence is still open. `final` says no more text will arrive, so a terminator at the very
 * end closes the sentence. A blank line ends a sentence; a single line break does not.
 */
export function findSentenceEnd(text: string, from = 0, final = false): number {
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n' && text[i + 1] === '\n') return i + 2;
    if (ch === '[') {
      const end = citationEnd(text, from, i, final);
      if (end !== null) return end;
      continue;
    }
    if (CJK_TERMINATORS.includes(ch)) {
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
      // A cited sentence followed by a Chinese one, which the answerer joins without a space.
      if (cite && /\p{Script=Han}/u.test(next)) return j;
      // "3.5", "e.g.x", "example.com": not a boundary.
      continue;
    }
    // "No. O" or "Yahoo! In" may still become "No. Of:" or "Yahoo! Inc.": wait for the next word.
    const numberSign = ch === '.' && /(?:^|[^\p{L}])(?:no|nr)$/iu.test(text.slice(Math.max(0, i - 3), i));
    if (!final && (ch === '!' || numberSign) && /^\s+\S{0,6}$/u.test(text.slice(j))) return -1;
    if (ch === '!' && legalFormFollows(text.slice(j, j + ABBREVIATION_LOOKAHEAD))) continue;
    if (ch === '.') {
      const word = /([A-Za-z.]+)$/.exec(text.slice(Math.max(0, i - 12), i))?.[1] ?? '';
      if (isAbbreviation(word, text.slice(j, j + ABBREVIATION_LOOKAHEAD))) continue;
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

/**
 * An answer's citation marker closes a claim that has no closing punctuation when the next claim
 * starts after it: "…Earbuds: $39 per earbud [1] Repair: Driver replacement…" is two claims (table
 * rows quoted as answers end in no period, a line before a list in a colon). -1 while the text may
 * still go on after the marker; null when the marker ends nothing: a lower-case word follows
 * ("…fast [1] and cheap [2]."), or the claim before it already ended with punctuation (the
 * terminator's own path takes the marker along).
 */
function citationEnd(text: string, from: number, at: number, final: boolean): number | null {
  const marker = /^(?:\[\d+\])+/.exec(text.slice(at, at + 40));
  const before = text.slice(from, at);
  if (!marker || !/\S\s*$/u.test(before) || /[.!?。！？；]["'”’)\]]*\s*$/u.test(before)) return null;
  const end = at + marker[0].length;
  let k = end;
  while (k < text.length && /\s/.test(text[k]!)) k++;
  if (k >= text.length) return final ? end : -1;
  // A capital, a Chinese character, a footnote or bullet mark and a space ("** Lay-offs…"), or a
  // list item's dash before a capital or a Chinese character ("[2] - 从个人版升级…") starts a
  // claim; "**only**" is emphasis inside one. Chinese writes no space between claims, so a
  // Chinese character starts one right after a marker set off by a space too ("…3280元 [3]办理年卡…":
  // a table row quoted before a sentence, which ran together as one claim and was withheld); a
  // marker written inside a sentence ("根据规定[1]员工…") has no space around it and cuts nothing.
  const after = text.slice(k, k + 8);
  if (!final && /^(?:[*†‡•]+|[-–]\s*)$/u.test(text.slice(k))) return -1;
  if (/^\p{Script=Han}/u.test(after) && (k > end || /\s$/u.test(before))) return end;
  return k > end && /^(?:\p{Lu}|[*†‡•]+\s|[-–]\s+[\p{Lu}\p{Script=Han}])/u.test(after) ? end : null;
}
