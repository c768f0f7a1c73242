import { foldHan } from '@grounded/text';
import {
  ADVERB_WHEN_BEFORE_POLAR,
  BLOCKED_WORDS,
  COMPARISON_STANDARDS,
  CONTRAST_AFTER_COMMA,
  CONTRAST_MARKERS,
  DEGREE_WORDS,
  EMOJI,
  LONG_WAIT_PATTERNS,
  LONG_WAIT_VALUE,
  LUKEWARM_WORDS,
  NEGATIVE_WORDS,
  NEGATORS,
  type Negator,
  POSITIVE_WORDS,
  RHETORICAL_QUESTION_MARKERS,
} from './chinese-lexicon-data';

/**
 * Rule-based Chinese sentiment from the closed word lists in chinese-lexicon-data.ts. Chinese has no
 * spaces, so the text is scanned left to right taking the longest listed word at each position
 * (a set phrase beats its parts: 不错 is praise, not 不 + 错); characters in no list are skipped.
 * A negator or degree adverb applies to a polar word that starts at most MODIFIER_REACH characters
 * after it within the same clause (不是很好, 很不好, 太慢了), as these modifiers scope over the
 * predicate that follows them. The text is folded from Traditional to Simplified characters first,
 * since the lists are written in Simplified (很滿意 is 很满意).
 */

type Entry =
  | { kind: 'polar'; value: number; negatable: boolean }
  | { kind: 'negator'; negator: Negator }
  | { kind: 'degree'; factor: number }
  | { kind: 'standard' }
  | { kind: 'block' };

/** Characters between a modifier and its word ("不是很好": 是很 between 不 and 好). */
const MODIFIER_REACH = 2;

/**
 * VADER's normalisation x / sqrt(x² + α) maps a sum of word values into (-1, 1). VADER uses α = 15
 * on valences of about ±2..4; ours are about ±1, so α = 2 keeps one plain word near 0.6 and a strong
 * or intensified word near 0.75, leaving the top of the scale to several agreeing words.
 */
const SQUASH_ALPHA = 2;

const CLAUSE_END = /[，,。.！!？?；;~～、\s]/u;
const QUESTION_MARK = /[？?]/u;

/**
 * A yes/no question keeps this share of its words' values: it asks about a quality rather than
 * asserting it (质量好吗), though a question still leans a little towards what it names.
 */
const QUESTION_FACTOR = 0.25;
/** 呢 ends questions (那质量呢), but 着呢 is an emphatic statement (好着呢 "it's good, really"). */
const QUESTION_END = /(?:吗|嘛|(?<!着)呢)$/u;
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/u;

function buildDictionary(): { entries: Map<string, Entry>; maxLength: number } {
  const entries = new Map<string, Entry>();
  // Later sets win on a clash; polar words go last so a word is never silently a modifier.
  for (const w of BLOCKED_WORDS) entries.set(w, { kind: 'block' });
  for (const [w, factor] of Object.entries(DEGREE_WORDS)) entries.set(w, { kind: 'degree', factor });
  for (const w of COMPARISON_STANDARDS) entries.set(w, { kind: 'standard' });
  for (const [w, negator] of Object.entries(NEGATORS)) entries.set(w, { kind: 'negator', negator });
  for (const [w, v] of Object.entries(LUKEWARM_WORDS)) {
    entries.set(w, { kind: 'polar', value: v, negatable: true });
  }
  for (const [w, v] of Object.entries(POSITIVE_WORDS)) {
    entries.set(w, { kind: 'polar', value: v, negatable: true });
  }
  for (const [w, v] of Object.entries(NEGATIVE_WORDS)) {
    entries.set(w, { kind: 'polar', value: -v, negatable: true });
  }
  for (const [w, v] of Object.entries(EMOJI)) entries.set(w, { kind: 'polar', value: v, negatable: false });
  let maxLength = 0;
  for (const w of entries.keys()) maxLength = Math.max(maxLength, w.length);
  return { entries, maxLength };
}

const DICTIONARY = buildDictionary();

function longestMatch(text: string, at: number): { word: string; entry: Entry } | null {
  const limit = Math.min(DICTIONARY.maxLength, text.length - at);
  for (let len = limit; len >= 1; len--) {
    const word = text.slice(at, at + len);
    const entry = DICTIONARY.entries.get(word);
    if (entry) return { word, entry };
  }
  return null;
}

