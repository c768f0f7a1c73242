import { AppError } from '@grounded/core';
import { isMostlyChinese, lexicalTerms, type SentenceSpan, splitSentences } from '@grounded/text';
import { isLabelLine } from '../label-line';
import {
  type AnswerSlot,
  isTableRow,
  questionSlot,
  rowAnswersQuestion,
  sharedColumnTerms,
  slotSpans,
} from './answer-slot';
import {
  type AnswerabilityFeatures,
  type AnswerabilityModel,
  answerabilityFeatures,
  answerabilityProbability,
  HOW_ADJECTIVE,
  sentenceIdf,
  type TermIdf,
} from './answerability';
import { DEFAULT_ANSWERABILITY_MODEL } from './answerability-model';
import {
  type ChineseGateFeatures,
  type ChineseGateModel,
  chineseGateFeatures,
  chineseGateProbability,
} from './chinese-gate';
import { CHINESE_GATE_MODEL } from './chinese-gate-model';
import { chineseOverlap, chineseQuestionGrams } from './chinese-overlap';
import { estimatePromptTokens } from './prompt-tokens';
import { termCoverage, termJaccard } from './term-overlap';
import { trueCase } from './true-case';
import type { GenerationEvent, GenerationRequest, Generator, NumberedSource } from './types';

/** `scope`: the request's `cacheScope`, under which the question's vector may be cached. */
export type SentenceSimilarity = (question: string, sentences: string[], scope?: string) => Promise<number[]>;

export interface ExtractiveOptions {
  /** Semantic similarity (e.g. embedding cosine, in [-1, 1]) of the question to each sentence. */
  similarity?: SentenceSimilarity;
  /** Most sentences in one answer. Default 3. */
  maxSentences?: number;
  /** Sentences after the best one must score at least this. Default: `abstainBelow`. */
  minScore?: number;
  /**
   * Abstain when the best sentence scores below this. The default was calibrated for the lexical
   * score alone; pass your own when `similarity` is given (the combined score has another scale).
   */
  abstainBelow?: number;
  /**
   * Second gate after `abstainBelow`: abstain when the best sentence is unlikely to ANSWER the
   * question (not just share its words). Default: DEFAULT_ANSWERABILITY_MODEL (lexical features)
   * without `similarity`, none with it (pass e.g. USE_LITE_ANSWERABILITY_MODEL, fitted with the
   * USE-lite cosine as `semantic`); 'off' keeps only the score threshold.
   */
  answerability?: AnswerabilityModel | 'off';
  /**
   * The gate for Chinese questions, added to the lexical default gate they keep (chinese-gate.ts).
   * Default: CHINESE_GATE_MODEL; 'off' leaves it out. `answerability: 'off'` turns it off too.
   */
  chineseGate?: ChineseGateModel | 'off';
  /** IDF of question terms for the answerability features. Default: IDF over the sources' sentences. */
  idf?: TermIdf;
  /** Antonyms of a word (e.g. WordNet's), for the gate's antonymSwap feature. */
  antonyms?: (word: string) => ReadonlySet<string>;
  /** Whether one word may stand for another (WordNet.linked), for the gate's unlinkedMissing. */
  linked?: (word: string, other: string) => boolean;
  /**
   * Order the shown sentences by their support in context (the heading they stand under, their
   * chunk's retrieval rank, a fact of the asked kind) rather than by sentence support alone. The
   * gate still reads the best sentence by sentence support, so what is answered or abstained on
   * does not change; only which sentence comes first and which join it. Measured in the sixth
   * round of #15 (own dev: first sentence holds the gold 54.5 → 68.2%, every other figure
   * unchanged); the chat path turns it on (apps/api container), the bare answerer leaves it off.
   */
  contextOrder?: boolean;
  /** Turns off parts of the issue-#15 answerer, to measure what each contributes (`eval answering`). */
  ablate?: readonly AnswererPart[];
}

/**
 * The parts of sentence selection added for issue #15:
 * - 'slot': a sentence stating a fact of the asked kind (a duration for "how long") ranks higher;
 * - 'continuation': the next sentence joins when it continues the best one ("Links expire…");
 * - 'zh-ngrams': Chinese questions match by character n-grams without their question words;
 * - 'table': a table's header line is a label, not an answer;
 * - 'heading': question terms found in the heading a sentence stands under count half.
 */
export type AnswererPart = 'slot' | 'continuation' | 'zh-ngrams' | 'table' | 'heading';

/**
 * Calibrated on SQuAD 2.0 dev (Normans + Rhine subset, 706 questions), lexical score only, by
 * `npx tsx eval/calibration/abstention-calibration.ts`. Chosen on half A
 * (even paragraphs) to maximise balanced accuracy between "gold paragraph given" (should answer)
 * and "best-matching paragraph of the other article given" (should abstain). Held-out half B:
 * answerable questions answered 96.3% (n=189); off-topic paragraph abstained 88.4% (n=352);
 * SQuAD's adversarial unanswerable questions on their own paragraph abstained only 8.0% (n=163):
 * same-topic absence needs the groundedness check, not a lexical threshold. The top sentence
 * contains the gold answer for 84.7% of answerable held-out questions.
 */
export const DEFAULT_ABSTAIN_BELOW = 0.34;

