/**
 * The phrase a yes/no answer's polarity governs (polarity phrase round of #15). "not" alone, bolded
 * in "Flex members are not admitted at weekends", says that something is refused but not what;
 * "only" alone, in "…allowed in the fast lane only", names no restriction at all. The short answer
 * is the polarity with its phrase, kept within its clause: "are not admitted at weekends", "in the
 * fast lane only", "不会停水停电".
 */

export interface PolaritySpan {
  start: number;
  end: number;
  text: string;
}

// A full stop that ends a sentence, not an abbreviation's ("e.g.", "approx.", "the U.S.").
const FULL_STOP = /(?<!\b(?:e\.g|i\.e|approx|incl|excl|etc|vs|no|min|max|\p{Lu}))[.!?](?=\s|$)/u;
// Where a polarity's clause ends: punctuation that parts clauses (a colon or an en dash only where
// spaced: "18:00", "Mon–Fri" are one phrase), or a word that opens another clause.
const PUNCTUATION_END = [/[,;()[\]—"“”，；：。！？（）【】]|:(?=\s|$)|\s[-–]\s/u.source, FULL_STOP.source];
const CLAUSE_WORD =
  /\b(?:but|unless|except|if|when|while|because|whereas|otherwise|although|though|once|since|where)\b|但|除非|如果|否则|不过/u
    .source;
const CLAUSE_END = new RegExp(
  [...PUNCTUATION_END, CLAUSE_WORD, /\b(?:and|so|nor)\b/u.source].join('|'),
  'iu',
);
// Where the clause of a clause-final "only" starts: an "and" there joins what it restricts ("to
// members and their guests only").
const CLAUSE_START = new RegExp([...PUNCTUATION_END, CLAUSE_WORD].join('|'), 'giu');
// "are not", "does not", "may never": the auxiliary belongs to what is negated.
const AUXILIARY_BEFORE =
  /\b(?:do|does|did|is|are|was|were|am|be|been|being|can|could|may|might|must|shall|should|will|would|has|have|had|need)\s+$/iu;
// Words a phrase does not end on: "do not accept returns of (opened) cosmetics" is "do not accept
// returns". "over" and "under" may end one ("aged 18 or over").
const FUNCTION_WORD =
  /^(?:a|an|the|of|in|on|at|for|to|from|by|with|as|and|or|into|onto|than|via|per|that|this|these|those|its|their|your|our|his|her)$/iu;
const PREPOSITION =
  /^(?:in|on|at|for|to|from|by|with|during|between|within|via|through|over|under|after|before|until|of|into|onto)$/iu;
const ENGLISH_NEGATION =
  /^(?:not|no|never|cannot|can't|don't|doesn't|isn't|aren't|won't|didn't|wasn't|weren't|shouldn't|mustn't)$/iu;
// "only if the item is unused", "only when it is faulty": the condition is what "only" restricts.
const ONLY_CONDITION = /^\s+(?:if|when|unless|once|after|before|until|where)\b/iu;
const CHINESE_NEGATION = /^(?:不|没有|无法|禁止)$/u;
// A potential verb ("收不到", "打不开", "用不了", "看不懂"): the verb before 不 and its result after.
// Both lists are closed: "周末不上班", "暂不开放", "自取不上门" are a plain 不 before a verb.
const POTENTIAL_VERB = /[收找买買打登看听聽用连連拿取订訂约約退办辦]$/u;
const RESULT_AFTER_BU = /^[到了开開去懂清完动動]/u;
// A clause longer than this many words after the polarity keeps only its verb group (P1, review).
const MAX_WORDS_AFTER = 8;
const MAX_CHINESE_AFTER = 12;
// An "only" that ends its clause looks back this far for the preposition of what it restricts (P2).
const ONLY_LOOK_BACK = 6;

/** `span` (a polarity found by the yes/no slot) widened to the phrase it governs; else as it was. */
export function polarityPhrase(sentence: string, span: PolaritySpan): PolaritySpan {
  let { start, end } = span;
  if (CHINESE_NEGATION.test(span.text)) {
    end = chineseClauseEnd(sentence, end);
    // "收不到", "打不开": a 不 between a verb and its result takes the verb too.
    const potential =
      span.text === '不' &&
      POTENTIAL_VERB.test(sentence.slice(0, span.start)) &&
      RESULT_AFTER_BU.test(sentence.slice(span.end));
    if (potential) start -= 1;
  } else if (/^only$/iu.test(span.text)) {
    const condition = ONLY_CONDITION.exec(sentence.slice(end));
    const after = wordsAfter(sentence, end + (condition?.[0].length ?? 0));
    if (condition) end = phraseEnd(after, end + condition[0].length);
    else if (after.length === 0) start = restrictedBefore(sentence, start);
    else end = phraseEnd(after, end);
  } else if (ENGLISH_NEGATION.test(span.text)) {
    if (/^(?:not|never)$/iu.test(span.text)) {
      const aux = AUXILIARY_BEFORE.exec(sentence.slice(0, start));
      if (aux) start = aux.index;
    }
    end = phraseEnd(wordsAfter(sentence, end), end);
  }
  return start === span.start && end === span.end ? span : { start, end, text: sentence.slice(start, end) };
}

interface Word {
  start: number;
  end: number;
  text: string;
}

/** The clause's text after `from`, up to its end. */
function clauseAfter(sentence: string, from: number): string {
  const rest = sentence.slice(from);
  const stop = rest.search(CLAUSE_END);
  return stop < 0 ? rest : rest.slice(0, stop);
}

/** The words after `from` up to the end of their clause, with the sentence's offsets. */
function wordsAfter(sentence: string, from: number): Word[] {
  return [...clauseAfter(sentence, from).matchAll(/[^\s'‘’]+(?:['’][^\s'‘’]+)?/gu)].map((m) => ({
    start: from + m.index,
    end: from + m.index + m[0].length,
    text: m[0],
  }));
}

/**
 * Where a polarity's phrase ends: its clause's words, not ending on a function word. A clause of
 * more than MAX_WORDS_AFTER words keeps its verb group only ("will not be charged", not "…for
 * cancelling more"): a cut inside a long clause dropped the qualifier that bounds the claim (review).
 */
function phraseEnd(words: readonly Word[], end: number): number {
  let kept = [...words];
  if (kept.length > MAX_WORDS_AFTER) {
    const firstFunction = kept.findIndex((w) => FUNCTION_WORD.test(w.text));
    kept = kept.slice(0, Math.max(firstFunction, 1));
  }
  while (kept.length > 0 && FUNCTION_WORD.test(kept[kept.length - 1]!.text)) kept = kept.slice(0, -1);
  return kept.length > 0 ? kept[kept.length - 1]!.end : end;
}

/**
 * A Chinese polarity's phrase: its clause's characters (Han, digits, Latin: "不支持7天无理由退货",
 * "不支持Apple Pay付款"), or where the clause is longer than MAX_CHINESE_AFTER, the two characters of
 * its verb ("不提供"): a cut inside a word ("不提供发票开具及邮") reads as nothing (review).
 */
function chineseClauseEnd(sentence: string, end: number): number {
  const clause = clauseAfter(sentence, end).replace(/\s+$/u, '');
  if (clause.length <= MAX_CHINESE_AFTER) return end + clause.length;
  return end + (/^\p{Script=Han}{1,2}/u.exec(clause)?.[0].length ?? 0);
}

/**
 * Where a clause-final "only" starts what it restricts: at the nearest preposition before it
 * ("in the fast lane only", "to members and their guests only"), with the start of a range that
 * preposition ends ("from Monday to Friday only"); else two words back ("Cash only").
 */
function restrictedBefore(sentence: string, start: number): number {
  const before = sentence.slice(0, start);
  let clauseStart = 0;
  for (const m of before.matchAll(CLAUSE_START)) clauseStart = m.index + m[0].length;
  const words = [...before.slice(clauseStart).matchAll(/\S+/gu)].map((m) => ({
    start: clauseStart + m.index,
    text: m[0],
  }));
  const near = words.slice(-ONLY_LOOK_BACK);
  const at = near.findLastIndex((w) => PREPOSITION.test(w.text));
  if (at < 0) return words.slice(-2)[0]?.start ?? start;
  // "Monday to Friday only": a "to" after a name or a figure ends a range; its start is the phrase's.
  const rangeFrom = near[at - 1];
  if (/^to$/iu.test(near[at]!.text) && rangeFrom && /^[\p{Lu}\p{N}]/u.test(rangeFrom.text)) {
    const opener = near[at - 2];
    return opener && /^(?:from|between)$/iu.test(opener.text) ? opener.start : rangeFrom.start;
  }
  return near[at]!.start;
}
