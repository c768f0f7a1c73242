import { isEnglishStopWord } from '@grounded/text';

/**
 * Customers write the short form, documents often only the long one: "Which plan has SSO?" against
 * "The Enterprise plan has unlimited storage, single sign-on and a dedicated account manager".
 * Neither the lexical match nor USE-lite reads "SSO" as "single sign-on", so the answerer abstained.
 * An acronym the retrieved sources do not contain is read as the run of consecutive source words
 * whose initials spell it ("single sign-on", "paid time off"), when exactly one such run exists.
 *
 * Chance is the risk: three words with given initials turn up by accident in a few thousand words.
 * So a run holds content words only (a stop word only as a hyphenated part: "sign-on", "opt-in"),
 * stays inside one sentence, and the acronym has three to six letters (two-letter runs are too
 * common to trust). Two different runs spelling it: nothing is expanded.
 */

const RUN_WORD = /[A-Za-z]+/gu;
// What may separate two words of a run: a space or a hyphen on one line, nothing that ends a
// phrase (a line break parts a heading from its text and a list item or table row from the next).
const JOIN = /^(?:[ \t]+|-)$/u;

interface Word {
  text: string;
  start: number;
  end: number;
}

function wordsOf(text: string): Word[] {
  return [...text.matchAll(RUN_WORD)].map((m) => ({
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** Every word capitalised ("Paid Time Off"), or a hyphenated compound ("single sign-on"). */
function isNamedRun(run: string): boolean {
  return run.includes('-') || run.split(/[ \t]+/u).every((word) => /^[A-Z]/u.test(word));
}

/** The source runs spelling `acronym`, keyed by their lower-case text. */
function runsSpelling(acronym: string, texts: readonly string[]): Map<string, string> {
  const letters = acronym.toLowerCase();
  const n = letters.length;
  const runs = new Map<string, string>();
  for (const text of texts) {
    const words = wordsOf(text);
    for (let i = 0; i + n <= words.length; i++) {
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const word = words[i + k] as Word;
        if (word.text[0]?.toLowerCase() !== letters[k]) ok = false;
        else if (k > 0) {
          const gap = text.slice((words[i + k - 1] as Word).end, word.start);
          if (!JOIN.test(gap)) ok = false;
          // A stop word only as a hyphenated part ("sign-on"), never as a word of its own.
          else if (isEnglishStopWord(word.text.toLowerCase()) && gap !== '-') ok = false;
        } else if (isEnglishStopWord(word.text.toLowerCase())) ok = false;
      }
      if (!ok) continue;
      const first = words[i] as Word;
      const last = words[i + n - 1] as Word;
      // The run must not be part of a longer hyphenated word on either side ("x-single sign-on").
      if (text[first.start - 1] === '-' || text[last.end] === '-') continue;
      const run = text.slice(first.start, last.end);
      if (!runs.has(run.toLowerCase())) runs.set(run.toLowerCase(), run);
    }
  }
  return runs;
}

/** Whether a question word may be an acronym: 3–6 letters, written in capitals or all lower case. */
export function mayBeAcronym(word: string): boolean {
  return /^(?:[A-Z]{3,6}|[a-z]{3,6})$/u.test(word);
}

/**
 * The one source phrase the acronym stands for, in the sources' own spelling, or null when the
 * sources hold the acronym itself, no phrase or more than one.
 */
export function expandAcronym(
  acronym: string,
  texts: readonly string[],
  options: { namedOnly?: boolean } = {},
): string | null {
  if (!mayBeAcronym(acronym)) return null;
  // Written in the sources, plural too ("SSOs"): nothing to expand.
  const written = new RegExp(`\\b${acronym}s?\\b`, 'iu');
  if (texts.some((text) => written.test(text))) return null;
  const runs = runsSpelling(acronym, texts);
  // A lower-case question word ("hrs", "yrs") is an acronym only of a run that reads as a name.
  if (options.namedOnly) for (const [key, run] of runs) if (!isNamedRun(run)) runs.delete(key);
  if (runs.size !== 1) return null;
  const [run] = runs.values();
  return run ?? null;
}
