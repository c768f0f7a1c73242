/**
 * Rules both sentence splitters share (the segmenter one for documents, the prefix scanner for
 * streamed answers), so a quote cited from a document and a sentence checked in a stream end at
 * the same places.
 */

// Tokens whose trailing period is far more often an abbreviation than a sentence end ("Dr. Smith",
// "e.g. budgets", "Paul v. Clinton", "U.S. Highway 70"). Words that often do end a sentence ("etc.", "Inc.", "a.m.") are left out.
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
  'e.g',
  'i.e',
  'fig',
  'figs',
  'no',
  'vol',
  'pp',
  'cf',
  'al',
  'approx',
  'dept',
  'nr',
  'bzw',
  'z.b',
  'd.h',
  'ca',
  'gen',
  'gov',
  'lt',
  'mt',
  'rev',
  'sgt',
  'capt',
  'col',
  'est',
  'v',
  'u.s',
  'u.k',
]);

/**
 * Whether a period after `word` (the letters and inner periods just before it, as written) is an
 * abbreviation's rather than a sentence end: a listed abbreviation, or an initial as in "J. Smith".
 * `following`, the text after the period, decides for "No."/"Nr.", which abbreviate only before a
 * number.
 */
export function isAbbreviation(word: string, following?: string): boolean {
  if (/^\p{Lu}$/u.test(word)) return true;
  const lower = word.toLowerCase();
  // "No. 5" and "Nr. 12" abbreviate "number"; "No. Returns are free…" answers a question.
  if (NUMBER_SIGNS.has(lower) && following !== undefined)
    return NUMBER_AFTER.test(following) || COUNT_HEADER.test(following);
  return ABBREVIATIONS.has(lower);
}

const NUMBER_SIGNS = new Set(['no', 'nr']);
// What a number sign stands before: "5", "#5", "(5)", "\"5\"", "A-1234", "B12".
const NUMBER_AFTER = /^\s*[#("]?\s*[A-Z]{0,4}-?\d/;
// A title-case column header, "No. Of Employees" or a table row's "No. Of: 90" (the California WARN
// report): "number of". "No. Of course…" still ends the answer "No."
const COUNT_HEADER = /^\s*Of(?::|\s+\p{Lu})/u;
/**
 * Whether the text after a "!" is a company's legal form, followed by punctuation or the end: a
 * brand written with "!" ("Yahoo! Inc.") is one name, not two sentences ("Great news! LLC members
 * can vote" is two).
 */
export function legalFormFollows(following: string): boolean {
  return /^\s*(?:Inc|Ltd|LLC|Corp|GmbH|plc)(?=[.,;:)]|\s*$)/u.test(following);
}

/** How much text after a period `isAbbreviation` needs to see. */
export const ABBREVIATION_LOOKAHEAD = 40;

/**
 * Chinese sentence terminators. ICU ends sentences at 。！？ but not at the full-width semicolon,
 * which Chinese prose uses between independent clauses that read as sentences.
 */
export const CJK_TERMINATORS = '。！？；';