const DEFAULT_MAX_SENTENCES = 3;
// Further sentences must be at least this fraction of the best score, so an answer does not trail
// off into loosely related text just because maxSentences allows it.
const RELATIVE_FLOOR = 0.5;
// Term-set overlap above which two sentences count as saying the same thing.
const REDUNDANT_JACCARD = 0.7;
const SEMANTIC_WEIGHT = 0.5;
// Added to a sentence that states a fact of the asked kind: among sentences about the asked thing,
// the one with a duration answers "how long"; less than one question term of a 4-term question.
const SLOT_BONUS = 0.1;
// How much a question term counts when only the sentence's heading has it.
const HEADING_SHARE = 0.5;
// contextOrder: added for the chunk's retrieval rank (÷ rank: 0.05 for the first chunk, 0.01 for
// the fifth), so that among sentences of equal support the one from the chunk retrieval ranked
// higher leads; and the bonus of a sentence stating the asked kind of fact, twice SLOT_BONUS.
// Values from the dev halves (own + SQuAD, first sentence holds the gold), sixth round of #15.
const RANK_PRIOR = 0.05;
const ORDER_SLOT_BONUS = 0.2;
// A question asking how to do something, and a sentence that tells the reader to do it.
const HOW_TO_FACTOR = 1.5;
const HOW_TO = /\bhow (?:do|can|could|should|shall) (?:i|we)\b|\bhow to\b|如何|怎么|怎样/iu;
const INSTRUCTION_VERBS =
  'go|click|open|choose|select|enter|press|tap|visit|call|contact|send|use|sign|log|navigate|type|follow|download|install|run|start|restart|fill|submit|upload|write|email|e-mail|ask|request|check|make|create|add|remove|delete|set|turn|switch|update|reply|print|attach|pick|return|bring|scan|connect|enable|disable|report|wait|keep|save|change|reset|pay|apply|register|book|cancel|claim|order|read|see|find|share|copy|paste|drag|plug|unplug|replace|review|verify|confirm|approve|complete|provide|include|tell|put|move|tick|reboot|activate|reactivate|renew|schedule|notify|forward|lock|unlock';
// Instruction verbs that as often open a sentence as a noun's modifier ("Order numbers start with…",
// "Reset links expire…", "Review periods last…", "Share prices fell"): followed by a plural noun and
// another word, they are read as that noun phrase, not as an instruction.
const NOUN_LIKE_VERBS =
  'order|review|claim|complete|change|reset|save|share|schedule|move|lock|report|book|copy|forward|request|update|return|check|set|start|print|scan|type|turn|switch|run|pick|reply|wait|pay|plug|email|e-mail|call|sign|log|open|contact|press|upload|download|attach|reboot|restart|select|visit|replace|include|read|find|use|make';
