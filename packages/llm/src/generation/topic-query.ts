/**
 * Topic queries (issue #15, topic-query round): the message names a subject and asks what the
 * documents say about it, not for one fact: "refund policy", "What is the overtime policy?", "how do
 * returns work", "tell me about parental leave", "exchanges?". Customers type these into a widget
 * more than any other kind. The gate must not read them as fact questions: a section about a topic
 * states what is not done as often as what is ("Monthly plans are not refunded"), and "policy" or
 * "rules" name the kind of text asked for, a word the documents seldom use.
 */
export interface TopicQuery {
  /**
   * The question's words that frame the request ("tell me about") or name the kind of text asked for
   * ("policy", "rules"), not its subject: no term an answer must hold.
   */
  framingWords: string[];
}

/**
 * Nouns that name a kind of text rather than a subject: "the refund policy", "overtime rules". Only
 * these: "information", "options", "terms" or "conditions" are as often the subject itself
 * ("personal information", "stock options", "payment terms", "medical conditions"; review).
 */
const TEXT_KIND = new Set([
  'policy',
  'policies',
  'rule',
  'rules',
  'process',
  'processes',
  'procedure',
  'procedures',
  'guidelines',
  'regulations',
]);

/**
 * Words that make a message a clause (a wh-word, an auxiliary or modal, a pronoun) or negate it: a
 * topic's words have none of them. Closed lists, so "cancel subscription" and "13th salary" are
 * keywords, "I was charged twice", "when is payday" and "nothing arrived" are not. A negated message
 * asks about the negation ("plans not refunded"), which the gate must keep reading.
 */
const CLAUSE_WORDS = new Set([
  'what',
  'whats',
  "what's",
  'which',
  'who',
  'whom',
  'whose',
  'when',
  'where',
  'why',
  'how',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'am',
  'do',
  'does',
  'did',
  'have',
  'has',
  'had',
  'can',
  'could',
  'will',
  'would',
  'shall',
  'should',
  'may',
  'might',
  'must',
  'i',
  "i'm",
  'im',
  'me',
  'my',
  'we',
  'us',
  'you',
  'he',
  'she',
  'it',
  'they',
  'them',
  'this',
  'that',
  'not',
  'no',
  'never',
  'none',
  'nothing',
  'nor',
  'neither',
  'without',
  'cannot',
  'cant',
  'dont',
  'doesnt',
  'didnt',
  'wont',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'havent',
  'hasnt',
  'couldnt',
  'shouldnt',
  'wouldnt',
]);

// Topic queries are short; a long message is never one (and the patterns stay linear).
const MAX_CHARS = 200;
const KEYWORDS_MAX = 5;
const TELL_ME =
  /^(?:tell me (?:more )?about|info(?:rmation)? (?:on|about)|details (?:on|about|of)|explain)$/u;
const DETERMINER = /^(?:the|your|our)$/u;

const plainWords = (words: readonly string[]) =>
  words.length > 0 && !words.some((w) => CLAUSE_WORDS.has(w) || w.endsWith("n't"));

/** The topic query this message is, or undefined when it asks for a fact (or is not in English). */
export function topicQuery(question: string): TopicQuery | undefined {
  if (question.length > MAX_CHARS) return undefined;
  // English only: any letter outside the Latin script (Chinese, Korean, Cyrillic…) is another language.
  if (/(?!\p{Script=Latin})\p{L}/u.test(question)) return undefined;
  const words =
    question
      .toLowerCase()
      .replace(/’/gu, "'")
      .match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
  const kinds = (subject: readonly string[]) => subject.filter((w) => TEXT_KIND.has(w));
  // "refund policy", "exchanges?", "13th salary?", "equipment for new hires"
  if (words.length <= KEYWORDS_MAX && plainWords(words)) return { framingWords: kinds(words) };
  // "tell me about parental leave", "info on expense claims": the frame, then a topic's words.
  for (const n of [4, 3, 2, 1]) {
    const frame = words.slice(0, n);
    const subject = words.slice(n);
    if (TELL_ME.test(frame.join(' ')) && plainWords(subject))
      return { framingWords: [...frame, ...kinds(subject)] };
  }
  // "how do refunds work", "how does the bonus work"
  const last = words.length - 1;
  if (words[0] === 'how' && /^(?:do|does)$/u.test(words[1] ?? '') && words[last] === 'work') {
    const subject = words.slice(2, last);
    if (plainWords(subject)) return { framingWords: ['work', ...kinds(subject)] };
  }
  // "what is the refund policy", "what are your overtime rules", "what's the policy on pets"
  const [w0 = '', w1 = '', w2 = ''] = words;
  const whatThe =
    (w0 === "what's" || w0 === 'whats') && DETERMINER.test(w1)
      ? words.slice(2)
      : w0 === 'what' && (w1 === 'is' || w1 === 'are') && DETERMINER.test(w2)
        ? words.slice(3)
        : undefined;
  if (whatThe && plainWords(whatThe)) {
    const endsInKind = whatThe.length >= 2 && TEXT_KIND.has(whatThe[whatThe.length - 1] ?? '');
    const kindThenTopic =
      whatThe.length >= 3 &&
      TEXT_KIND.has(whatThe[0] ?? '') &&
      /^(?:for|on|about|of|regarding)$/u.test(whatThe[1] ?? '');
    if (endsInKind || kindThenTopic) return { framingWords: kinds(whatThe) };
  }
  return undefined;
}
