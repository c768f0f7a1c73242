import { isEnglishStopWord } from '@grounded/text';
import { expandAcronym, mayBeAcronym } from './acronyms';

/**
 * Customers type fast: "pasword reset", "whats ur refund policy", "shiping costs". A real word typed
 * for another ("free trail") is left alone: it cannot be told from a question about trails.
 * The extractive answerer matches words and USE-lite reads them whole, so one typo can turn an
 * answer into an abstention. Before answering, each Latin word of the question that is neither in
 * the retrieved sources nor a known word is corrected to the source word one or two edits away.
 * The vocabulary is only what retrieval returned for this caller (ACL-filtered), so a correction
 * reveals no word of a document the caller may not read.
 */
export interface SpellingCorrection {
  from: string;
  to: string;
}

export interface SpellingResult {
  text: string;
  corrections: SpellingCorrection[];
}

export interface SpellingCorrector {
  correct(question: string, sourceTexts: readonly string[]): SpellingResult;
}

export interface SpellingOptions {
  /** A word of the language (a dictionary such as WordNet's lemmas): never corrected. */
  isWord?: (word: string) => boolean;
}

// Chat shorthand, read only when the sources do not use the word themselves.
const SHORTHAND: Record<string, string> = {
  u: 'you',
  ur: 'your',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
  whats: "what's",
  hows: "how's",
  wheres: "where's",
  whos: "who's",
  cant: "can't",
  dont: "don't",
  doesnt: "doesn't",
  isnt: "isn't",
  arent: "aren't",
  wont: "won't",
  didnt: "didn't",
  abt: 'about',
  acct: 'account',
};

const WORD = /[A-Za-z]+(?:['’][A-Za-z]+)*/gu;

/** Optimal string alignment distance (an adjacent swap is one edit), or > max when further. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = Array.from({ length: b.length + 1 }, (_, j) => j);
  let previous = before;
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] as number) + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length] as number;
}

function vocabularyOf(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts)
    for (const [word] of text.matchAll(WORD)) {
      const w = word.toLowerCase();
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  return counts;
}

/**
 * The source word nearest to `word`: one edit for words of up to seven letters, two for longer
 * ones; the first letter kept or swapped with the second (typos rarely touch it, and that keeps
 * "trail" from becoming "rail"). A tie in distance and frequency corrects nothing.
 */
function nearest(word: string, vocabulary: ReadonlyMap<string, number>): string | null {
  const max = word.length <= 7 ? 1 : 2;
  let best: { word: string; distance: number; count: number } | null = null;
  let tied = false;
  for (const [candidate, count] of vocabulary) {
    if (candidate.length < 3) continue;
    const opens = candidate[0] === word[0] || (candidate[0] === word[1] && candidate[1] === word[0]);
    if (!opens) continue;
    const distance = editDistance(word, candidate, max);
    if (distance > max) continue;
    if (!best || distance < best.distance || (distance === best.distance && count > best.count)) {
      best = { word: candidate, distance, count };
      tied = false;
    } else if (distance === best.distance && count === best.count) tied = true;
  }
  return best && !tied ? best.word : null;
}

function withCaseOf(original: string, word: string): string {
  return /^[A-Z]/u.test(original) ? `${word[0]?.toUpperCase() ?? ''}${word.slice(1)}` : word;
}

// At most this many words of one question are looked up: a long pasted text of unknown words
// against a large vocabulary blocked the event loop for seconds (review).
const MAX_LOOKUPS = 6;

/**
 * Whether the question reads as English: most of its words are stop words or dictionary words.
 * A Spanish question ("¿tienen tiendas?") is left alone; its words are no typos of English ones.
 */
function readsAsEnglish(question: string, isWord: (word: string) => boolean): boolean {
  // Accented or other-script letters (Han aside: a Chinese question has no Latin words to fix).
  if (/(?![A-Za-z])\p{L}/u.test(question.replace(/\p{Script=Han}/gu, ''))) return false;
  const words = [...question.matchAll(WORD)].map((m) => m[0].toLowerCase()).filter((w) => w.length > 1);
  const known = words.filter((w) => isEnglishStopWord(w) || isWord(w) || SHORTHAND[w] !== undefined);
  return words.length > 0 && known.length * 2 >= words.length;
}

/** "teh", "adn", "fro": a lower-case word that is a stop word with two letters swapped is a typo. */
function swapsIntoStopWord(word: string): boolean {
  for (let i = 0; i + 1 < word.length; i++) {
    const swapped = `${word.slice(0, i)}${word[i + 1]}${word[i]}${word.slice(i + 2)}`;
    if (swapped !== word && isEnglishStopWord(swapped)) return true;
  }
  return false;
}

export function createSpellingCorrector(options: SpellingOptions = {}): SpellingCorrector {
  const isWord = options.isWord ?? (() => false);
  return {
    correct(question, sourceTexts) {
      const none = { text: question, corrections: [] };
      if (!readsAsEnglish(question, isWord)) return none;
      const vocabulary = vocabularyOf(sourceTexts);
      const corrections: SpellingCorrection[] = [];
      let lookups = 0;
      let acronymLookups = 0;
      const text = question.replace(WORD, (original, offset: number) => {
        const word = original.toLowerCase();
        if (vocabulary.has(word)) return original;
        const before = question.slice(0, offset);
        // Part of a hyphenated or slashed word ("u-turn", "I/O") or of a code ("ORD123456",
        // "#ABC.42", "a_b"): no word of its own.
        const next = question.slice(offset + original.length, offset + original.length + 2);
        if (/[-/\d_#@]$/u.test(before) || /^(?:[-/\d_@]|\.\w)/u.test(next)) return original;
        const correct = (to: string) => {
          corrections.push({ from: original, to });
          return to;
        };
        const shorthand = SHORTHAND[word];
        // Lower case only: "U" and "IM" may be names or codes.
        if (shorthand && original === word) return correct(shorthand);
        // "Which plan has SSO?" where the sources only say "single sign-on" (acronyms.ts).
        const acronym = () =>
          mayBeAcronym(original) && ++acronymLookups <= MAX_LOOKUPS
            ? expandAcronym(original, sourceTexts, { namedOnly: original === word })
            : null;
        // Capitals are read as an acronym even when a dictionary knows them (WordNet lists "PTO"),
        // but never a stop word, nor a word of a question typed in capitals ("CAN I RETURN IT").
        const capitals = /^[A-Z]+$/u.test(original);
        const shouted = isWord(word) && !/\p{Ll}/u.test(question);
        const expanded = capitals && !shouted && !isEnglishStopWord(word) ? acronym() : null;
        if (expanded) return correct(expanded);
        if (isEnglishStopWord(word) || isWord(word)) return original;
        // An acronym ("SAML") or a capitalised word inside the sentence ("Katie") is a name the
        // documents may simply not hold: correcting it would answer about another one.
        const opensSentence = /(?:^|[.!?]\s+)[\s"'(]*$/u.test(before);
        if (capitals || (/^[A-Z]/u.test(original) && !opensSentence)) return original;
        const to =
          word.length >= 4 && word.length <= 30 && ++lookups <= MAX_LOOKUPS
            ? nearest(word, vocabulary)
            : null;
        if (to) return correct(withCaseOf(original, to));
        // Lower case is an acronym only when no typo of a source word or of a stop word ("teh")
        // explains it better.
        const lowerAcronym = original === word && !swapsIntoStopWord(word) ? acronym() : null;
        return lowerAcronym ? correct(lowerAcronym) : original;
      });
      return corrections.length > 0 ? { text, corrections } : none;
    },
  };
}