// The verb opens the sentence, after a list marker, "Please", "First,", "To do X," or a condition
// ("If the VPN disconnects, switch…", "If you lose your second factor, use…": a step for a case,
// which keeps its place after the steps it follows in the source), and is not the first half of a
// compound ("Check-in is…"). What follows it is checked in isInstruction.
const IMPERATIVE = new RegExp(
  `^\\s*(?:[-*•]\\s*|\\d+[.)]\\s*)?(?:(?:please|first|then|next|finally),?\\s+|(?:to|if|when|once|after|before)\\s[^,]{1,80},\\s*)?(?<verb>${INSTRUCTION_VERBS})\\b(?!-)|^\\s*(?:请(?!问|注意)|点击|打开|选择|进入|登录|联系|发送|输入)`,
  'iu',
);
const NOUN_LIKE = new Set(NOUN_LIKE_VERBS.split('|'));
// Case-sensitive on purpose, like the two below: "Turn on Do Not Disturb", "Select May in the
// Month field" and "Use Windows Hello" name things.
// A noun followed by its verb or an auxiliary: "Call centre hours are…", "Order tracking does not…".
const AUXILIARY_AFTER = /^(?:\s+[\p{L}'’]+){0,2}\s+(?:is|are|was|were|has|have|had|does|do|did)\b/u;
// …or by a modal: "Claim forms must be signed…", "Save points will…"; but after a verb that asks
// for a check, a pronoun before the modal is the check's own ("Make sure you can sign in").
const MODAL_AFTER =
  /^(?:\s+[\p{L}'’]+){0,2}\s+(?:must|can|cannot|can't|may|might|will|would|should|shall|need|needs)\b/u;
const CHECK_VERBS = new Set(['make', 'ensure', 'check', 'confirm', 'verify', 'select', 'call', 'contact']);
const PRONOUN_BEFORE_MODAL = /^(?:\s+[\p{L}'’]+)?\s+(?:you|we|they|i|it|that|if)\b/u;
// After a noun-like verb, a lower-case plural and then a lower-case word that is no preposition,
// particle, determiner, pronoun, comparative, or an adverb ending the sentence: "Order numbers
// start…", "Reset links only work…", not "Return items within 30 days", "Pay invoices promptly."
const NOUN_PHRASE_AFTER =
  /^\s+[a-z][a-z-]*s\s+(?!(?:to|in|on|at|for|from|with|within|by|via|into|before|after|of|and|or|the|a|an|your|our|their|that|this|these|those|every|each|as|if|when|back|up|out|off|over|under|through|until|once|now|here|there|you|we|they|it|which|who|longer|shorter|more|less|daily|weekly|monthly)\b)(?![a-z]+ly\s*(?:[.,;:!?]|$))[a-z]/;

/** The sentence tells its reader to do something ("Go to…", "If it fails, restart…"): a how-to step. */
export function isInstruction(sentence: string): boolean {
  const match = IMPERATIVE.exec(sentence);
  if (!match) return false;
  const verb = match.groups?.verb?.toLowerCase();
  if (!verb) return true;
  const rest = sentence.slice(match.index + match[0].length);
  if (AUXILIARY_AFTER.test(rest)) return false;
  if (MODAL_AFTER.test(rest) && !(CHECK_VERBS.has(verb) && PRONOUN_BEFORE_MODAL.test(rest))) return false;
  return !(NOUN_LIKE.has(verb) && NOUN_PHRASE_AFTER.test(rest));
}

export const ABSTAIN_MESSAGE_EN = 'The provided documents do not contain an answer to this question.';
export const ABSTAIN_MESSAGE_ZH = '所提供的文档中没有找到这个问题的答案。';

/** In the question's dominant script, as chat's withheld-answer message (isMostlyChinese). */
export function abstainMessage(question: string): string {
  return isMostlyChinese(question) ? ABSTAIN_MESSAGE_ZH : ABSTAIN_MESSAGE_EN;
}

export interface ExtractedSentence {
  text: string;
  sourceNumber: number;
  /** Offsets into `source.text` (add `source.start` for document offsets). */
  startInSource: number;
  endInSource: number;
  score: number;
}

export interface ExtractedAnswer {
  sentences: ExtractedSentence[];
  abstained: boolean;
  /** Score of the best sentence (0 when there were none), for logging and calibration. */
  bestScore: number;
  /**
   * The answerability of the best sentence (absent when there was none). `probability` is under
   * the model in use, or the default model when answerability is 'off'.
   */
  answerability?: { probability: number; features: AnswerabilityFeatures };
  /** The Chinese gate's reading of the best sentence, for a Chinese question (chinese-gate.ts). */
  chineseGate?: { probability: number; features: ChineseGateFeatures };
  /**
   * When abstained: the sentences that would have been the answer without the gate, for
   * calibration curves and logs (never shown to users).
   */
  withheld?: ExtractedSentence[];
}

interface Candidate extends ExtractedSentence {
  terms: Set<string>;
  order: number;
  /** Support in context, for `contextOrder`: headings, retrieval rank, the asked kind of fact. */
  orderScore: number;
  semantic?: number;
  /** The next sentence of the same source when it continues this one (a pronoun, the same head). */
  next?: Candidate;
  /** The sentence just before this one in the same source. */
  previous?: Candidate;
  /** This sentence (or its continuation) states a fact of the asked kind. */
  slotHit?: boolean;
  /** Terms of the heading the sentence stands under in its chunk ("Shipping costs"). */
  headingTerms?: Set<string>;
}

// A sentence that opens with a pronoun or a demonstrative leans on the one before it.
const CONTINUES =
  /^(?:it|its|they|them|their|this|these|those|that|such|he|she|his|her|both|each|either|neither)\b|^(?:它|他|她|其|这|该|此|上述)/iu;
// An instruction about something named before it: "Open it from the intranet…".
const POINTS_BACK = /^\s*[\p{L}-]+\s+(?:it|them|this|these|those)\b/iu;
// A sentence that names what it speaks of by a demonstrative and a noun, within its first words:
// "During these hours you must be reachable…". Not "that" ("Note that…"), and not a pronoun alone,
// which is as often no reference at all ("It is not possible to…", "IT handles…"; review).
const POINTS_BY_NOUN = /^\P{L}*(?:[\p{L}-]+\s+){0,2}?(?:this|these|those|such)\s+([\p{L}-]+)/iu;
// "This year…" after "Last year…", "This plan…" after "The old plan…": the same noun, another thing.
const TIME_NOUN =
  /^(?:year|month|week|day|time|season|quarter|term|semester|spring|summer|autumn|fall|winter)s?$/iu;
const CONTRASTED = '(?:last|old|older|previous|prior|former|other|next|earlier|original)';
// How many leading terms of the next sentence may repeat the previous one's subject.
const HEAD_TERMS = 2;

function continues(prev: Candidate, next: Candidate): boolean {
  if (CONTINUES.test(next.text)) return true;
  // "A verification link is sent… Links expire after 24 hours.": the next subject repeats a noun.
  return lexicalTerms(next.text)
    .slice(0, HEAD_TERMS)
    .some((t) => prev.terms.has(t));
}

const BARE_NUMBER = /^\(?\d{1,3}(?:\.\d{1,3}){0,3}[.)]?$/u;
// "Effective date: 1 March 2025", "Owner: Facilities Security": short, unpunctuated like a label,
// yet a field and its value state a fact (a policy's header block, a form, an e-mail's quote list);
// as labels they could never answer "When did the policy take effect?" (probe2 round).
// The value must hold a figure (a date, an amount, a reference): "Part 2: Refund policy" and
// "Section 3: Fees and charges" are headings, and as sentences they were answers (probe2 review).
const KEY_VALUE = /^\p{L}[\p{L}\p{N} ()'’/&-]{1,30}:\s+\S.*\p{N}/u;
const HEADING_KEY =
  /^(?:part|section|chapter|article|step|schedule|annex|appendix|clause|exhibit)\s+[\p{N}ivxlc]+[a-z]?\s*:/iu;
// A run-in heading: up to four words, capitalised, ending in a full stop ("Hours.", "Warehouse
// floor.", "Term and Termination.") …
const RUN_IN_WORDS = "\\p{Lu}[\\p{L}'’-]*(?:\\s+[\\p{L}'’&-]+){0,3}";
const RUN_IN = new RegExp(`^${RUN_IN_WORDS}\\.$`, 'u');
// … that is no reply or greeting ("Yes. You can…", "Thanks.") and no short sentence with a subject
// ("He died.", "The plan ended.").
const NOT_RUN_IN =
  /^(?:(?:yes|no|ok|okay|sure|correct|thanks|thank you|hello|hi|note|please)\.$|(?:the|a|an|he|she|it|they|we|i|you|this|that|there|these|those|his|her|its|our|their|my|your|one|all|some)\b)/iu;
// … and no step of a procedure ("1. Unplug the router. Wait 30 seconds."): an instruction whose verb
// takes an object or a particle (a heading such as "Contact details." has none; probe3 review).
const STEP_OBJECT =
  /^\S+\s+(?:the|a|an|your|our|their|its|it|them|this|that|these|those|all|any|each|every|on|off|in|out|up|down|back)\b/iu;
function isShortStep(sentence: string): boolean {
  return isInstruction(sentence) && STEP_OBJECT.test(sentence);
}
// What must stand before it on its line: a list or clause number ("7. Hours."). Without one, a
// short first sentence ("Smoking is prohibited. Violations are…") reads just like a run-in heading,
// and dropping it lost the answer (probe2 review).
const LIST_NUMBER = '\\(?\\d{1,3}(?:\\.\\d{1,3}){0,3}[.)]?';
const LINE_LEAD = new RegExp(`^[ \\t]*${LIST_NUMBER}[ \\t]*$`, 'u');
// A line that opens with a run-in heading, for the heading terms of the sentences after it.
const RUN_IN_LINE = new RegExp(`^[ \\t]*${LIST_NUMBER}[ \\t]+(${RUN_IN_WORDS})\\.[ \\t]+\\S`, 'u');

/**
 * "7. Hours. Visits are allowed…", "5. Warehouse floor. High-visibility vests…": a policy's or a
 * contract's heading set in the paragraph it heads. It names the paragraph, it states nothing, yet
 * as a sentence of its own it was the one "what are visiting hours" was answered and gated with
 * (probe2 round). It opens its line and the paragraph's text goes on after it on the same line.
 */
function isRunInHeading(text: string, span: SentenceSpan, next: SentenceSpan | undefined): boolean {
  if (!RUN_IN.test(span.text) || NOT_RUN_IN.test(span.text) || isShortStep(span.text)) return false;
  if (!next || text.slice(span.end, next.start).includes('\n')) return false;
  return LINE_LEAD.test(text.slice(text.lastIndexOf('\n', span.start - 1) + 1, span.start));
}

// "Plan | Monthly price | Users included": a table's header line names columns, it states nothing.
const TABLE_HEADER = /^[^|:;]+(?:\s\|\s[^|:;]+)+$/u;

/**
 * Sentences, split again at line breaks: chunk text keeps its headings ("Free trial\nEvery new
 * account…"), and a heading is a label, not an answer. Short fragments (under 40 characters)
 * without sentence-ending punctuation, such as headings and list labels, are skipped.
 */
function sentenceSpansOf(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  // A table row is one answer even when a cell ends like a sentence ("Company: Yahoo! Inc.; …").
  const rows: SentenceSpan[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed && isTableRow(trimmed)) {
      const start = at + line.indexOf(trimmed);
      rows.push({ text: trimmed, start, end: start + trimmed.length });
    }
    at += line.length + 1;
  }
  const inRow = (s: SentenceSpan) => rows.some((r) => s.start < r.end && r.start < s.end);
  for (const span of splitSentences(text)) {
    let offset = 0;
    for (const line of span.text.split('\n')) {
      const trimmed = line.trim();
      if (trimmed.length > 0) {
        const start = span.start + offset + line.indexOf(trimmed);
        const piece = { text: trimmed, start, end: start + trimmed.length };
        if (!inRow(piece) && !isAsked(trimmed)) spans.push(piece);
      }
      offset += line.length + 1;
    }
  }
  spans.push(...rows);
  spans.sort((a, b) => a.start - b.start);
  // "3." or "2.1" alone: the splitter cuts a list or clause number off its text ("3. FEES AND
  // PAYMENT", "7. Hours. Visits are…"); it states nothing, yet it was the sentence "What's step 3?"
  // was answered and gated with (probe2 round).
  return spans.filter(
    (span, i) =>
      (!isLabelLine(span.text) || (KEY_VALUE.test(span.text) && !HEADING_KEY.test(span.text))) &&
      !BARE_NUMBER.test(span.text) &&
      !isRunInHeading(text, span, spans[i + 1]),
  );
}

/**
 * A question in a document ("When is payday?", an FAQ's bold question, which Markdown joins to
 * the answer below it) asks, it states nothing: it is no answer, and it labels the sentences after
 * it as a heading does (eighth round of #15: such questions led answers to "How early before
 * payday can I see my payslip?" and were what the gate read).
 */
function isAsked(sentence: string): boolean {
  return /[?？][*"”')]*$/u.test(sentence);
}

/**
 * The label lines of a chunk (its headings) and the questions it asks (an FAQ's), with their
 * offsets, in text order.
 */
function headingsOf(text: string): { at: number; terms: Set<string> }[] {
  const out: { at: number; terms: Set<string> }[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed && isLabelLine(trimmed) && !/\p{Script=Han}/u.test(trimmed))
      out.push({ at, terms: new Set(lexicalTerms(trimmed)) });
    // "7. Hours. Visits are allowed…": the run-in heading heads its paragraph's sentences.
    const runIn = RUN_IN_LINE.exec(line)?.[1];
    if (runIn && !NOT_RUN_IN.test(`${runIn}.`)) out.push({ at, terms: new Set(lexicalTerms(runIn)) });
    at += line.length + 1;
  }
  if (/[?]/u.test(text)) {
    for (const span of splitSentences(text)) {
      const trimmed = span.text.trim();
      if (isAsked(trimmed) && !/\p{Script=Han}/u.test(trimmed))
        out.push({ at: span.start, terms: new Set(lexicalTerms(trimmed)) });
    }
    out.sort((a, b) => a.at - b.at);
  }
  return out;
}

function normalisedLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim().toLowerCase();
}

function candidatesFrom(sources: readonly NumberedSource[], skipHeaders: boolean): Candidate[] {
  const out: Candidate[] = [];
  for (const source of sources) {
    let previous: Candidate | undefined;
    const headings = headingsOf(source.text);
    const title = source.title ? normalisedLine(source.title) : null;
    for (const span of sentenceSpansOf(source.text)) {
      if (skipHeaders && TABLE_HEADER.test(span.text)) continue;
      // The document's title, where its first chunk repeats it as a line ("IT Runbook: Password
      // Resets, VPN and Laptop Replacement"), names the document and states nothing: too long for
      // a label, it was added to answers as a sentence of its own.
      if (title && normalisedLine(span.text) === title) continue;
      const candidate: Candidate = {
        text: span.text,
        sourceNumber: source.number,
        startInSource: span.start,
        endInSource: span.end,
        score: 0,
        orderScore: 0,
        terms: new Set(lexicalTerms(span.text)),
        order: out.length,
      };
      const heading = headings.filter((h) => h.at <= span.start).at(-1);
      if (heading) candidate.headingTerms = heading.terms;
      if (previous) candidate.previous = previous;
      if (previous && continues(previous, candidate)) previous.next = candidate;
      out.push(candidate);
      previous = candidate;
    }
  }
  return out;
}

/**
 * Term coverage, where a question term found only in the sentence's heading counts half: under
 * "Shipping costs", "Orders over $50 ship free" answers "How much is shipping?".
 */
function headedCoverage(
  questionTerms: ReadonlySet<string>,
  c: Candidate,
  ablate: readonly AnswererPart[],
): number {
  const own = termCoverage(questionTerms, c.terms);
  if (!c.headingTerms || ablate.includes('heading')) return own;
  const withHeading = termCoverage(questionTerms, new Set([...c.terms, ...c.headingTerms]));
  return own + HEADING_SHARE * (withHeading - own);
}

/** Whether `text` states a fact of kind `slot` other than one the question itself names. */
function statesSlot(text: string, slot: AnswerSlot, question: string): boolean {
  const lower = question.toLowerCase();
  return slotSpans(text, slot, question).some((span) => !lower.includes(span.text.toLowerCase()));
}

/** Scores every sentence of every source against the question; exposed for calibration. */
export async function scoreSentences(
  question: string,
  sources: readonly NumberedSource[],
  similarity?: SentenceSimilarity,
): Promise<ExtractedSentence[]> {
  return (await scoreCandidates(question, sources, similarity)).map(publicSentence);
}

function publicSentence(c: Candidate): ExtractedSentence {
  const { text, sourceNumber, startInSource, endInSource, score } = c;
  return { text, sourceNumber, startInSource, endInSource, score };
}

function slotMissing(question: string, best: Candidate, joined: Candidate | undefined): number {
  const slot = questionSlot(question);
  if (!slot || slot === 'yesno') return 0;
  return statesSlot(best.text, slot, question) || (joined && statesSlot(joined.text, slot, question)) ? 0 : 1;
}

/** 1-based position of a source in retrieval order (the sources' order; numbers need not be 1…n). */
function sourceRankOf(sources: readonly NumberedSource[], sourceNumber: number): number {
  return sources.findIndex((s) => s.number === sourceNumber) + 1;
}

/** The next sentence joins the best one when it continues it and brings what the best one lacks. */
function joinsBest(
  best: Candidate,
  question: string,
  ablate: readonly AnswererPart[],
): Candidate | undefined {
  const next = best.next;
  if (!next || ablate.includes('continuation')) return undefined;
  const slot = questionSlot(question);
  if (slot && slot !== 'yesno') {
    return !statesSlot(best.text, slot, question) && statesSlot(next.text, slot, question) ? next : undefined;
  }
  return CONTINUES.test(next.text) ? next : undefined;
}

/**
 * Whether `lead` names its subject by pointing at `previous`: under the same heading, its
 * demonstrative's noun is one `previous` uses ("Core collaboration hours are…" then "During these
 * hours…"; not "This warranty covers…" after "Orders ship within 2 days", nor a sentence under
 * the next heading; review).
 */
function pointsBackTo(lead: Candidate, previous: Candidate): boolean {
  if (lead.headingTerms !== previous.headingTerms) return false;
  const noun = POINTS_BY_NOUN.exec(lead.text)?.[1];
  if (!noun || TIME_NOUN.test(noun)) return false;
  // The sentence before sets its own thing against this one (second review).
  if (new RegExp(`\\b${CONTRASTED}\\s+${noun}\\b`, 'iu').test(previous.text)) return false;
  const terms = lexicalTerms(noun);
  return terms.length > 0 && terms.every((t) => previous.terms.has(t));
}

/**
 * The sentence before the lead, to lead in its place, when the lead points back to it and only it
 * states the asked kind of fact: "Core hours are 10:00 to 15:00. During these hours you must be
 * reachable…" asked "During which hours do I have to be reachable?" (back-reference round, #15).
 */
function headOf(lead: Candidate, question: string, ablate: readonly AnswererPart[]): Candidate | undefined {
  const previous = lead.previous;
  if (!previous || ablate.includes('continuation') || !pointsBackTo(lead, previous)) return undefined;
  const slot = questionSlot(question);
  if (!slot || slot === 'yesno') return undefined;
  return !statesSlot(lead.text, slot, question) && statesSlot(previous.text, slot, question)
    ? previous
    : undefined;
}

async function scoreCandidates(
  question: string,
  sources: readonly NumberedSource[],
  similarity?: SentenceSimilarity,
  ablate: readonly AnswererPart[] = [],
): Promise<Candidate[]> {
  const candidates = candidatesFrom(sources, !ablate.includes('table'));
  // "How long is the trial?" matches on trial, not on every sentence that says "long".
  const questionTerms = new Set(lexicalTerms(question.replace(HOW_ADJECTIVE, ' ')));
  const chinese = !ablate.includes('zh-ngrams') && /\p{Script=Han}/u.test(question);
  const grams = chinese ? chineseQuestionGrams(question) : undefined;
  const slot = ablate.includes('slot') ? null : questionSlot(question);
  const howTo = HOW_TO.test(question);
  let semantic: number[] | undefined;
  if (similarity && candidates.length > 0) {
    const texts = candidates.map((c) => c.text);
    semantic = await similarity(forSimilarity(trueCase(question, texts)), texts);
    if (semantic.length !== candidates.length) {
      throw new AppError(
        'similarity_mismatch',
        'similarity returned a different number of scores than sentences',
        {
          details: { expected: candidates.length, got: semantic.length },
        },
      );
    }
  }
  for (const [i, c] of candidates.entries()) {
    // Headings help the lexical score only: with a similarity function they cost a question on
    // the own dev set (eval answering), the topic being in the cosine already.
    const lexical = grams
      ? chineseOverlap(grams, c.text)
      : headedCoverage(questionTerms, c, semantic ? ['heading'] : ablate);
    const sem = semantic?.[i];
    if (sem !== undefined) c.semantic = sem;
    const blend = (lex: number) =>
      sem === undefined ? lex : (1 - SEMANTIC_WEIGHT) * lex + SEMANTIC_WEIGHT * Math.max(0, sem);
    c.score = blend(lexical);
    // In context the heading counts again: "How much is delivery?" under "Shipping costs".
    c.orderScore = grams ? c.score : blend(headedCoverage(questionTerms, c, ablate));
    if (c.orderScore > 0) c.orderScore += RANK_PRIOR / Math.max(1, sourceRankOf(sources, c.sourceNumber));
    // A yes/no question's "slot" is only its polarity, which any sentence may have.
    if (slot && slot !== 'yesno') {
      // Stated in the sentence itself beats stated in the continuation that would join it.
      const own = statesSlot(c.text, slot, question);
      const viaNext = !own && c.next !== undefined && statesSlot(c.next.text, slot, question);
      c.slotHit = own || viaNext;
      if (c.score > 0) c.score += own ? SLOT_BONUS : viaNext ? SLOT_BONUS / 2 : 0;
      if (c.orderScore > 0) c.orderScore += own ? ORDER_SLOT_BONUS : viaNext ? ORDER_SLOT_BONUS / 2 : 0;
    }
    // "How do I reset my password?" asks for the steps: an instruction ("Go to … and choose …")
    // leads over a rule about the same thing ("You cannot reuse your last five passwords"). A
    // factor, not a bonus: an instruction about something else stays below the answer's floor.
    if (howTo && isInstruction(c.text)) c.orderScore *= HOW_TO_FACTOR;
  }
  return candidates;
}

/**
 * The question as the sentence similarity reads it. A customer's "your" is the company's ("What
 * are your support hours?"), and the documents say "the" or nothing: USE-lite's cosine fell with
 * "your" (0.33 → 0.28 against "Support is available… Monday to Friday") and the gate abstained.
 */
function forSimilarity(question: string): string {
  const company = question.replace(/\byour\b/gi, (word) => (word[0] === 'Y' ? 'The' : 'the'));
  // Customers leave the question mark off, and USE-lite reads it: "What are the support hours"
  // scored 0.300 against the answer where "…hours?" scored 0.329, and the gate abstained.
  return ASKS.test(company) && !/[\p{P}\p{S}]\s*$/u.test(company) ? `${company.trimEnd()}?` : company;
}

// A question word or an auxiliary opening the question ("what…", "can I…", "is there…"), not a
// complaint in the negative ("Can't log in", "Did not receive my refund").
const ASKS =
  /^\P{L}*(?:what|what's|whats|how|when|where|who|whom|whose|which|why|can|could|do|does|did|is|are|was|were|will|would|should|shall|may|might|must|have|has|had)\b(?!['’]t|n['’]t|\s+not\b)/iu;

/**
 * The options that hold for a Chinese question. The sentence similarity the product passes
 * (USE-lite), the gate fitted with it, its thresholds and the WordNet antonyms are English: on a
 * Chinese question USE-lite's cosine means little and that gate abstained on answerable questions
 * ("大语言模型是什么？" against "大语言模型是一种…神经网络。"). Chinese is answered on character
 * n-grams with the default lexical gate, as `eval answering` measures it on CMRC 2018.
 */
function forChinese(options: ExtractiveOptions): ExtractiveOptions {
  const {
    similarity: _s,
    answerability,
    abstainBelow: _b,
    minScore: _m,
    antonyms: _w,
    linked: _l,
    idf: _i,
    ...rest
  } = options;
  // Turning the gate off is not English-specific.
  return answerability === 'off' ? { ...rest, answerability } : rest;
}

/** Picks the best-supported, non-redundant sentences, or abstains. Never writes new text. */
export async function extractAnswer(
  request: Pick<GenerationRequest, 'question' | 'sources' | 'cacheScope'>,
  given: ExtractiveOptions = {},
): Promise<ExtractedAnswer> {
  // "😀", "?!": no letter or digit asks for nothing, yet the similarity still ranks sentences and
  // the gate, fed cosines of noise, let a random one through (seen on the demo).
  if (!/[\p{L}\p{N}]/u.test(request.question)) return { sentences: [], abstained: true, bestScore: 0 };
  const options = /\p{Script=Han}/u.test(request.question) ? forChinese(given) : given;
  const abstainBelow = options.abstainBelow ?? DEFAULT_ABSTAIN_BELOW;
  const minScore = options.minScore ?? abstainBelow;
  const maxSentences = Math.max(1, options.maxSentences ?? DEFAULT_MAX_SENTENCES);

  const ablate = options.ablate ?? [];
  const { similarity } = options;
  const { cacheScope } = request;
  const scoped: SentenceSimilarity | undefined =
    similarity && cacheScope !== undefined
      ? (q, sentences) => similarity(q, sentences, cacheScope)
      : similarity;
  const candidates = await scoreCandidates(request.question, request.sources, scoped, ablate);
  // Stable ranking: score, then the order the sources (already ranked by retrieval) came in.
  candidates.sort((a, b) => b.score - a.score || a.order - b.order);
  const best = candidates[0];
  if (!best) return { sentences: [], abstained: true, bestScore: 0 };
  const head = headOf(best, request.question, ablate);
  const joined = head ? undefined : joinsBest(best, request.question, ablate);
  // The sentence the gate reads with the best one: the one it points back to, or its continuation.
  const partner = head ?? joined;
  // The best other sentence, for the gate's agreement signal.
  const runnerUp = candidates.find((c) => c !== best && c !== partner && c.text !== best.text);
  // The default model was fitted on lexical features only: with a similarity function it would
  // overrule the semantic evidence that function brings, so it applies only when asked for.
  const model =
    options.answerability === 'off'
      ? undefined
      : (options.answerability ?? (options.similarity ? undefined : DEFAULT_ANSWERABILITY_MODEL));
  const features = answerabilityFeatures({
    question: request.question,
    sentence: head ? `${head.text} ${best.text}` : joined ? `${best.text} ${joined.text}` : best.text,
    sourcesText: request.sources.map((s) => s.text).join('\n'),
    idf: options.idf ?? sentenceIdf(candidates.map((c) => c.text)),
    ...(best.semantic === undefined ? {} : { semantic: best.semantic }),
    slotMissing: slotMissing(request.question, best, partner),
    runnerUpGap: best.score - (candidates[1]?.score ?? 0),
    sourceRank: 1 / Math.max(1, sourceRankOf(request.sources, best.sourceNumber)),
    ...(options.antonyms ? { antonyms: options.antonyms } : {}),
    ...(options.linked ? { linked: options.linked } : {}),
    ...(runnerUp ? { runnerUp: runnerUp.text } : {}),
    ...(runnerUp?.sourceNumber === best.sourceNumber ? { sameSourceRunnerUp: runnerUp.text } : {}),
  });
  const probability = answerabilityProbability(features, model ?? DEFAULT_ANSWERABILITY_MODEL);
  const pick = () => {
    // A row the question names is the answer the gate let through: it leads, as the gate read it.
    // The rows of other keys that follow it ("Store ID: S-107; …Norwich…" after York's row for "Is
    // the York store open on Sunday?") answer for another thing: they are left out.
    if (namedRow)
      return chooseSentences(
        head ?? best,
        head ? best : joined,
        candidates.filter((c) => c === best || !isTableRow(c.text) || answersByRow(c.text)),
        minScore,
        maxSentences,
      );
    if (!options.contextOrder)
      return chooseSentences(head ?? best, head ? best : joined, candidates, minScore, maxSentences);
    // Same floors, on the context score: the gate has already decided on sentence support.
    const inContext = [...candidates].sort((a, b) => b.orderScore - a.orderScore || a.order - b.order);
    const top = inContext[0]!;
    // An instruction about a thing named just before it ("Open it from the intranet…"), which the
    // how-to factor lifts, leads with the sentence naming it. (Not every "It…" sentence: on SQuAD
    // dev, leading with the sentence before lowered the first sentence holding the gold 86.6 → 82.0%.)
    const dependent = HOW_TO.test(request.question) && POINTS_BACK.test(top.text);
    const topHead = dependent ? top.previous : headOf(top, request.question, ablate);
    const lead = topHead ?? top;
    const follow = topHead ? top : joinsBest(lead, request.question, ablate);
    const chosen = chooseSentences(
      lead,
      follow,
      inContext,
      minScore,
      maxSentences,
      (c) => c.orderScore,
      best,
    );
    return HOW_TO.test(request.question) && isInstruction(lead.text)
      ? stepsInSourceOrder(chosen, lead.sourceNumber)
      : chosen;
  };
  const answerability = { probability, features };
  const chineseModel =
    options.answerability === 'off' || options.chineseGate === 'off'
      ? undefined
      : (options.chineseGate ?? CHINESE_GATE_MODEL);
  // A question in Chinese, not an English one naming a Chinese product ("How much is 云笔记 Pro?"):
  // the gate's character pairs would read English letters (review of the Chinese gate round).
  const zh =
    !ablate.includes('zh-ngrams') && isMostlyChinese(request.question)
      ? chineseGate(request.question, best, joined, candidates, request.sources)
      : undefined;
  const zhProbability = zh ? chineseGateProbability(zh, chineseModel ?? CHINESE_GATE_MODEL) : undefined;
  const zhAbstains =
    chineseModel !== undefined && zhProbability !== undefined && zhProbability < chineseModel.threshold;
  const zhReading =
    zh && zhProbability !== undefined ? { chineseGate: { probability: zhProbability, features: zh } } : {};
  // A table row the question names by its key cell, asking for one of its cells, is the answer:
  // the sentence-level signals (semantic similarity above all) read a row poorly.
  const questionTerms = new Set(lexicalTerms(request.question));
  const sharedTerms = sharedColumnTerms(candidates.map((c) => c.text));
  const answersByRow = (text: string) =>
    rowAnswersQuestion(request.question, text, questionTerms, sharedTerms);
  const namedRow = !ablate.includes('table') && answersByRow(best.text);
  if (
    !namedRow &&
    (best.score <= 0 ||
      best.score < abstainBelow ||
      (model !== undefined && probability < model.threshold) ||
      zhAbstains)
  ) {
    return {
      sentences: [],
      abstained: true,
      bestScore: best.score,
      answerability,
      ...zhReading,
      withheld: pick(),
    };
  }
  return {
    sentences: pick(),
    abstained: false,
    bestScore: best.score,
    answerability,
    ...zhReading,
  };
}

/** The Chinese gate's features of the best sentence (and the continuation that joins it). */
function chineseGate(
  question: string,
  best: Candidate,
  joined: Candidate | undefined,
  candidates: readonly Candidate[],
  sources: readonly NumberedSource[],
): ChineseGateFeatures {
  const own = sources.find((s) => s.number === best.sourceNumber);
  return chineseGateFeatures({
    question,
    answer: joined ? `${best.text}${joined.text}` : best.text,
    sentences: candidates.map((c) => c.text),
    slotMissing: slotMissing(question, best, joined),
    runnerUpGap: best.score - (candidates[1]?.score ?? 0),
    sourceRank: 1 / Math.max(1, sourceRankOf(sources, best.sourceNumber)),
    documentShare:
      sources.filter((s) => s.documentId === own?.documentId).length / Math.max(1, sources.length),
    retrievalMargin: retrievalMargin(sources),
  });
}

function retrievalMargin(sources: readonly NumberedSource[]): number {
  const [first, second] = sources;
  if (!first || !second) return 1;
  // A score that is no finite number (a reranker's ±Infinity) says nothing of the margin; NaN
  // here would make the gate's probability NaN, which no threshold stops.
  if (!Number.isFinite(first.score) || !Number.isFinite(second.score)) return 0;
  return first.score > 0 ? Math.max(0, (first.score - second.score) / first.score) : 0;
}

/**
 * The instructions of one source keep the order the source gives them ("1. Open… 2. Choose… 3.
 * Enter…"), in the places the chosen instructions hold; other sentences stay where they are.
 */
function stepsInSourceOrder(sentences: ExtractedSentence[], source: number): ExtractedSentence[] {
  const isStep = (s: ExtractedSentence) => s.sourceNumber === source && isInstruction(s.text);
  const steps = sentences.filter(isStep).sort((a, b) => a.startInSource - b.startInSource);
  let next = 0;
  return sentences.map((s) => (isStep(s) ? (steps[next++] as ExtractedSentence) : s));
}

/**
 * The answer's sentences: `lead` and the sentence joined to it (its continuation, or the sentence
 * pointing back to it), then the other candidates (best first) above the floors.
 */
function chooseSentences(
  lead: Candidate,
  joined: Candidate | undefined,
  candidates: readonly Candidate[],
  minScore: number,
  maxSentences: number,
  scoreOf: (c: Candidate) => number = (c) => c.score,
  keep?: Candidate,
): ExtractedSentence[] {
  // The joined sentence follows the lead directly, so the answer reads as the source does.
  const chosen: Candidate[] = joined ? [lead, joined] : [lead];
  // The relative floor is the stronger one's: a head that leads a sentence pointing back to it
  // may itself score low (review).
  const floor = Math.max(scoreOf(lead), joined ? scoreOf(joined) : Number.NEGATIVE_INFINITY) * RELATIVE_FLOOR;
  for (const c of candidates.slice(1)) {
    if (chosen.length >= maxSentences) break;
    if (scoreOf(c) < floor) break;
    // The absolute floor is on the sentence's own support, whatever the order it is taken in.
    if (c.score < minScore) continue;
    const redundant = chosen.some(
      (k) => k === c || k.text === c.text || termJaccard(k.terms, c.terms) > REDUNDANT_JACCARD,
    );
    if (!redundant) chosen.push(c);
  }
  // The sentence the gate judged stays in the answer when another leads (`contextOrder`).
  if (keep && !chosen.includes(keep)) {
    if (chosen.length >= maxSentences) chosen.pop();
    chosen.push(keep);
  }
  return chosen.map(publicSentence);
}

/** The answer text the extractive generator streams for these sentences: each cited `[n]`. */
export function answerText(sentences: readonly ExtractedSentence[]): string {
  return sentences.map((s, i) => `${separatorBefore(s.text, i === 0)}${s.text} [${s.sourceNumber}]`).join('');
}

/** Joins sentences the way the answer text shows them: space between, none before CJK. */
function separatorBefore(text: string, isFirst: boolean): string {
  return isFirst || /^\p{Script=Han}/u.test(text) ? '' : ' ';
}

/**
 * The offline default Generator (#2, #4): answers with the sentences of the retrieved sources that
 * best match the question, each followed by its citation `[n]`, or abstains with a fixed message.
 */
export function createExtractiveAnswerer(options: ExtractiveOptions = {}): Generator {
  return {
    id: 'extractive',
    // It reads sources directly and is never budget-limited by a model; this only informs the
    // composer, which callers of the extractive path usually skip.
    contextWindow: 32_768,
    countTokens: estimatePromptTokens,
    async *generate(request: GenerationRequest): AsyncIterable<GenerationEvent> {
      const promptTokens =
        estimatePromptTokens(request.question) +
        request.sources.reduce((n, s) => n + estimatePromptTokens(s.text), 0);
      if (request.signal?.aborted) {
        yield { type: 'end', stopReason: 'abort', usage: { promptTokens, completionTokens: 0 } };
        return;
      }
      const answer = await extractAnswer(request, options);
      if (answer.abstained) {
        const text = abstainMessage(request.question);
        yield { type: 'delta', text };
        yield {
          type: 'end',
          stopReason: 'abstain',
          usage: { promptTokens, completionTokens: estimatePromptTokens(text) },
        };
        return;
      }
      let completionTokens = 0;
      for (const [i, sentence] of answer.sentences.entries()) {
        if (request.signal?.aborted) {
          yield { type: 'end', stopReason: 'abort', usage: { promptTokens, completionTokens } };
          return;
        }
        const text = `${separatorBefore(sentence.text, i === 0)}${sentence.text} [${sentence.sourceNumber}]`;
        const tokens = estimatePromptTokens(text);
        if (request.maxTokens !== undefined && completionTokens + tokens > request.maxTokens) {
          // Only whole sentences are emitted, so a citation always covers exactly what it quotes;
          // a first sentence that does not fit is cut at a word boundary rather than dropped.
          if (i === 0) {
            const cut = truncateToTokens(sentence.text, request.maxTokens);
            if (cut.length > 0) {
              yield { type: 'delta', text: cut };
              completionTokens += estimatePromptTokens(cut);
            }
          }
          yield { type: 'end', stopReason: 'length', usage: { promptTokens, completionTokens } };
          return;
        }
        completionTokens += tokens;
        yield { type: 'delta', text };
      }
      yield { type: 'end', stopReason: 'stop', usage: { promptTokens, completionTokens } };
    },
    async close() {},
  };
}

function truncateToTokens(text: string, maxTokens: number): string {
  let out = '';
  for (const piece of text.split(/(?<=\s)/u)) {
    if (estimatePromptTokens(out + piece) > maxTokens) break;
    out += piece;
  }
  if (out.length === 0) {
    for (const ch of text) {
      if (estimatePromptTokens(out + ch) > maxTokens) break;
      out += ch;
    }
  }
  return out.trimEnd();
}
