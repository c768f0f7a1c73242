import { isEnglishStopWord } from '@grounded/text';

/**
 * The question with each word a customer typed in lower case written as the sources write it
 * ("how much is the team plan" → "how much is the Team plan", "vpn" → "VPN"). USE-lite reads case:
 * "team plan" scored 0.351 against the Team plan sentence where "Team plan" scored 0.411, and the
 * gate abstained on lower-case questions its cased twin answered (issue #15).
 *
 * A word is recased only when the sources never write it in lower case inside a clause: "returns"
 * that opens sentences as "Returns" but reads "returns" elsewhere is a common word and stays. A
 * clause's first word is not evidence either way (its capital is the sentence's), nor is a
 * function word ("a" beside "Plan A").
 */
export function trueCase(question: string, sourceTexts: readonly string[]): string {
  const forms = casedForms(question, sourceTexts);
  const opening = /^\P{L}*/u.exec(question)?.[0].length ?? 0;
  return question.replace(WORD, (word, offset: number) => {
    const known = forms.get(word) ?? ALWAYS_CAPITALISED.get(word);
    if (known !== undefined) return known;
    // A question opens with a capital ("can i…" read 0.441 against "Can I…" 0.448).
    return offset === opening ? (word[0]?.toUpperCase() ?? '') + word.slice(1) : word;
  });
}

// English writes these with a capital whatever the sources hold ("on saturday" against "on
// Saturdays from 9:00"). "may" and "march" are verbs as often as months and stay.
const ALWAYS_CAPITALISED = new Map(
  [
    'i',
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    'january',
    'february',
    'april',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ].map((w) => [w, w[0]?.toUpperCase() + w.slice(1)]),
);

// Latin words with inner apostrophes or hyphens kept whole ("wi-fi", "o'brien").
const WORD = /\p{Script=Latin}[\p{Script=Latin}\p{N}]*(?:['’-][\p{Script=Latin}\p{N}]+)*/gu;
// What a clause starts after: sentence ends, a table cell's "Key: value; …", list markers, a
// line break, an opening bracket or quote.
const CLAUSE_START = /(?:^|[.!?:;|•·*–—>#([{"“‘\n]|\s-)\s*$/u;

function casedForms(question: string, sourceTexts: readonly string[]): Map<string, string> {
  const wanted = new Set<string>();
  for (const [word] of question.matchAll(WORD)) {
    if (word === word.toLowerCase() && !isEnglishStopWord(word)) wanted.add(word);
  }
  const forms = new Map<string, string>();
  if (wanted.size === 0) return forms;
  const lowerSeen = new Set<string>();
  const casedCounts = new Map<string, Map<string, number>>();
  for (const text of sourceTexts) {
    for (const match of text.matchAll(WORD)) {
      const word = match[0];
      const lower = word.toLowerCase();
      if (!wanted.has(lower) || lowerSeen.has(lower)) continue;
      if (CLAUSE_START.test(text.slice(Math.max(0, match.index - 3), match.index))) continue;
      if (word === lower) {
        lowerSeen.add(lower);
        continue;
      }
      const counts = casedCounts.get(lower) ?? new Map<string, number>();
      counts.set(word, (counts.get(word) ?? 0) + 1);
      casedCounts.set(lower, counts);
    }
  }
  for (const [lower, counts] of casedCounts) {
    if (lowerSeen.has(lower)) continue;
    const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (best) forms.set(lower, best[0]);
  }
  return forms;
}
