import { lexicalTerms, splitSentences } from '@grounded/text';
import { bestGapSpan, gapType } from './gap-span';
import { oppositeSwap } from './opposites';
import { topicQuery } from './topic-query';
import { baseForms as baseOf } from './wordnet';

/**
 * Answerability: does the best-matching sentence really answer the question, or does it only talk
 * about the same things? SQuAD 2.0's unanswerable questions are written against their own
 * paragraph, so they share most words with it; a coverage threshold alone abstains on 8% of them.
 * These signals look at what such questions change: a term swapped for one the sources never use,
 * the thing asked about (the focus after the wh-word) missing, no candidate of the expected answer
 * type, a negation the sentence does not have. They are combined by a logistic model whose weights
 * are fitted by `eval/calibration/abstention-calibration.ts`.
 */

/** Inverse document frequency of a lexical term (as `lexicalTerms` returns it). */
export type TermIdf = (term: string) => number;

export type AnswerType = 'number' | 'date' | 'name' | 'place' | 'none';

export interface AnswerabilityFeatures {
  /** Share of the question's terms the sentence contains (the answerer's lexical score). */
  coverage: number;
  /** The same, weighted by IDF: rare terms (names, topic words) count more. */
  idfCoverage: number;
  /** IDF-weighted share of the question's terms that occur nowhere in the sources. */
  unseenShare: number;
  /** Highest IDF among question terms the sentence lacks, divided by the highest question IDF. */
  rarestMissing: number;
  /** 1 when the focus term (the noun after "what/which/how many") is missing from the sentence. */
  focusMissing: number;
  /** 1 when the question expects a number/date/name/place and the sentence offers none. */
  typeMissing: number;
  /** 1 when exactly one of question and sentence is negated. */
  negationMismatch: number;
  /** Capitalised question words (names) that occur nowhere in the sources, capped at 2, halved. */
  unseenNames: number;
  /** 1 when the question has a number, year, ordinal or roman numeral the sentence lacks. */
  numberMismatch: number;
  /**
   * Share of adjacent question-term pairs (both in the sentence) that also stand within 3 terms of
   * each other there: "Robert … earl" asked, "appointed Robert … made Ralph earl" written.
   */
  proximity: number;
  /** Embedding similarity of question and sentence, when a similarity function was given. */
  semantic: number;
  /**
   * 1 when the question asks for a kind of fact (a duration, an amount, a date…; see answer-slot)
   * and the answer (the best sentence with its continuation) states none (issue #15).
   */
  slotMissing: number;
  /** Score of the best sentence minus the runner-up's: how clearly the top candidate wins. */
  runnerUpGap: number;
  /** 1 / the retrieval rank of the best sentence's source: the retrieval margin as seen here. */
  sourceRank: number;
  /**
   * 1 when a question word is absent from the sentence and one of its antonyms is there instead
   * ("What has water that is a lighter color…" against "Its water has a darker color…"; #15).
   */
  antonymSwap: number;
  /**
   * 1 when the question asks for a typed fact (a number, a date, a person, a name, a place, a
   * reason…; gap-span's gapType) and the answer holds no span of that type other than the
   * question's own words: "How long did peat mining from the Roman times last?" against "…peat
   * mining… from Roman times onward" (fifth round of #15).
   */
  gapMissing: number;
  /**
   * 1 when the runner-up sentence (the best one not joined to the answer) puts the same short
   * answer in the question's gap as the best one: two candidates agreeing on the fact.
   */
  topAgree: number;
  /**
   * 1 when a closed-class word of the question (before/after, north/south, upper/lower…; see
   * opposites.ts) is absent from the sentence and its opposite is there instead.
   */
  oppositeSwap: number;
  /**
   * How well the answer's best gap span fits the question (gap-span's score: its type, its
   * nearness to the question's words, its side and preposition), clipped to [-3, 3] and divided
   * by 3; -1 when the answer has no span: does the answer hold something that fills the gap?
   */
  gapFit: number;
  /**
   * Asked content words the sentence lacks that WordNet links to none of its words (see
   * WordNet.linked), capped at 3 and divided by 3: "flippers" stands for "fins" and "ladies" for
   * "women", while "yearly", "Japan" or "cargo" ask for what a monthly pass, the US or an e-bike
   * does not answer (fresh-documents gate round of #15). 0 without `linked`.
   */
  unlinkedMissing: number;
}