export interface ChineseLexiconScore {
  /** Sum of the matched words' values after negation and degree, unbounded. */
  raw: number;
  /** `raw` squashed into (-1, 1). */
  score: number;
  /** How many polar or lukewarm words (and dangling "never again" negators) were counted. */
  hits: number;
}

export function squashLexiconSum(raw: number): number {
  return raw / Math.sqrt(raw * raw + SQUASH_ALPHA);
}

interface ClauseScore {
  raw: number;
  hits: number;
}

/** Scores one clause (no clause-ending punctuation inside) left to right. */
function scoreClause(t: string): ClauseScore {
  let raw = 0;
  let hits = 0;
  let negator: Negator | null = null;
  let negatorEnd = -1;
  let negatorUsed = false;
  // Set by 不如, or by a standard of comparison after a negator: the scope runs to the clause end.
  let negatorToEnd = false;
  let degree = 1;
  let degreeEnd = -1;

  const endScope = () => {
    // "再也不会来了": a never-again negator with nothing polar after it is itself the complaint.
    if (negator && !negatorUsed && negator.alone !== 0) {
      raw += negator.alone;
      hits++;
    }
    negator = null;
    negatorUsed = false;
    negatorToEnd = false;
    degree = 1;
    degreeEnd = -1;
  };

  let i = 0;
  while (i < t.length) {
    const m = longestMatch(t, i);
    if (!m) {
      i++;
      continue;
    }
    const end = i + m.word.length;
    const { entry } = m;
    if (entry.kind === 'negator') {
      endScope();
      negator = entry.negator;
      negatorEnd = end;
      negatorToEnd = entry.negator.reach === 'clause';
    } else if (entry.kind === 'standard') {
      if (negator && i - negatorEnd <= MODIFIER_REACH) negatorToEnd = true;
    } else if (entry.kind === 'degree') {
      degree = degreeEnd >= 0 && i - degreeEnd <= MODIFIER_REACH ? degree * entry.factor : entry.factor;
      degreeEnd = end;
    } else if (entry.kind === 'polar') {
      const adverb = ADVERB_WHEN_BEFORE_POLAR[m.word];
      const next = adverb !== undefined ? longestMatch(t, end) : null;
      if (adverb !== undefined && next?.entry.kind === 'polar') {
        // 好慢, 好贴心: here 好 means "so", not "good".
        degree = adverb;
        degreeEnd = end;
      } else {
        let v = entry.value;
        if (degreeEnd >= 0 && i - degreeEnd <= MODIFIER_REACH) v *= degree;
        const activeNegator = negator as Negator | null;
        if (entry.negatable && activeNegator && (negatorToEnd || i - negatorEnd <= MODIFIER_REACH)) {
          v *= v > 0 ? activeNegator.positive : activeNegator.negative;
          negatorUsed = true;
          // The scope runs on over adjacent polar words: 没有乱推销 negates both.
          negatorEnd = end;
        }
        raw += v;
        hits++;
        degree = 1;
        degreeEnd = -1;
      }
    }
    i = end;
  }
  endScope();
  if (LONG_WAIT_PATTERNS.some((p) => p.test(t))) {
    raw -= LONG_WAIT_VALUE;
    hits++;
  }
  return { raw, hits };
}

interface Clause {
  text: string;
  /** The punctuation that ended it, '' at the end of the text. */
  end: string;
}

function splitClauses(t: string): Clause[] {
  const clauses: Clause[] = [];
  let start = 0;
  for (let i = 0; i <= t.length; i++) {
    const ch = t[i];
    if (ch === undefined || CLAUSE_END.test(ch)) {
      if (i > start) clauses.push({ text: t.slice(start, i), end: ch ?? '' });
      else if (ch && clauses.length > 0 && QUESTION_MARK.test(ch)) {
        // "好用吗？？": a run of marks still ends the clause before it as a question.
        const last = clauses[clauses.length - 1] as Clause;
        if (!QUESTION_MARK.test(last.end)) last.end = ch;
      }
      start = i + 1;
    }
  }
  return clauses;
}

function isYesNoQuestion(c: Clause): boolean {
  if (!QUESTION_MARK.test(c.end) && !QUESTION_END.test(c.text)) return false;
  return !RHETORICAL_QUESTION_MARKERS.some((m) => c.text.includes(m));
}

