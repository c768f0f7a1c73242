/**
 * Topic queries (issue #15, topic-query round): the message names a subject and asks what the
 * documents say about it, not for one fact: "refund policy", "What is the overtime policy?", "how do
 * returns work", "tell me about parental leave", "exchanges?". Customers type these into a widget
 * more than any other kind. The gate must not read them as fact questions: a section about a topic
 * states what is not done as often as what is ("Monthly plans are not refunded"), and "policy" or
 * "rules" name the kind of text asked for, a word the documents seldom use.
 */
export interface TopicQuery {
  /** The question's words that name a kind of text ("policy", "rules"), not its subject. */
  textKindWords: string[];
}

/** Nouns that name a kind of text or arrangement rather than a subject: "the X policy", "X rules". */
const TEXT_KIND = new Set([
  'policy',
  'policies',
  'rule',
  'rules',
  'process',
  'processes',
  'procedure',
  'procedures',
  'terms',
  'conditions',
  'info',
  'information',
  'details',
  'options',
  'guidelines',
  'requirements',
  'regulations',
  'overview',
]);

/**
 * Words that make a message a clause (a wh-word, an auxiliary or modal, a pronoun, a negation): a
 * message of keywords has none of them. Closed lists, so "cancel subscription" and "13th salary"
 * are keywords, "I was charged twice" and "when is payday" are not.
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
  'not',
  'no',
  'never',
]);

const KEYWORDS_MAX = 5;
const TELL_ME =
  /^(?:tell me (?:more )?about|info(?:rmation)? (?:on|about)|details (?:on|about|of)|explain)\s/u;

/** The topic query this message is, or undefined when it asks for a fact (or is not English). */
export function topicQuery(question: string): TopicQuery | undefined {
  if (/\p{Script=Han}/u.test(question)) return undefined;
  const text = question
    .trim()
    .toLowerCase()
    .replace(/[’]/gu, "'")
    .replace(/[?!.\s]+$/u, '');
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
  if (words.length === 0) return undefined;
  const textKindWords = words.filter((w) => TEXT_KIND.has(w));
  const found = { textKindWords };
  // "refund policy", "exchanges?", "13th salary?", "equipment for new hires"
  if (words.length <= KEYWORDS_MAX && !words.some((w) => CLAUSE_WORDS.has(w) || w.endsWith("n't")))
    return found;
  // "tell me about parental leave", "info on expense claims"
  if (TELL_ME.test(text)) return found;
  // "how do refunds work", "how does the bonus work"
  if (/^how (?:do|does) .+ work$/u.test(text)) return found;
  // "what is the refund policy", "what are your overtime rules", "what's the policy on pets"
  const whatThe = /^(?:what(?:'s| is| are)|whats) (?:the|your|our) (.+)$/u.exec(text);
  if (whatThe?.[1]) {
    const rest = whatThe[1].split(' ');
    const last = rest[rest.length - 1] ?? '';
    const kindThenTopic =
      TEXT_KIND.has(rest[0] ?? '') && /^(?:for|on|about|of|regarding)$/u.test(rest[1] ?? '');
    if ((rest.length >= 2 && TEXT_KIND.has(last)) || (rest.length >= 3 && kindThenTopic)) return found;
  }
  return undefined;
}
