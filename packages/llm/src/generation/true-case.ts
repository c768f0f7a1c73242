import { isEnglishStopWord } from '@grounded/text';

/**
 * The question with each word a customer typed in lower case written as the sources write it
 * ("how much is the team plan" → "How much is the Team plan", "vpn" → "VPN"). USE-lite reads case:
 * "team plan" scored 0.351 against the Team plan sentence where "Team plan" scored 0.411, and the
 * gate abstained on lower-case questions its cased twin answered (issue #15).
 *
 * A word is recased only when the sources never write it in lower case inside a clause: "returns"
 * that opens sentences as "Returns" but reads "returns" elsewhere is a common word and stays. A
 * clause's first word is not evidence either way (its capital is the sentence's), nor is a
 * function word ("a" beside "Plan A"), nor a line set in capitals or title case ("REFUND POLICY",
 * "Billing & Invoices": a heading's capitals are its style).
 */
export function trueCase(question: string, sourceTexts: readonly string[]): string {
  // "HOW MUCH IS THE TEAM PLAN" says nothing about case: read as typed in lower case, except a
  // code ("2FA", "ABC123") and an acronym the sources write in capitals anywhere ("SSO: yes"), when
  // they never write it in lower case.
  const shouted = isShouted(question);
  const typed = shouted ? question.toLowerCase() : question;
  const evidence = sourceCasing(typed, sourceTexts, isTitleCase(typed));
  const opening = /^\P{L}*/u.exec(typed)?.[0].length ?? 0;
  return typed.replace(WORD, (word, offset: number) => {
    const known = evidence.forms.get(word) ?? orthography(word, typed, offset);
    if (known !== undefined) return known;
    if (
      shouted &&
      (/\p{N}/u.test(word) || evidence.capitals.has(word)) &&
      !isEnglishStopWord(word) &&
      !evidence.lowerSeen.has(word)
    )
      return question.slice(offset, offset + word.length);
    // A question opens with a capital ("can i…" read 0.441 against "Can I…" 0.448): its first
    // word when that is a function word ("how", "can"), never a name the sources may write in
    // lower case ("npm", "ssh") or a word after a figure ("$20 plan").
    return offset === opening && isEnglishStopWord(word) ? capitalise(word) : word;
  });
}

/**
 * Two Latin words or more, and no lower-case letter. One word ("VPN?") may be an acronym, and a
 * script without case (Korean, kana) is not shouting.
 */
function isShouted(text: string): boolean {
  return (text.match(/\p{Script=Latin}+/gu)?.length ?? 0) >= 2 && !/\p{Ll}/u.test(text);
}

/** "How Much Does The Team Plan Cost": every content word capitalised, at least three of them. */
function isTitleCase(text: string): boolean {
  const content = [...text.matchAll(WORD)].map((m) => m[0]).filter((w) => !isEnglishStopWord(w));
  return content.length >= 3 && content.every((w) => /^\p{Lu}\p{Ll}/u.test(w));
}

const capitalise = (word: string) => (word[0]?.toUpperCase() ?? '') + word.slice(1);

