/**
 * Comparison questions ("Who was born first, Odysseas Elytis or Cornel West?", "Which band has
 * more members, Muse or The Raconteurs?") name their answer's candidates themselves: the short
 * answer is one of the two options, never a span the sentence adds (issue #15, eighth round). Rules
 * over words, English only.
 */
import { lexicalTerms } from '@grounded/text';
import type { SlotSpan } from './answer-slot';

// A question that asks to choose ("which/who/what…"), not a yes/no one ("Is X or Y…?"), unless
// a comparative makes the yes/no form a choice ("Was A or B released first?").
const CHOOSING = /^\s*(?:which|who|whom|whose|what)\b/iu;
const CHOOSING_YES_NO = /^\s*(?:is|are|was|were|does|do|did)\b/iu;
const COMPARATIVE =
  /\b(?:first|second|last|earlier|later|older|younger|newer|more|less|fewer|further|farther|closer|larger|smaller|bigger|longer|shorter|higher|lower)\b/iu;
// The comparative asks for the earlier of two dates ("founded first", "older") or the later.
const EARLIER = /\b(?:first|earlier|earliest|older|oldest|before)\b/iu;
const LATER = /\b(?:later|latest|younger|youngest|newer|newest|more recent|most recent|second|last)\b/iu;
const YEAR = /\b(1\d{3}|20\d{2})\b/u;

export interface OptionSpan extends SlotSpan {
  /** Index of the claim that states the option. */
  claim: number;
}

/**
 * The two options a comparison question ends on ("…, A or B?"), as they are written in the claims:
 * for each side of the final "or", the longest run of the question's words next to the "or" that
 * some claim states (case aside) and that begins with a capital (a named thing). Null unless both
 * options are found in the claims, on different spans.
 */
export function comparisonOptions(question: string, claims: readonly string[]): OptionSpan[] | null {
  if (!CHOOSING.test(question) && !(CHOOSING_YES_NO.test(question) && COMPARATIVE.test(question)))
    return null;
  const q = question.trim().replace(/\s*\?+\s*$/u, '');
  const at = q.search(/\s+or\s+(?!.*\s+or\s+)/iu);
  if (at < 0) return null;
  const left = q.slice(0, at).replace(/,\s*$/u, '');
  const right = q.slice(at).replace(/^\s+or\s+/iu, '');
  const rightWords = right.split(/\s+/u);
  // The option after "or" runs from the "or" on: its longest prefix a claim states.
  let b: OptionSpan | null = null;
  for (let n = rightWords.length; n > 0 && !b; n--) b = stated(rightWords.slice(0, n).join(' '), claims);
  // The option before "or" ends at it, within one comma segment, the last segment first ("Which band
  // was founded first, Hole, the band that…, or The Wolfhounds?" → "Hole").
  let a: OptionSpan | null = null;
  const segments = left
    .split(/[,:;]\s*/u)
    .slice(1)
    .reverse();
  // Without a comma the option still ends at the "or": "Who was born first George Marshall or…".
  if (segments.length === 0) segments.push(left);
  for (const segment of segments) {
    const words = segment.split(/\s+/u);
    for (let n = words.length; n > 0 && !a; n--) a = stated(words.slice(-n).join(' '), claims);
    if (a) break;
  }
  if (!a || !b || (a.claim === b.claim && a.start < b.end && b.start < a.end)) return null;
  return [a, b];
}

function stated(option: string, claims: readonly string[]): OptionSpan | null {
  const text = option.replace(/^["“'‘]+|["”'’.,;:]+$/gu, '');
  // A named thing: a capital first, and a word of content ("The" alone is no option).
  if (!/^\p{Lu}/u.test(text) || lexicalTerms(text).length === 0) return null;
  const lower = text.toLowerCase();
  for (const [claim, sentence] of claims.entries()) {
    const i = sentence.toLowerCase().indexOf(lower);
    // Whole words only: "Fir" is not chosen inside "First".
    if (
      i < 0 ||
      /[\p{L}\p{N}]/u.test(sentence[i - 1] ?? '') ||
      /[\p{L}\p{N}]/u.test(sentence[i + text.length] ?? '')
    )
      continue;
    return { claim, start: i, end: i + text.length, text: sentence.slice(i, i + text.length) };
  }
  return null;
}

/**
 * Which option answers: for "first/older…" the one whose claim states the earlier year, for
 * "later/younger…" the later; otherwise (or without a year for each) the one whose claim comes
 * first in `order` (the claims ranked by how well they match the question).
 */
export function comparisonAnswer(
  question: string,
  claims: readonly string[],
  order: readonly number[] = claims.map((_, i) => i),
): OptionSpan | null {
  const options = comparisonOptions(question, claims);
  if (!options) return null;
  const [a, b] = options as [OptionSpan, OptionSpan];
  const earlier = EARLIER.test(question);
  const later = LATER.test(question);
  if (earlier !== later) {
    const year = (o: OptionSpan) => Number(YEAR.exec(claims[o.claim]!.slice(o.start))?.[1] ?? Number.NaN);
    const ya = year(a);
    const yb = year(b);
    if (a.claim !== b.claim && Number.isFinite(ya) && Number.isFinite(yb) && ya !== yb)
      return ya < yb === earlier ? a : b;
  }
  const rank = (o: OptionSpan) => {
    const r = order.indexOf(o.claim);
    return r < 0 ? Number.MAX_SAFE_INTEGER : r;
  };
  return rank(b) < rank(a) ? b : a;
}
