import { isCjk } from './normalize';

/**
 * Content tokens for lexical support scoring: lower-cased, stop words dropped, English words
 * reduced by a light suffix stemmer, Chinese turned into character bigrams (Chinese has no spaces,
 * and bigrams are the usual cheap stand-in for words).
 */

const STOP_WORDS = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto over under about as is are was were be ' +
    "been being am do does did doing have has had having it its it's this that these those there here which who whom whose " +
    'what when where why how i me my we our you your he him his she her they them their so than too very can could ' +
    'will would shall should may might must also just only such any some each both more most other same own up down out ' +
    'off again further once all per via upon while during before after above below between through because until against ' +
    'among whether yes s t one ones said says according answer question'
  ).split(/\s+/),
);

// Negations are content: "is not covered" must not be supported by "is covered".
export const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'none',
  'nobody',
  'nothing',
  'neither',
  'nor',
  "n't",
  'cannot',
]);

const CJK_STOP = new Set('的了是在和与及或也就都而之其这那有为以于把被着'.split(''));

/** A light English stemmer: enough to join plural/tense variants, not a full Porter stemmer. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  const rules: [RegExp, string][] = [
    [/ies$/, 'y'],
    [/(ss|sh|ch|x|z)es$/, '$1'],
    [/([^s])s$/, '$1'],
  ];
  for (const [re, rep] of rules) {
    if (re.test(w) && w.length > 3) {
      w = w.replace(re, rep);
      break;
    }
  }
  const suffixes: [RegExp, string][] = [
    [/ational$/, 'ate'],
    [/ization$/, 'ize'],
    [/fulness$/, 'ful'],
    [/iveness$/, 'ive'],
    [/ation$/, 'ate'],
    [/ment$/, ''],
    [/ingly$/, ''],
    [/edly$/, ''],
    [/ly$/, ''],
    [/ing$/, ''],
    [/ied$/, 'y'],
    [/ed$/, ''],
    [/er$/, ''],
    [/est$/, ''],
  ];
  for (const [re, rep] of suffixes) {
    const m = re.exec(w);
    if (m && w.length - m[0].length >= 3) {
      w = w.replace(re, rep);
      break;
    }
  }
  // "runn" → "run", "stopp" → "stop"
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

export interface Tokenized {
  /** Stemmed content tokens (English words, numbers, Chinese bigrams). */
  tokens: string[];
  negations: number;
}

export function contentTokens(text: string): Tokenized {
  const tokens: string[] = [];
  let negations = 0;
  const lower = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\[\d+\]/g, ' ');
  const re = /[a-z0-9]+(?:['’][a-z]+)?|[\u3400-\u4dbf\u4e00-\u9fff]+/g;
  for (const m of lower.matchAll(re)) {
    const piece = m[0];
    if (isCjk(piece[0]!)) {
      const chars = [...piece].filter((c) => !CJK_STOP.has(c));
      if (chars.length === 1) tokens.push(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
      for (const c of piece) if ('不没无非未别'.includes(c)) negations++;
      continue;
    }
    const word = piece.replace(/’/g, "'");
    if (NEGATIONS.has(word) || word.endsWith("n't")) {
      negations++;
      tokens.push('not');
      continue;
    }
    if (STOP_WORDS.has(word)) continue;
    tokens.push(/^\d/.test(word) ? word : stem(word));
  }
  return { tokens, negations };
}

const NUMBER_WORDS: Record<string, string> = {
  zero: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  thirteen: '13',
  fourteen: '14',
  fifteen: '15',
  sixteen: '16',
  seventeen: '17',
  eighteen: '18',
  nineteen: '19',
  twenty: '20',
  thirty: '30',
  forty: '40',
  fifty: '50',
  sixty: '60',
  seventy: '70',
  eighty: '80',
  ninety: '90',
  hundred: '100',
  first: '1',
  second: '2',
  third: '3',
};

/**
 * Numbers in a text, normalised ("1,200" → "1200", "3.50" → "3.5", "two" → "2"). A number in an
 * answer that appears nowhere in the sources is the strongest cheap sign of a hallucination.
 */
export function extractNumbers(text: string, includeWords = false): string[] {
  const out: string[] = [];
  const t = text.normalize('NFKC').replace(/\[\d+\]/g, ' ');
  for (const m of t.matchAll(/\d[\d,]*(?:\.\d+)?/g)) {
    let n = m[0].replace(/,(?=\d{3}\b)/g, '').replace(/,$/, '');
    if (n.includes('.')) n = n.replace(/\.?0+$/, '');
    out.push(n);
  }
  // Chinese numerals: single-character counts before a measure word or unit ("两年", "五个").
  for (const m of t.matchAll(/([零一二两三四五六七八九十])(?=[年个月天日次位名家台件元万亿%倍])/g)) {
    const v = CJK_DIGITS[m[1]!];
    if (v !== undefined) out.push(v);
  }
  if (includeWords) {
    for (const m of t.toLowerCase().matchAll(/\b[a-z]+\b/g)) {
      const v = NUMBER_WORDS[m[0]];
      if (v !== undefined && m[0] !== 'one' && m[0] !== 'first' && m[0] !== 'second') out.push(v);
    }
  }
  return out;
}

const CJK_DIGITS: Record<string, string> = {
  零: '0',
  一: '1',
  二: '2',
  两: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
  十: '10',
};

const MONTHS = 'january february march april may june july august september october november december'.split(
  ' ',
);

/**
 * Named-entity-like tokens: capitalised words that do not start a sentence, acronyms, and month
 * names. Without a NER model, capitalisation is the usable signal in English.
 */
export function extractEntities(text: string): string[] {
  const out: string[] = [];
  const t = text.normalize('NFKC').replace(/\[\d+\]/g, ' ');
  const words = [...t.matchAll(/[A-Za-z][A-Za-z'’-]*/g)];
  for (const m of words) {
    const w = m[0];
    const idx = m.index;
    const before = t.slice(0, idx).trimEnd();
    const sentenceStart = before.length === 0 || /[.!?:"“(]$/.test(before);
    const lower = w.toLowerCase();
    if (MONTHS.includes(lower) && lower !== 'may') {
      out.push(lower);
      continue;
    }
    if (/^[A-Z]{2,}$/.test(w)) {
      out.push(lower);
      continue;
    }
    if (/^[A-Z]/.test(w) && !sentenceStart && !STOP_WORDS.has(lower) && lower !== 'i') out.push(stem(lower));
  }
  return out;
}

/** Lower-cased stems of every word in `text` (stop words kept), for entity look-ups. */
export function wordSet(text: string): Set<string> {
  const set = new Set<string>();
  const t = text.normalize('NFKC').toLowerCase();
  for (const m of t.matchAll(/[a-z][a-z'’-]*/g)) {
    set.add(m[0]);
    set.add(stem(m[0]));
    for (const part of m[0].split(/[-'’]/)) if (part) set.add(stem(part));
  }
  return set;
}