// Latin words with inner apostrophes or hyphens kept whole ("wi-fi", "o'brien", "i'm").
const WORD = /\p{Script=Latin}[\p{Script=Latin}\p{N}]*(?:['’-][\p{Script=Latin}\p{N}]+)*/gu;

// English writes these with a capital whatever the sources hold ("on saturday" against "on
// Saturdays from 9:00"). "may" and "march" are verbs as often as months and stay.
const ALWAYS_CAPITALISED = new Set([
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
]);

function orthography(word: string, question: string, offset: number): string | undefined {
  if (ALWAYS_CAPITALISED.has(word)) return capitalise(word);
  // The pronoun and its contractions ("i", "i'm", "i’ve"), not the "i" of "i.e.".
  if (/^i(?:['’](?:m|ve|d|ll))?$/.test(word) && !/^\.\p{L}/u.test(question.slice(offset + 1)))
    return capitalise(word);
  return undefined;
}

// What a clause starts after: sentence ends and ellipses, a table cell's "Key: value; …", list
// markers ("1)", "a)", "- ", "* "), a clause number ("3.2"), a line break or tab, an opening
// bracket or quote, emphasis marks.
const CLAUSE_END = /[.!?:;|•·*–—>#([{"“‘'…)\n\t_\d-]$/u;

/** A sentence's first word: at the line's start or after a full stop, question or exclamation mark. */
function isSentenceStart(text: string, index: number): boolean {
  const before = text.slice(0, index).trimEnd();
  return before === '' || /[.!?…]$/u.test(before);
}

function isClauseStart(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 12), index).trimEnd();
  if (before === '') return index - 12 <= 0 || text.slice(0, index).trim() === '';
  return CLAUSE_END.test(before);
}

/** A line set as a heading: no full stop, two or more words, most capitalised or in capitals. */
function isHeadingStyled(text: string): boolean {
  if (/[.!?]\s*$/u.test(text)) return false;
  const words = text.match(/\p{Script=Latin}[\p{Script=Latin}'’-]*/gu) ?? [];
  const content = words.filter((w) => !isEnglishStopWord(w));
  if (content.length < 2) return false;
  return content.filter((w) => /^\p{Lu}/u.test(w)).length >= 0.6 * content.length;
}

/**
 * How the sources write the question's words: `forms` maps a lower-case question word the sources
 * only capitalise inside a clause to their casing and, in a Title-Case question (`title`), a
 * capitalised word they only write in lower case to lower case ("How Much Does The Plan Cost" →
 * "…the plan cost"); `lowerSeen` holds the words they write in lower case anywhere, `capitals` those
 * they write in capitals anywhere (headings and cells included). Words inside a link or an address
 * ("stripe.com/docs", "help@acme.example") are no evidence.
 */
function sourceCasing(
  question: string,
  sourceTexts: readonly string[],
  title: boolean,
): { forms: Map<string, string>; lowerSeen: Set<string>; capitals: Set<string> } {
  const wanted = new Set<string>();
  const titled = new Map<string, string>();
  for (const [word] of question.matchAll(WORD)) {
    if (isEnglishStopWord(word)) continue;
    if (word === word.toLowerCase()) wanted.add(word);
    else if (title && /^\p{Lu}\p{Ll}*$/u.test(word)) {
      wanted.add(word.toLowerCase());
      titled.set(word.toLowerCase(), word);
    }
  }
  const forms = new Map<string, string>();
  const lowerSeen = new Set<string>();
  const capitals = new Set<string>();
  if (wanted.size === 0) return { forms, lowerSeen, capitals };
  const casedCounts = new Map<string, Map<string, number>>();
  // Capitalised anywhere but a sentence's first word ("The **Team** plan", 'Upgrade to "Team"'):
  // enough to keep a Title-Case word's capital, though not to give one to a lower-case word.
  const capitalInside = new Set<string>();
  for (const text of sourceTexts) {
    for (const line of text.split('\n')) {
      const heading = isHeadingStyled(line);
      for (const match of line.matchAll(WORD)) {
        const word = match[0];
        const lower = word.toLowerCase();
        if (!wanted.has(lower) || inLinkOrAddress(line, match.index, word.length)) continue;
        if (word === lower) {
          // A lower-case use anywhere, a clause's first word included, shows a common word.
          lowerSeen.add(lower);
          continue;
        }
        if (word.length > 1 && word === word.toUpperCase()) capitals.add(lower);
        if (heading) continue;
        if (!isSentenceStart(line, match.index)) capitalInside.add(lower);
        if (isClauseStart(line, match.index)) continue;
        const counts = casedCounts.get(lower) ?? new Map<string, number>();
        counts.set(word, (counts.get(word) ?? 0) + 1);
        casedCounts.set(lower, counts);
      }
    }
  }
  for (const [lower, counts] of casedCounts) {
    if (lowerSeen.has(lower) || titled.has(lower)) continue;
    const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (best) forms.set(lower, best[0]);
  }
  for (const [lower, typed] of titled) {
    if (lowerSeen.has(lower) && !capitalInside.has(lower)) forms.set(typed, lower);
  }
  return { forms, lowerSeen, capitals };
}

function inLinkOrAddress(line: string, index: number, length: number): boolean {
  return (
    /[/.@]$/u.test(line.slice(Math.max(0, index - 1), index)) ||
    /^[/.@][\p{L}\p{N}]/u.test(line.slice(index + length, index + length + 2))
  );
}
