import { stemmer } from 'stemmer';
import { eng } from 'stopword';
import { foldHan } from './fold-han';

/**
 * Terms for lexical overlap between short texts (a question and a sentence, two sentences):
 * stemmed English words without stop words, plus character bigrams for Han runs (Chinese has no
 * spaces, and bigrams are the usual cheap stand-in for words).
 */
let stopWords: Set<string> | undefined;
function englishStopWords(): Set<string> {
  // Built on first use rather than at import time (no work at import).
  stopWords ??= new Set([
    ...eng,
    'what',
    'which',
    'who',
    'whom',
    'whose',
    'when',
    'where',
    'why',
    'how',
    'did',
    'does',
  ]);
  return stopWords;
}

/** An English stop word ("the", "what", "does"): a word of the language, whatever the documents say. */
export function isEnglishStopWord(word: string): boolean {
  return englishStopWords().has(word.toLowerCase());
}

const HAN = /\p{Script=Han}/u;
// A Latin word ends where Han begins ("AI摘要" is "ai" and "摘要"): Han characters are letters too.
const TOKEN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:['’](?:(?!\p{Script=Han})\p{L})+)?/gu;

/**
 * Stems read as one term: a dimension noun and its adjective ("what's the minimum password length"
 * against "at least 14 characters long"). Applied to question and sentence alike, so a match
 * within one form is unchanged. "At least" states a minimum (the phrase, not "least": "the least
 * expensive" is no minimum; nor "min", which is as often minutes).
 */
const SAME_TERM: Record<string, string> = {
  long: 'length',
  wide: 'width',
  high: 'height',
  tall: 'height',
  deep: 'depth',
  weigh: 'weight',
  heavi: 'weight',
};

/**
 * English verb forms the stemmer cannot join to their base ("I lost my phone" asks about "lose";
 * "paid" is "pay"), and "adding", which Porter cuts to "ad". Forms that are as often another word
 * ("left", "found", "saw", "won", "felt", "met", "broke", "stole") are not listed, nor forms of a
 * stop word ("made", "took", "got"): "made by" names a maker where "make" says little.
 */
const BASE_FORM: Record<string, string> = {
  paid: 'pay',
  lost: 'lose',
  sent: 'send',
  spent: 'spend',
  bought: 'buy',
  sold: 'sell',
  kept: 'keep',
  held: 'hold',
  gave: 'give',
  given: 'give',
  told: 'tell',
  brought: 'bring',
  chose: 'choose',
  chosen: 'choose',
  broken: 'break',
  forgot: 'forget',
  forgotten: 'forget',
  stolen: 'steal',
  wrote: 'write',
  written: 'write',
  began: 'begin',
  begun: 'begin',
  drove: 'drive',
  driven: 'drive',
  flew: 'fly',
  flown: 'fly',
  understood: 'understand',
  adding: 'add',
  added: 'add',
};

// Written both ways ("e-mail" and "email"), and "e" or "wi" alone is no word. A closed list: a
// letter before a hyphen is as often a grade, a variable or a name ("A-level", "p-value", "T-Mobile").
const SHORT_HYPHENATED =
  /(?<![\p{L}\p{N}-])(e|x|t|wi)-(mails?|books?|commerce|rays?|shirts?|fi)(?![\p{L}\p{N}-])/gu;

export function lexicalTerms(text: string): string[] {
  const terms: string[] = [];
  const stop = englishStopWords();
  // Traditional and Simplified forms of a word are one term (fold-han.ts).
  for (const [token] of foldHan(text)
    .toLowerCase()
    .replace(/\bat least\b/gu, 'minimum')
    .replace(SHORT_HYPHENATED, '$1$2')
    .matchAll(TOKEN)) {
    if (HAN.test(token)) {
      const chars = [...token];
      if (chars.length === 1) terms.push(token);
      for (let i = 0; i + 1 < chars.length; i++) terms.push(`${chars[i]}${chars[i + 1]}`);
      continue;
    }
    const written = token.replace(/['’]s$/u, '');
    const word = BASE_FORM[written] ?? written;
    if (stop.has(word)) continue;
    // Single letters carry almost no meaning in English; digits do ("3", "7").
    if (word.length < 2 && !/\p{N}/u.test(word)) continue;
    const stem = stemmer(word);
    terms.push(SAME_TERM[stem] ?? stem);
  }
  return terms;
}