export const ANSWERABILITY_FEATURES = [
  'coverage',
  'idfCoverage',
  'unseenShare',
  'rarestMissing',
  'focusMissing',
  'typeMissing',
  'negationMismatch',
  'unseenNames',
  'numberMismatch',
  'proximity',
  'semantic',
  'slotMissing',
  'runnerUpGap',
  'sourceRank',
  'antonymSwap',
  'gapMissing',
  'topAgree',
  'oppositeSwap',
  'gapFit',
  'unlinkedMissing',
] as const satisfies readonly (keyof AnswerabilityFeatures)[];

export interface AnswerabilityModel {
  /** Intercept and one weight per feature in ANSWERABILITY_FEATURES order (raw feature scale). */
  bias: number;
  weights: Readonly<Record<keyof AnswerabilityFeatures, number>>;
  /** Answer when the probability is at least this. */
  threshold: number;
}

const YES_NO_QUESTION =
  /^(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have|had|may|must)\b/iu;
const NEGATION = /\b(?:not|never|no|none|nor|without|cannot|n't|neither|nothing)\b|n't\b/iu;
const MONTH =
  /\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b/iu;
const YEARISH = /\b(?:1\d{3}|20\d{2}|\d{1,4}s|\d+(?:st|nd|rd|th)\s+century|centur(?:y|ies)|bc|ad)\b/iu;
const NUMBER_WORD =
  /\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|half|several|many|few)\b/iu;

/** "how long", "how much"...: the question word and its adjective ask for a slot; they are not content to match. */
export const HOW_ADJECTIVE = /\bhow (?:many|much|long|far|old|large|big|high|tall|wide|deep|often)\b/giu;
const WH_WORD = /\b(?:who(?:m|se)?|when|where|how|what|which|why)\b/iu;

/** Decided by the FIRST wh-word: "Who led the troops when Cyprus fell?" asks for a name. */
export function expectedAnswerType(question: string): AnswerType {
  const q = question.toLowerCase();
  const at = q.search(WH_WORD);
  const rest = at < 0 ? q : q.slice(at);
  if (
    /^how (?:many|much|long|far|old|large|big|high|tall|wide|deep)\b|^(?:what|which) (?:percentage|percent|number|amount)\b/u.test(
      rest,
    )
  )
    return 'number';
  if (/^when\b|^(?:what|which) (?:year|years|century|date|decade|day|month)\b/u.test(rest)) return 'date';
  if (/^who(?:m|se)?\b/u.test(rest)) return 'name';
  if (/^where\b|^(?:what|which) (?:country|city|region|place|area|town|continent|island)\b/u.test(rest))
    return 'place';
  return 'none';
}

/**
 * Words that name the KIND of answer ("what country", "which kind", "what happened") rather than
 * the thing asked about: the answer is an instance, so the sentence rarely repeats them.
 */
const GENERIC_FOCUS = new Set(
  [
    'kind',
    'type',
    'types',
    'sort',
    'form',
    'part',
    'parts',
    'name',
    'names',
    'one',
    'ones',
    'thing',
    'things',
    'happen',
    'happened',
    'happens',
    'year',
    'years',
    'century',
    'centuries',
    'date',
    'day',
    'month',
    'decade',
    'period',
    'time',
    'times',
    'era',
    'country',
    'countries',
    'city',
    'cities',
    'place',
    'places',
    'region',
    'area',
    'town',
    'person',
    'people',
    'group',
    'number',
    'amount',
    'percentage',
    'main',
    'major',
    'other',
    'two',
    'three',
    'first',
    'second',
    'last',
    'direction',
    'way',
    'ways',
    'role',
    'purpose',
    'reason',
    'body',
    'element',
    'elements',
    'term',
    'word',
    'language',
    'title',
    'event',
    'much',
    'many',
  ].map((w) => lexicalTerms(w)[0] ?? w),
);

