/**
 * The short answer inside a sentence for a question of no fixed slot ("What…", "Which…", "Where…",
 * "Why…", or a typed question whose sentence states no fact of its pattern): the span that fills
 * the question's gap. The question's words are aligned to the sentence; the answer is the run of
 * words the question does not contain that stands closest to the aligned words, preferably one of
 * the kind the question asks for (a name for "who" or "which company", a number for "how many", a
 * reason for "why"). Rules over words, not a model; English only (Chinese gets no gap span).
 */
import { lexicalTerms } from '@grounded/text';
import type { SlotSpan } from './answer-slot';

/** The kind of word the gap should hold, read from the wh-word and the question's head noun. */
export type GapType = 'name' | 'number' | 'reason' | 'any';

// Head nouns after "what/which" that ask for a proper name or a number.
const NAME_HEADS =
  /^(?:company|companies|firm|person|people|man|woman|king|queen|ruler|leader|general|emperor|city|cities|town|country|countries|state|nation|region|province|river|lake|sea|island|mountain|river|street|building|organi[sz]ation|team|group|university|school|church|monastery|bridge|canal|port|language|family|dynasty|tribe|name|title|book|film|song|product|brand|vendor|supplier|manufacturer|bank|agency|court|judge|lawyer|attorney|counsel|employer|airline|hotel|office)$/iu;
const NUMBER_HEADS =
  /^(?:year|years|century|centuries|decade|number|amount|percentage|percent|size|length|width|height|depth|distance|price|cost|fee|rate|speed|temperature|age|population|total|share|limit)$/iu;