/**
 * An exclamation of praise with no subject (太好了, 真是太棒了): before a later complaint in the
 * same text it reads as irony (真是太好了，等了一个月才到), as it praises nothing the text names.
 */
function isBarePraiseExclamation(c: Clause): boolean {
  const core = c.text.replace(/^(?:真是|简直是?|实在是|真的是)/u, '');
  const prefixed = core.length < c.text.length;
  const body = core.replace(/[了啊呀啦哈哦]+$/u, '');
  // 真是… or …了 makes it an exclamation (太好了, 真是太棒); a bare verdict with only "！" (非常满意！)
  // is as often sincere, about the thing the text is about.
  const exclaimed = prefixed || body.length < core.length;
  if (!exclaimed || body.length === 0) return false;
  let sawPraise = false;
  for (let i = 0; i < body.length; ) {
    const m = longestMatch(body, i);
    if (!m) return false;
    if (m.entry.kind === 'polar' && m.entry.value > 0) sawPraise = true;
    else if (m.entry.kind !== 'degree') return false;
    i += m.word.length;
  }
  return sawPraise;
}

const RESOLVED =
  /(?:问题|毛病|故障|错误|bug)[^，。！？,.!?]{0,3}(?:没了|没有了|解决了|不见了|消失了|修好了|好了)/u;

/** Scores one text (or one clause of it) with the lexicon. */
export function scoreChineseLexicon(text: string): ChineseLexiconScore {
  const clauses = splitClauses(foldHan(text).toLowerCase());
  const scores = clauses.map((c) => {
    const s = scoreClause(c.text);
    // "问题都没了", "故障解决了": a problem gone is good news, not a complaint (second review).
    const resolved = RESOLVED.test(c.text) ? { raw: Math.abs(s.raw), hits: s.hits } : s;
    return isYesNoQuestion(c) ? { raw: resolved.raw * QUESTION_FACTOR, hits: resolved.hits } : resolved;
  });
  // Whether any clause after k complains, for every k in one backward pass (a per-clause scan of the
  // rest was quadratic on long texts: second review).
  const complaintAfter: boolean[] = new Array(scores.length).fill(false);
  for (let k = scores.length - 2; k >= 0; k--)
    complaintAfter[k] = complaintAfter[k + 1] || (scores[k + 1]?.raw ?? 0) < 0;
  let raw = 0;
  let hits = 0;
  for (const [k, s] of scores.entries()) {
    const ironic = s.raw > 0 && complaintAfter[k] && isBarePraiseExclamation(clauses[k] as Clause);
    if (!ironic) raw += s.raw;
    hits += s.hits;
  }
  return { raw, score: squashLexiconSum(raw), hits };
}

/** Only short texts: in a long review the last 但是 says little about the whole. */
const CONTRAST_MAX_CHARS = 50;

/**
 * Splits a short text at its last contrastive conjunction (但是, 不过, 可惜, "，就是"…), so the later
 * clause can weigh more. 不但 ("not only") is not a contrast. Null when there is none or a side is empty.
 */
export function splitAtChineseContrast(raw: string): { before: string; after: string } | null {
  if ([...raw].length > CONTRAST_MAX_CHARS) return null;
  // Folded so the markers are found in Traditional text too (不過 is 不过); same length as `raw`.
  const text = foldHan(raw);
  let best: { index: number; length: number; keep: boolean } | null = null;
  for (const { marker, keep } of CONTRAST_MARKERS) {
    for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
      if (marker === '但' && text[at - 1] === '不') continue;
      if (!best || at > best.index) best = { index: at, length: marker.length, keep };
    }
  }
  for (
    let at = text.indexOf(CONTRAST_AFTER_COMMA);
    at >= 0;
    at = text.indexOf(CONTRAST_AFTER_COMMA, at + 1)
  ) {
    if (at > 0 && /[，,]/u.test(text[at - 1] as string) && (!best || at > best.index)) {
      best = { index: at, length: CONTRAST_AFTER_COMMA.length, keep: false };
    }
  }
  if (!best) return null;
  const before = text.slice(0, best.index).trim();
  const after = text.slice(best.keep ? best.index : best.index + best.length).trim();
  if (!CJK.test(before) || !CJK.test(after)) return null;
  return { before, after };
}