/** The term right after "what/which/how many/how much/whose", unless it only names the answer's kind. */
export function focusTerm(question: string): string | undefined {
  const m = /\b(?:what|which|how many|how much|whose)\s+([\p{L}\p{N}'’-]+)/iu.exec(question);
  const term = m?.[1] ? lexicalTerms(m[1])[0] : undefined;
  return term !== undefined && !GENERIC_FOCUS.has(term) ? term : undefined;
}

function capitalisedWords(text: string, skipFirst: boolean): string[] {
  const out: string[] = [];
  const words = [...text.matchAll(/[\p{L}][\p{L}'’-]*/gu)];
  for (const [i, m] of words.entries()) {
    if (skipFirst && i === 0) continue;
    const w = m[0];
    if (/^\p{Lu}/u.test(w) && w.length > 1) out.push(w);
  }
  return out;
}

function hasTypedCandidate(type: AnswerType, sentence: string, questionTerms: ReadonlySet<string>): boolean {
  switch (type) {
    case 'none':
      return true;
    case 'number':
      return NUMBER_WORD.test(sentence);
    case 'date':
      return (
        YEARISH.test(sentence) ||
        MONTH.test(sentence) ||
        /\b\d{1,4}\b/u.test(sentence) ||
        newCapitalised(sentence, questionTerms)
      );
    case 'place':
      return (
        newCapitalised(sentence, questionTerms) || /\b(?:in|into|at|near|on|from) the\b/iu.test(sentence)
      );
    case 'name':
      return newCapitalised(sentence, questionTerms);
  }
}

/** A capitalised word the question does not already contain ("Miocene", "Guy de Lusignan"). */
function newCapitalised(sentence: string, questionTerms: ReadonlySet<string>): boolean {
  return capitalisedWords(sentence, true).some((w) => {
    const t = lexicalTerms(w)[0];
    return t !== undefined && !questionTerms.has(t);
  });
}

export interface AnswerabilityInput {
  question: string;
  /** The best-matching sentence. */
  sentence: string;
  /** All text the answer may come from (every source), to tell "absent" from "elsewhere". */
  sourcesText: string;
  idf: TermIdf;
  semantic?: number;
  /** Set by the answerer, which knows the asked slot, the runner-up and the source's rank. */
  slotMissing?: number;
  runnerUpGap?: number;
  sourceRank?: number;
  /** Opposites of a word (e.g. WordNet's), for `antonymSwap`. */
  antonyms?: (word: string) => ReadonlySet<string>;
  /** The runner-up sentence (not part of the answer), for `topAgree`. */
  runnerUp?: string;
  /** Whether one word may stand for another (WordNet.linked), for `unlinkedMissing`. */
  linked?: (word: string, other: string) => boolean;
  /**
   * The runner-up sentence when it comes from the best sentence's own source: the second hop of a
   * passage ("…was founded by X. X was born in 1950."), read with the sentence for `unlinkedMissing`.
   */
  sameSourceRunnerUp?: string;
}

/** Accents off ("Hervé" asked as "Herve"), so spelling variants still match. */
export function withoutAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

const NUMBER_TOKEN = /\b(?:\d+(?:st|nd|rd|th|s)?|[IVX]{2,})\b/gu;

function numbersOf(text: string): Set<string> {
  return new Set([...text.matchAll(NUMBER_TOKEN)].map((m) => m[0].toLowerCase()));
}

/** Units a quantity is stated in, by kind (situational-quantity round of #15). */
const UNIT_KIND: Readonly<Record<string, string>> = {
  minute: 'minute',
  minutes: 'minute',
  min: 'minute',
  mins: 'minute',
  hour: 'hour',
  hours: 'hour',
  hr: 'hour',
  hrs: 'hour',
  day: 'day',
  days: 'day',
  night: 'night',
  nights: 'night',
  week: 'week',
  weeks: 'week',
  month: 'month',
  months: 'month',
  year: 'year',
  years: 'year',
  yr: 'year',
  yrs: 'year',
  kwh: 'kwh',
  km: 'km',
  kilometre: 'km',
  kilometres: 'km',
  kilometer: 'km',
  kilometers: 'km',
  mile: 'mile',
  miles: 'mile',
  kg: 'kg',
  percent: 'percent',
  euro: 'currency',
  euros: 'currency',
  pound: 'currency',
  pounds: 'currency',
  dollar: 'currency',
  dollars: 'currency',
  pence: 'currency',
};

/** A unit after a number: "%", "2 hours", "5 working days", "30-day", "23 years old". */
const UNIT_AFTER =
  /^(?:\s*(%)|(?:\s+|-)(?:(?:working|business|calendar|school)\s+)?(\p{L}+)((?:\s+|-)old\b)?)/u;
/** Words that make a number a limit: "at least 23 years old", "more than 24 hours", "up to £500". */
const LIMIT_BEFORE =
  /\b(?:at (?:least|most)|(?:more|less|fewer|longer|shorter|older|younger) than|no (?:more|less|later|earlier) than|up to|within|under|over|above|below|exceeding|min(?:imum)?(?: of)?|max(?:imum)?(?: of)?|aged)\s+(?:[£$€¥]\s?)?$/iu;
const LIMIT_AFTER =
  /^\s*(?:\+|or (?:more|less|fewer|longer|older|younger|over|under|above|below)\b|and (?:over|above|older)\b)/iu;
/**
 * The customer speaking of their own case: "I'm 22", "my appointment", "we'll be 2 hours late";
 * not "US" (the country) nor "tell / show / let me" (a request to be told).
 */
const FIRST_PERSON =
  /\b(?:[Ii](?:['’](?:m|ll|ve|d))?|[Mm]y|[Ww]e(?:['’](?:re|ll|ve))?|[Oo]ur|[Uu]s)\b|(?<!\b(?:tell|show|let|give)\s+)\b[Mm]e\b/u;

interface StatedNumber {
  /** The number's digit runs, as numbersOf sees them ("1,200" → "1", "200"). */
  tokens: string[];
  /** The kinds of quantity it states: a unit's, "currency", "age". */
  kinds: Set<string>;
  /** Stated as a limit ("at least 23", "more than 24 hours", "18 or over"). */
  limit: boolean;
}

/** Each number of the text with the kinds of quantity it states and whether it is a limit. */
function statedNumbers(text: string): StatedNumber[] {
  return [...text.matchAll(/\d+(?:[.,]\d+)*/gu)].map((m) => {
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const unit = UNIT_AFTER.exec(after);
    const unitKind = unit?.[1] ? 'percent' : unit?.[2] ? UNIT_KIND[unit[2].toLowerCase()] : undefined;
    const kinds = new Set<string>();
    if (/[£$€¥]\s?$/u.test(before)) kinds.add('currency');
    if (unitKind) kinds.add(unitKind);
    const rest = unitKind ? after.slice(unit?.[0].length ?? 0) : after;
    if (
      (unitKind === 'year' && unit?.[3]) ||
      /\b(?:aged|age(?: of)?|turned)\s+$/iu.test(before) ||
      // "I'm 22, am I old enough…", not "I'm 3 payments behind".
      (/\bi(?:['’]m| am)\s+$/iu.test(before) && /^\s*(?:[,.;!?]|$|(?:and|but|so|now)\b)/iu.test(after))
    )
      kinds.add('age');
    // An age is no duration: "3 years" of a licence is not compared with "at least 23 years old".
    if (kinds.has('age')) kinds.delete('year');
    return {
      tokens: m[0].match(/\d+/gu) ?? [],
      kinds,
      limit: LIMIT_BEFORE.test(before) || LIMIT_AFTER.test(rest),
    };
  });
}

/**
 * 1 when the question has a number the sentence lacks. A customer states quantities of their own
 * case ("I'm 22, am I old enough…", "I'll be 2 hours late") and the document the limit they are
 * compared with ("at least 23 years old", "more than 24 hours late"): such a number, in a clause in
 * the first person, counts as present when the sentence states a limit of the same kind. Every
 * other number (years, counts, identifiers, ordinals, a plan's "12-month") must be there.
 */
function numberMismatch(questionText: string, sentenceText: string): number {
  const sentenceNumbers = numbersOf(sentenceText);
  const limitKinds = new Set(
    statedNumbers(sentenceText)
      .filter((n) => n.limit)
      .flatMap((n) => [...n.kinds]),
  );
  const own = new Set<string>();
  for (const clause of questionText.split(/(?<=[.!?,;])\s+/u)) {
    if (!FIRST_PERSON.test(clause)) continue;
    for (const n of statedNumbers(clause))
      if ([...n.kinds].some((k) => limitKinds.has(k))) for (const t of n.tokens) own.add(t);
  }
  return [...numbersOf(questionText)].some((n) => !sentenceNumbers.has(n) && !own.has(n)) ? 1 : 0;
}

function pairProximity(questionTerms: readonly string[], sentenceTerms: readonly string[]): number {
  const positions = new Map<string, number[]>();
  for (const [i, t] of sentenceTerms.entries()) positions.set(t, [...(positions.get(t) ?? []), i]);
  let pairs = 0;
  let near = 0;
  for (let i = 0; i + 1 < questionTerms.length; i++) {
    const a = positions.get(questionTerms[i]!);
    const b = positions.get(questionTerms[i + 1]!);
    if (!a || !b || questionTerms[i] === questionTerms[i + 1]) continue;
    pairs++;
    if (a.some((x) => b.some((y) => Math.abs(x - y) <= 3))) near++;
  }
  return pairs === 0 ? 1 : near / pairs;
}

export function answerabilityFeatures(input: AnswerabilityInput): AnswerabilityFeatures {
  const questionText = withoutAccents(input.question);
  const sentenceText = withoutAccents(input.sentence);
  // "How long/many/far…" names the answer's type; the sentence says "30-day", not "long".
  // A topic query's "policy" or "rules" names the kind of text asked for, which the documents seldom
  // call it, and "tell me about" frames the request: not terms the answer must hold (topic-query
  // round of #15).
  // A multi-hop question's other words stand in the passage's next-best sentence (a sentence of
  // another document does not complete the first's fact): without it hotpot dev kept 52% of its
  // correct answers instead of 64% (fresh-documents gate round of #15).
  const withHop = input.sameSourceRunnerUp
    ? `${sentenceText} ${withoutAccents(input.sameSourceRunnerUp)}`
    : sentenceText;
  const topic = topicQuery(input.question);
  const framing = new Set(topic?.framingWords.flatMap((w) => lexicalTerms(w)));
  // A story before the question is the customer's case ("My son hurt his knee. Can we get money
  // back?"), not words the answer must hold, except the names it gives ("I have the Pebble plan.
  // Can I roll data over?"): fresh-documents gate round of #15.
  const askedList = askedSentences(questionText);
  const askedText = askedList.join(' ');
  const asked = [askedText, ...storyNames(questionText, askedList)].join(' ');
  const qSequence = lexicalTerms(asked.replace(HOW_ADJECTIVE, ' ')).filter((t) => !framing.has(t));
  const qTerms = [...new Set(qSequence)];
  const qSet = new Set(qTerms);
  const sSequence = lexicalTerms(sentenceText);
  const sTerms = new Set(sSequence);
  const allTerms = new Set(lexicalTerms(withoutAccents(input.sourcesText)));
  let total = 0;
  let covered = 0;
  let unseen = 0;
  let maxIdf = 0;
  let rarestMissing = 0;
  for (const t of qTerms) {
    const w = input.idf(t);
    total += w;
    maxIdf = Math.max(maxIdf, w);
    if (sTerms.has(t)) covered += w;
    else rarestMissing = Math.max(rarestMissing, w);
    if (!allTerms.has(t)) unseen += w;
  }
  const focus = focusTerm(input.question);
  const type = expectedAnswerType(input.question);
  const lowerSources = withoutAccents(input.sourcesText).toLowerCase();
  const names = capitalisedWords(questionText, true).filter((w) => !lowerSources.includes(w.toLowerCase()));
  // The answer's best gap span, for `gapFit` and `topAgree` (English only: gap-span reads English).
  const gap = HAN.test(input.question)
    ? null
    : bestGapSpan(input.question, input.sentence, new Set(lexicalTerms(input.question)));
  return {
    coverage: qTerms.length === 0 ? 0 : qTerms.filter((t) => sTerms.has(t)).length / qTerms.length,
    idfCoverage: total === 0 ? 0 : covered / total,
    unseenShare: total === 0 ? 0 : unseen / total,
    rarestMissing: maxIdf === 0 ? 0 : rarestMissing / maxIdf,
    focusMissing: focus !== undefined && !sTerms.has(focus) ? 1 : 0,
    typeMissing: hasTypedCandidate(type, sentenceText, qSet) ? 0 : 1,
    // A topic query ("refund policy") asks what the documents say, and they state what is not done
    // as often as what is: a one-sided negation is no mismatch there (topic-query round of #15).
    // A story before the question is the customer's case, not what is asked (story-negation round).
    // Each sentence that asks is read; a polite "Can you help?" after the question adds nothing.
    negationMismatch: topic
      ? 0
      : Math.max(...askedList.map((sentence) => negationMismatch(sentence, sentenceText))),
    unseenNames: Math.min(2, names.length) / 2,
    numberMismatch: numberMismatch(questionText, sentenceText),
    proximity: pairProximity(qSequence, sSequence),
    semantic: input.semantic ?? 0,
    slotMissing: input.slotMissing ?? 0,
    runnerUpGap: input.runnerUpGap ?? 0,
    sourceRank: input.sourceRank ?? 1,
    antonymSwap: input.antonyms ? antonymSwap(questionText, sentenceText, input.antonyms) : 0,
    gapMissing: typedGapMissing(input.question, input.sentence),
    topAgree: input.runnerUp === undefined ? 0 : gapAgreement(input.question, gap, input.runnerUp),
    oppositeSwap: oppositeSwap(questionText, sentenceText),
    gapFit: gap ? Math.max(-GAP_FIT_CLIP, Math.min(GAP_FIT_CLIP, gap.score)) / GAP_FIT_CLIP : -1,
    unlinkedMissing: input.linked
      ? Math.min(UNLINKED_CAP, unlinkedWords(qSequence, asked, withHop, input.linked)) / UNLINKED_CAP
      : 0,
  };
}

/**
 * The names a customer's story gives before the question ("I have the Pebble plan. Can I roll data
 * over?"): the capitalised words of the sentences before the last one that asks, each but its
 * first word, and none the asked sentences already hold. Not a sign-off after the question
 * ("Thanks, Anna"), nor a link.
 */
function storyNames(message: string, asked: readonly string[]): string[] {
  const last = asked.at(-1);
  // (askedSentences reads the message without its links and line breaks: a sentence it returns
  // may not stand in the message as written, and then no story is told apart.)
  const at = last === undefined || last === message ? -1 : message.lastIndexOf(last);
  if (at < 0) return [];
  const askedTerms = new Set(asked.flatMap((sentence) => lexicalTerms(sentence)));
  const before = message.slice(0, at).replace(/https?:\/\/\S+/giu, ' ');
  return splitSentences(before)
    .map((s) => s.text.trim())
    .filter((sentence) => sentence.length > 0 && !asked.includes(sentence))
    .flatMap((sentence) => capitalisedWords(sentence, true))
    .filter((name) => !lexicalTerms(name).every((t) => askedTerms.has(t)));
}

// Past three unlinked words the question is about something else anyway.
const UNLINKED_CAP = 3;

// Prefixes written with a hyphen ("non-payment", "pre-order", "co-pay"): no word of their own.
const PREFIX = new Set([
  'non',
  'pre',
  'post',
  'sub',
  'anti',
  'multi',
  'semi',
  'mid',
  'inter',
  'intra',
  'ex',
  're',
  'co',
  'un',
]);

/** See `unlinkedMissing`: how many of the asked words (`askedTerms` are their terms) it counts. */
function unlinkedWords(
  askedTerms: readonly string[],
  asked: string,
  sentence: string,
  linked: (word: string, other: string) => boolean,
): number {
  // Each part of a hyphenated word is a word ("ladies-only" against "women-only"), as lexicalTerms
  // reads it; a part that is a stop word ("only") or a prefix ("non-payment") is none.
  const content = (text: string) =>
    [
      ...new Set(
        [...text.toLowerCase().matchAll(WORD)].flatMap((m) => {
          const parts = m[0].replace(/['’]s?$/u, '').split('-');
          return parts.filter((part, i) => i === parts.length - 1 || !PREFIX.has(part));
        }),
      ),
    ].filter((w) => w.length >= 3 && lexicalTerms(w).length > 0);
  const terms = new Set(askedTerms);
  const sentenceTerms = new Set(lexicalTerms(sentence));
  const questionWords = content(asked);
  const sentenceWords = content(sentence).filter((w) => !questionWords.includes(w));
  let count = 0;
  for (const word of questionWords) {
    const wordTerms = lexicalTerms(word);
    // Only the words the term features read (not "long" of "how long", not a topic query's framing),
    // and only those the sentence lacks.
    if (!wordTerms.some((t) => terms.has(t)) || wordTerms.every((t) => sentenceTerms.has(t))) continue;
    if (!sentenceWords.some((other) => linked(word, other))) count++;
  }
  return count;
}

const HAN = /\p{Script=Han}/u;

/** See `gapMissing`. English only: the gap picker reads English words. */
function typedGapMissing(question: string, sentence: string): number {
  if (HAN.test(question)) return 0;
  const type = gapType(question);
  // A "how do I…" answer in a company's documents is an instruction ("Go to … and choose …"),
  // seldom a "by …" phrase: the manner type says nothing about whether the sentence answers.
  if (type === 'any' || type === 'manner') return 0;
  const span = bestGapSpan(question, sentence, new Set(lexicalTerms(question)), type, { typedOnly: true });
  return span ? 0 : 1;
}

// Gap-span scores beyond this say no more about the fit (a few points either way).
const GAP_FIT_CLIP = 3;

/** See `topAgree`: one gap span contains the other (case aside). */
function gapAgreement(
  question: string,
  answerGap: { span: { text: string } } | null,
  runnerUp: string,
): number {
  if (!answerGap || HAN.test(question)) return 0;
  const a = answerGap.span.text.toLowerCase();
  const b = bestGapSpan(question, runnerUp, new Set(lexicalTerms(question)))?.span.text.toLowerCase();
  return b && (a.includes(b) || b.includes(a)) ? 1 : 0;
}

const WORD = /\p{L}[\p{L}'’-]*/gu;

function antonymSwap(
  question: string,
  sentence: string,
  antonyms: (word: string) => ReadonlySet<string>,
): number {
  const words = (text: string) => [...text.toLowerCase().matchAll(WORD)].map((m) => m[0]);
  const questionWords = new Set(words(question));
  // The sentence's words the question does not use, with their base forms and antonyms.
  const others = [...new Set(words(sentence))]
    .filter((w) => !questionWords.has(w))
    .map((w) => ({ bases: baseOf(w), opposite: antonyms(w) }));
  if (others.length === 0) return 0;
  const sentenceStems = new Set(lexicalTerms(sentence));
  for (const w of questionWords) {
    const stem = lexicalTerms(w)[0];
    if (stem === undefined || sentenceStems.has(stem)) continue;
    const opposite = antonyms(w);
    const bases = baseOf(w);
    // Either side's list may name the other: "lighter" → dark; "darker" → light.
    for (const o of others)
      if (o.bases.some((b) => opposite.has(b)) || bases.some((b) => o.opposite.has(b))) return 1;
  }
  return 0;
}

/**
 * The sentences of a message that ask: those ending in "?", and those opening with a wh-word or an
 * auxiliary after the last of them (customers leave the "?" off: "Hi, can you help? Which plans are
 * not refunded"). The sentences before them state the customer's case ("I still haven't paid a bill
 * I got a month ago. Will there be a fee?"); a message of one sentence, or with none that asks, is
 * read whole. Links are left out (their "?" ends no sentence), and a line that goes on in lower case
 * continues the sentence above it ("Which plans are not\nrefunded?").
 */
function askedSentences(message: string): string[] {
  const text = message.replace(/https?:\/\/\S+/giu, ' ').replace(/[ \t]*\r?\n[ \t]*(?=\p{Ll})/gu, ' ');
  const sentences = splitSentences(text)
    .map((s) => s.text.trim())
    .filter((s) => s.length > 0);
  if (sentences.length < 2) return [message];
  const marked = (s: string) => /\?\s*$/u.test(s);
  const opens = (s: string) => YES_NO_QUESTION.test(s) || WH_WORD.exec(s)?.index === 0;
  const lastMarked = sentences.findLastIndex(marked);
  const asks = sentences.filter((s, i) => marked(s) || (i > lastMarked && opens(s)));
  return asks.length > 0 ? asks : [message];
}

/**
 * 1 when one side negates something the other side talks about without negating it. Only the
 * words a negation scopes over count ("needs no credit card" says nothing against "How long
 * does the trial last?"): a negation anywhere in the sentence made plain questions abstain.
 */
function negationMismatch(question: string, sentence: string): number {
  // For a yes/no question a negated sentence is the answer ("Does it need a card?" → "needs no card").
  if (YES_NO_QUESTION.test(question.trim())) return 0;
  const scoped = (text: string): Set<string> => {
    const out = new Set<string>();
    const words = text.split(/\s+/u);
    words.forEach((word, i) => {
      if (!NEGATION.test(word)) return;
      for (const next of words.slice(i + 1, i + 4)) for (const term of lexicalTerms(next)) out.add(term);
    });
    return out;
  };
  const qTerms = new Set(lexicalTerms(question));
  const sTerms = new Set(lexicalTerms(sentence));
  const qNegated = scoped(question);
  const sNegated = scoped(sentence);
  for (const term of qNegated) if (sTerms.has(term) && !sNegated.has(term)) return 1;
  for (const term of sNegated) if (qTerms.has(term) && !qNegated.has(term)) return 1;
  return 0;
}

/** Probability in [0, 1] that the sentence answers the question, under `model`. */
export function answerabilityProbability(
  features: AnswerabilityFeatures,
  model: Pick<AnswerabilityModel, 'bias' | 'weights'>,
): number {
  let z = model.bias;
  for (const name of ANSWERABILITY_FEATURES) z += model.weights[name] * features[name];
  return 1 / (1 + Math.exp(-z));
}

/**
 * IDF over sentences, from the texts at hand (the retrieved sources by default). A term absent from
 * all of them gets the highest IDF, as if it occurred in half a sentence: it is as rare as it gets.
 */
export function sentenceIdf(sentences: readonly string[]): TermIdf {
  const df = new Map<string, number>();
  for (const s of sentences) for (const t of new Set(lexicalTerms(s))) df.set(t, (df.get(t) ?? 0) + 1);
  const n = sentences.length;
  return (term) => Math.log((n + 1) / ((df.get(term) ?? 0) + 0.5));
}