export function gapType(question: string): GapType {
  const q = question.trim();
  if (/^\s*why\b|\bwhat (?:is|was|are|were) the (?:reason|cause|purpose)\b|\bfor what reason\b/iu.test(q))
    return 'reason';
  if (/\bhow (?:many|much|long|far|old|large|big|high|tall|wide|deep|often)\b/iu.test(q)) return 'number';
  if (/^\s*when\b/iu.test(q)) return 'number';
  if (/\bwho(?:m|se)?\b/iu.test(q)) return 'name';
  // The head noun: one of the first words after "what/which" and any copula or article ("What is
  // the first major city…" → city).
  const after = /\b(?:what|which|whose)\s+((?:[a-z'-]+\s+){0,5})/iu.exec(`${q} `)?.[1] ?? '';
  const heads = after
    .split(/\s+/u)
    .filter(
      (w) => w && !/^(?:is|are|was|were|does|do|did|has|have|had|the|a|an|of|kind|type|sort)$/iu.test(w),
    )
    .slice(0, 3);
  for (const noun of heads) {
    if (NUMBER_HEADS.test(noun)) return 'number';
    if (NAME_HEADS.test(noun)) return 'name';
  }
  // "What is the bend … called?", "What is the name of…": a name.
  if (/\bcalled\s*\??\s*$|\bthe name of\b|\bnamed\s*\??\s*$/iu.test(q)) return 'name';
  if (/^\s*where\b|\bin what\b|\bin which\b/iu.test(q)) return 'name';
  return 'any';
}

interface Word {
  start: number;
  end: number;
  text: string;
  /** Every lexical term of the word is a question term. */
  asked: boolean;
  /** It has a lexical term (not a stop word or a bare symbol). */
  content: boolean;
  /** Capitalised and not the sentence's first word, or all capitals. */
  capital: boolean;
  number: boolean;
  /** A comma, semicolon, colon, bracket or dash ends it: the clause may change after it. */
  breakAfter: boolean;
  clause: number;
}

const NUMBER_WORD =
  /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|half|third|thirds|quarter|dozen|several|first|second)$/iu;
const REASON_CUE = /^(?:because|due|since|as|to|so|owing|thanks|for)$/iu;
const UNIT =
  /^(?:km|m|cm|mm|mi|miles?|ft|feet|in|kg|g|lb|lbs|t|tons?|km²|sq|mph|km\/h|°c|°f|%|percent|gb|mb|tb|hz|kw|mw|v|bp|bc|ad|bce|ce|yr|yrs|ago|seconds?|minutes?|hours?|days?|weeks?|months?|years?)$/iu;
// Words that open a new clause even without punctuation.
const CLAUSE_WORD = /^(?:while|whereas|but|although|though|which|who|where|when)$/iu;

// Most words a gap span may hold: a short answer, not a clause.
export const GAP_MAX_WORDS = 8;

function wordsOf(sentence: string, questionTerms: ReadonlySet<string>): Word[] {
  const words: Word[] = [];
  let clause = 0;
  for (const m of sentence.matchAll(/\S+/gu)) {
    const core = m[0].replace(/^[("“'‘[]+|[)"”'’.,;:!?\]]+$/gu, '');
    if (!core) continue;
    const at = m.index + Math.max(0, m[0].indexOf(core));
    const terms = lexicalTerms(core);
    if ((CLAUSE_WORD.test(core) || /^[("“]/u.test(m[0])) && words.length > 0) clause++;
    const word: Word = {
      start: at,
      end: at + core.length,
      text: core,
      asked: terms.length > 0 && terms.every((t) => questionTerms.has(t)),
      content: terms.length > 0,
      capital: (/^\p{Lu}/u.test(core) && words.length > 0) || /^\p{Lu}{2,}$/u.test(core),
      number: /\p{N}/u.test(core) || NUMBER_WORD.test(core),
      breakAfter: /[,;:()–—]["”’)]?$/u.test(m[0]) || /["”)]$/u.test(m[0]),
      clause,
    };
    words.push(word);
    if (word.breakAfter) clause++;
  }
  return words;
}

export interface GapOptions {
  /** Null unless the span holds a word of the asked type. */
  typedOnly?: boolean;
  /**
   * How much a question term says (e.g. IDF over the retrieved text): a rare aligned word ("merging")
   * anchors the gap more than the topic word every sentence repeats ("Rhine"). Default: all equal.
   */
  weight?: (term: string) => number;
}

/**
 * Which side of the question's words the answer stands on. "What does the Rhine merge with?" asks
 * for the object: it follows the aligned verb. "What carries the water?" asks for the subject: it
 * comes before. Undecided for copulas ("What is…").
 */
export type GapSide = 'after' | 'before' | 'either';

export function gapSide(question: string): GapSide {
  const m = /\b(?:what|which|who)\s+([a-z]+)/iu.exec(question);
  const next = m?.[1]?.toLowerCase();
  if (!next) return 'either';
  if (/^(?:do|does|did|will|would|can|could|should|shall|may|might|must|has|have|had)$/u.test(next))
    return 'after';
  if (/^(?:is|are|was|were|be|been)$/u.test(next)) return 'either';
  // "What carries…", "Who made…", "What stretched…": a verb right after the wh-word.
  if (/(?:ed|es)$/u.test(next) || IRREGULAR_PAST.test(next)) return 'before';
  return 'either';
}

const IRREGULAR_PAST =
  /^(?:made|led|became|took|gave|built|won|lost|wrote|found|began|brought|caused|held|kept|left|paid|ran|sent|set|sold|told|thought|went|came|got|had|did|saw|said|ruled|owns|runs|uses|makes|leads|causes|holds|gives|takes)$/u;

/** The gap span, or null when the sentence shares no word with the question. */
export function gapSpan(
  question: string,
  sentence: string,
  questionTerms: ReadonlySet<string>,
  type: GapType = gapType(question),
  options: GapOptions = {},
): SlotSpan | null {
  if (/\p{Script=Han}/u.test(sentence)) return null;
  const words = wordsOf(sentence, questionTerms);
  const anchors = words.flatMap((w, i) => (w.asked ? [i] : []));
  if (anchors.length === 0) return null;
  const side = gapSide(question);
  const raw = anchors.map((a) => anchorWeight(words[a]!.text, options.weight));
  const top = Math.max(...raw);
  const weights = new Map(anchors.map((a, k) => [a, top > 0 ? raw[k]! / top : 1]));
  const best = { score: Number.NEGATIVE_INFINITY, from: -1, to: -1 };
  // Every span of one clause that starts and ends on a word the question lacks; it may hold a
  // question word inside ("greater density of cold water" for "…fall into depths… water?").
  for (let from = 0; from < words.length; from++) {
    const first = words[from]!;
    if (first.asked || (!first.content && !REASON_CUE.test(first.text))) continue;
    for (let to = from; to < words.length && to - from < GAP_MAX_WORDS; to++) {
      const last = words[to]!;
      if (to > from && (words[to - 1]!.breakAfter || last.clause !== first.clause)) break;
      if (last.asked || !last.content) continue;
      const score = spanScore(words, weights, from, to, type, side);
      if (score > best.score) Object.assign(best, { score, from, to });
    }
  }
  if (best.from < 0) return null;
  if (options.typedOnly && !typedHit(words.slice(best.from, best.to + 1), type)) return null;
  // A name runs on over capitalised question words ("Lake | Überlingen", "Wesel-Datteln | Canal"),
  // a number over its unit ("400 | m").
  while (
    best.from > 0 &&
    words[best.from]!.capital &&
    words[best.from - 1]!.capital &&
    !words[best.from - 1]!.breakAfter
  )
    best.from--;
  while (best.to + 1 < words.length && !words[best.to]!.breakAfter) {
    const next = words[best.to + 1]!;
    const last = words[best.to]!;
    if ((last.capital && next.capital) || ((last.number || UNIT.test(last.text)) && UNIT.test(next.text)))
      best.to++;
    else break;
  }
  const start = words[best.from]!.start;
  const end = words[best.to]!.end;
  return { start, end, text: sentence.slice(start, end) };
}

// Weights chosen by hand on the DEV halves only (SQuAD v2 dev and own dev: highlight contains gold,
// `npm run eval -- answering --split dev --hl-misses`), before the test halves were read.
const W_TYPE = 1.5;
const W_WHOLE_RUN = 1;
const W_LENGTH = 0;
const W_CUT = 1;
const W_SIDE = 1;
const W_ASKED_INSIDE = 0.7;

function spanScore(
  words: readonly Word[],
  anchors: ReadonlyMap<number, number>,
  from: number,
  to: number,
  type: GapType,
  side: GapSide,
): number {
  // Question words near the span, nearer counting more; in another clause half as much.
  let near = 0;
  for (const [a, weight] of anchors) {
    if (a >= from && a <= to) continue;
    const d = a < from ? from - a : a - to;
    const sameClause = words[a]!.clause === words[from]!.clause || words[a]!.clause === words[to]!.clause;
    near += (weight * (sameClause ? 1 : 0.5)) / d ** 1.5;
  }
  const inner = words.slice(from, to + 1);
  const typed = type === 'any' ? 0 : typedHit(inner, type) ? 1 : type === 'reason' ? 0 : -1;
  // A span that fills its whole gap (question word or clause edge on both sides) fits it exactly.
  const left = gapEdge(words, from, -1);
  const right = gapEdge(words, to, 1);
  const whole = (left ? 0.5 : 0) + (right ? 0.5 : 0);
  // The side the question's form points to: right after its words, or right before them.
  const sided =
    side === 'after'
      ? askedNeighbour(words, from, -1)
      : side === 'before'
        ? askedNeighbour(words, to, 1)
        : false;
  // A name or a number is not cut in two ("King Charles | III", "Alexius | Komnenos").
  const cuts =
    (from > 0 && joined(words[from - 1]!, words[from]!) ? 1 : 0) +
    (to + 1 < words.length && joined(words[to]!, words[to + 1]!) ? 1 : 0);
  const askedInside = inner.filter((w) => w.asked).length;
  return (
    near +
    W_TYPE * typed +
    W_WHOLE_RUN * whole +
    (sided ? W_SIDE : 0) -
    W_LENGTH * (to - from + 1) -
    W_CUT * cuts -
    W_ASKED_INSIDE * askedInside
  );
}

function anchorWeight(word: string, weight: GapOptions['weight']): number {
  if (!weight) return 1;
  return Math.max(0, ...lexicalTerms(word).map(weight));
}

/** Whether a span holds a word of the asked kind: a new name, a new number, a reason's cue. */
function typedHit(inner: readonly Word[], type: GapType): boolean {
  if (type === 'name') return inner.some((w) => w.capital && !w.asked);
  if (type === 'number') return inner.some((w) => w.number && !w.asked);
  if (type === 'reason') return REASON_CUE.test(inner[0]?.text ?? '');
  return true;
}

/** Whether the nearest content word beyond the span's edge, in its clause, is a question word. */
function askedNeighbour(words: readonly Word[], at: number, step: 1 | -1): boolean {
  for (let i = at + step; i >= 0 && i < words.length; i += step) {
    const w = words[i]!;
    if ((step === 1 ? words[i - 1]! : w).breakAfter) return false;
    if (w.content) return w.asked;
  }
  return false;
}

/** Whether the span's edge at `at` meets a question word or a clause edge, skipping stop words. */
function gapEdge(words: readonly Word[], at: number, step: 1 | -1): boolean {
  for (let i = at + step; i >= 0 && i < words.length; i += step) {
    const w = words[i]!;
    if (step === 1 ? words[i - 1]!.breakAfter : w.breakAfter) return true;
    if (w.clause !== words[at]!.clause) return true;
    if (w.content) return w.asked;
  }
  return true;
}

function joined(a: Word, b: Word): boolean {
  return !a.breakAfter && ((a.capital && b.capital) || (a.number && b.number));
}
