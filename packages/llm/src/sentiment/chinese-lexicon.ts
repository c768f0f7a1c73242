import {
  ADVERB_WHEN_BEFORE_POLAR,
  BLOCKED_WORDS,
  CONTRAST_AFTER_COMMA,
  CONTRAST_MARKERS,
  DEGREE_WORDS,
  EMOJI,
  LUKEWARM_WORDS,
  NEGATIVE_WORDS,
  NEGATORS,
  type Negator,
  POSITIVE_WORDS,
} from './chinese-lexicon-data';

/**
 * Rule-based Chinese sentiment from the closed word lists in chinese-lexicon-data.ts. Chinese has no
 * spaces, so the text is scanned left to right taking the longest listed word at each position
 * (a set phrase beats its parts: 不错 is praise, not 不 + 错); characters in no list are skipped.
 * A negator or degree adverb applies to a polar word that starts at most MODIFIER_REACH characters
 * after it within the same clause (不是很好, 很不好, 太慢了), as these modifiers scope over the
 * predicate that follows them.
 */

type Entry =
  | { kind: 'polar'; value: number }
  | { kind: 'negator'; negator: Negator }
  | { kind: 'degree'; factor: number }
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
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/u;

function buildDictionary(): { entries: Map<string, Entry>; maxLength: number } {
  const entries = new Map<string, Entry>();
  // Later sets win on a clash; polar words go last so a word is never silently a modifier.
  for (const w of BLOCKED_WORDS) entries.set(w, { kind: 'block' });
  for (const [w, factor] of Object.entries(DEGREE_WORDS)) entries.set(w, { kind: 'degree', factor });
  for (const [w, negator] of Object.entries(NEGATORS)) entries.set(w, { kind: 'negator', negator });
  for (const [w, v] of Object.entries(LUKEWARM_WORDS)) entries.set(w, { kind: 'polar', value: v });
  for (const [w, v] of Object.entries(POSITIVE_WORDS)) entries.set(w, { kind: 'polar', value: v });
  for (const [w, v] of Object.entries(NEGATIVE_WORDS)) entries.set(w, { kind: 'polar', value: -v });
  for (const [w, v] of Object.entries(EMOJI)) entries.set(w, { kind: 'polar', value: v });
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

/** Scores one text (or one clause of it) with the lexicon. */
export function scoreChineseLexicon(text: string): ChineseLexiconScore {
  const t = text.toLowerCase();
  let raw = 0;
  let hits = 0;
  let negator: Negator | null = null;
  let negatorEnd = -1;
  let negatorUsed = false;
  let degree = 1;
  let degreeEnd = -1;

  const endClause = () => {
    // "再也不会来了": a never-again negator with nothing polar after it is itself the complaint.
    if (negator && !negatorUsed && negator.alone !== 0) {
      raw += negator.alone;
      hits++;
    }
    negator = null;
    negatorUsed = false;
    degree = 1;
    degreeEnd = -1;
  };

  let i = 0;
  while (i < t.length) {
    if (CLAUSE_END.test(t[i] as string)) {
      endClause();
      i++;
      continue;
    }
    const m = longestMatch(t, i);
    if (!m) {
      i++;
      continue;
    }
    const end = i + m.word.length;
    const { entry } = m;
    if (entry.kind === 'negator') {
      endClause();
      negator = entry.negator;
      negatorEnd = end;
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
        if (activeNegator && i - negatorEnd <= MODIFIER_REACH) {
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
  endClause();
  return { raw, score: squashLexiconSum(raw), hits };
}

/** Only short texts: in a long review the last 但是 says little about the whole. */
const CONTRAST_MAX_CHARS = 50;

/**
 * Splits a short text at its last contrastive conjunction (但是, 不过, 可惜, "，就是"…), so the later
 * clause can weigh more. 不但 ("not only") is not a contrast. Null when there is none or a side is empty.
 */
export function splitAtChineseContrast(text: string): { before: string; after: string } | null {
  if ([...text].length > CONTRAST_MAX_CHARS) return null;
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
