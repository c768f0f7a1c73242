import { splitSentences } from '@grounded/text';
import { contentTokens } from '../text/tokens';
import type { Verdict, VerdictSpan } from '../types';
import type { EntailmentPair, EntailmentScorer } from './entailment-scorer';
import { createHeuristicEntailmentScorer } from './heuristic-scorer';

// 1.1: a sentence quoted word for word from a source is grounded without the scorer.
export const GROUNDEDNESS_VERSION = 'groundedness@1.1.0';

export type GroundednessPolicy = 'remove' | 'hedge' | 'abstain';

export interface GroundingSource {
  /** The number the answer cites as [n]. */
  number: number;
  text: string;
}

export interface GroundednessOptions {
  scorer?: EntailmentScorer;
  /** Support at or above which a sentence counts as supported (default 0.5). */
  threshold?: number;
  policy?: GroundednessPolicy;
  /** Prefix for hedged sentences. */
  hedgePrefix?: string;
  /** The answer given instead when the policy is `abstain` and a sentence is unsupported. */
  abstainMessage?: string;
}

export interface SentenceVerdict {
  index: number;
  text: string;
  start: number;
  end: number;
  supported: boolean;
  /** Best support probability over the sources. */
  score: number;
  /** The source number that supports it best (undefined when there are no sources). */
  source?: number;
  /** Citations [n] written in the sentence. */
  cited: number[];
  /** True when the sentence cites sources that do not support it but another source does. */
  miscited: boolean;
  reason: string;
}

export interface GroundednessResult {
  verdict: Verdict;
  sentences: SentenceVerdict[];
}

export const DEFAULT_HEDGE_PREFIX = 'The sources do not confirm this, but possibly: ';
export const DEFAULT_ABSTAIN_MESSAGE =
  'I could not find enough support in the provided sources to answer this reliably.';

/** Whitespace as one space and no closing punctuation: a quote keeps its words, not the layout. */
const collapse = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?;:。！？；：]+$/u, '');

// A quote of up to this many consecutive sentences of a source.
const MAX_QUOTED_SENTENCES = 3;

/**
 * The next line carries on a sentence the previous one left open. A line whose first word is all
 * lower case always does ("…all items:\nexcept opened software.", "…etc.\nonly if unworn"); one
 * that opens with a mixed-case word ("iOS users…") or "(" and a lower-case letter does unless the
 * line above ends a sentence (. ! ?); in Chinese, which has no case, a Han character after a Han
 * character does ("…已拆封的软件不\n支持退款。"). A heading line followed by a capitalised sentence is
 * no wrap; a Chinese heading is taken as one, so the sentence under it goes to the scorer.
 */
function wrapsOnto(previous: string, next: string): boolean {
  if (/^\p{Ll}[\p{Ll}\p{N}'’-]*(?![\p{L}\p{N}])/u.test(next)) return true;
  if (/^(?:\p{Ll}|\((?=\p{Ll}))/u.test(next)) return !/[.!?。！？]["'”’)\]）]*$/u.test(previous);
  return /\p{Script=Han}$/u.test(previous) && /^\p{Script=Han}/u.test(next);
}

/**
 * The claim is one whole sentence of the source, or a run of consecutive whole sentences. A part of
 * a sentence is no quote: "refunds are given for opened software" stands inside "No refunds are
 * given for opened software", and "The annual cap is $1" inside "…is $1.5 million".
 */
function quotesWhole(claim: string, source: string): boolean {
  const wanted = collapse(claim);
  if (!collapse(source).includes(wanted)) return false;
  // Per line first: a heading line ("Refunds and cancellation") is not part of the sentence below it.
  const pieces: { text: string; continues: boolean }[] = [];
  for (const line of source.split(/\n+/)) {
    splitSentences(line, { mode: 'stream' }).forEach((s, n) => {
      const text = s.text.trim();
      if (!text) return;
      const prev = pieces.at(-1)?.text;
      pieces.push({ text, continues: n === 0 && prev !== undefined && wrapsOnto(prev, text) });
    });
  }
  for (let i = 0; i < pieces.length; i++) {
    // A quote starts and ends at sentence bounds, not at a line break inside a sentence.
    if (pieces[i]?.continues) continue;
    let run = '';
    for (let k = i; k < Math.min(pieces.length, i + MAX_QUOTED_SENTENCES); k++) {
      const next = (pieces[k] as { text: string }).text;
      run = run && !/^\p{Script=Han}/u.test(next) ? `${run} ${next}` : run + next;
      const quoted = collapse(run);
      if (quoted === wanted && !pieces[k + 1]?.continues) return true;
      if (quoted.length >= wanted.length) break;
    }
  }
  return false;
}

/** Sentences with no content words ("Here is what I found:") make no claim to check. */
function makesClaim(sentence: string): boolean {
  return contentTokens(sentence).tokens.length >= 2;
}

/** Scores one sentence against every source and picks the best, preferring cited sources. */
export async function scoreSentence(
  sentence: string,
  sources: readonly GroundingSource[],
  scorer: EntailmentScorer,
  threshold: number,
): Promise<Omit<SentenceVerdict, 'index' | 'start' | 'end'>> {
  const cited = [...sentence.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  const hypothesis = sentence.replace(/\s*\[\d+\]/g, '').trim();
  if (!makesClaim(hypothesis)) {
    return { text: sentence, supported: true, score: 1, cited, miscited: false, reason: 'no factual claim' };
  }
  if (sources.length === 0) {
    return {
      text: sentence,
      supported: false,
      score: 0,
      cited,
      miscited: false,
      reason: 'no sources to support it',
    };
  }
  // A sentence that stands word for word in a source is grounded there, whatever a scorer makes of
  // it: the extractive answerer only quotes, and a scorer's window or negation heuristics once
  // removed such a quote from an answer. A cited source that holds it is preferred.
  const quotedIn = sources
    .filter((s) => quotesWhole(hypothesis, s.text))
    .sort((a, b) => Number(cited.includes(b.number)) - Number(cited.includes(a.number)))[0];
  if (quotedIn) {
    const miscited = cited.length > 0 && !cited.includes(quotedIn.number);
    return {
      text: sentence,
      supported: true,
      score: 1,
      source: quotedIn.number,
      cited,
      miscited,
      reason: miscited
        ? `quoted from [${quotedIn.number}], not from the cited [${cited.join('], [')}]`
        : `quoted from [${quotedIn.number}]`,
    };
  }
  const pairs: EntailmentPair[] = sources.map((s) => ({ premise: s.text, hypothesis }));
  const scores = await scorer.score(pairs);
  let best = 0;
  for (let i = 1; i < scores.length; i++) if ((scores[i] ?? 0) > (scores[best] ?? 0)) best = i;
  const citedIdx = sources.map((s, i) => (cited.includes(s.number) ? i : -1)).filter((i) => i >= 0);
  const bestCited = citedIdx.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0))[0];
  // A cited source that supports the sentence wins even when another scores slightly higher.
  const pick = bestCited !== undefined && (scores[bestCited] ?? 0) >= threshold ? bestCited : best;
  const score = scores[pick] ?? 0;
  const supported = score >= threshold;
  const miscited = supported && cited.length > 0 && !cited.includes(sources[pick]!.number);
  const source = sources[pick]!.number;
  let reason: string;
  if (supported)
    reason = miscited
      ? `supported by [${source}], not by the cited [${cited.join('], [')}]`
      : `supported by [${source}]`;
  else {
    const detail = scorer.explain ? await scorer.explain(pairs[pick]!) : '';
    reason = `not supported by any source (best [${source}] ${score.toFixed(2)}${detail ? `; ${detail}` : ''})`;
  }
  return { text: sentence, supported, score, source, cited, miscited, reason };
}

/**
 * Checks each sentence of an answer against the sources. Policy `remove` drops unsupported
 * sentences, `hedge` prefixes them, `abstain` replaces the whole answer. The verdict's spans mark
 * the unsupported sentences, so the response can say which were removed and why.
 */
export async function checkGroundedness(
  answer: string,
  sources: readonly GroundingSource[],
  options: GroundednessOptions = {},
): Promise<GroundednessResult> {
  const scorer = options.scorer ?? createHeuristicEntailmentScorer();
  const threshold = options.threshold ?? 0.5;
  const policy = options.policy ?? 'remove';
  const sentences: SentenceVerdict[] = [];
  for (const [index, s] of splitSentences(answer, { mode: 'stream' }).entries()) {
    const v = await scoreSentence(s.text, sources, scorer, threshold);
    sentences.push({ ...v, index, start: s.start, end: s.end });
  }
  const failing = sentences.filter((s) => !s.supported);
  const spans: VerdictSpan[] = failing.map((s) => ({ start: s.start, end: s.end, label: 'unsupported' }));
  const claims = sentences.filter((s) => s.reason !== 'no factual claim');
  const score = claims.length === 0 ? 1 : Math.min(...claims.map((s) => s.score));
  const base = {
    check: 'groundedness' as const,
    version: `${GROUNDEDNESS_VERSION}+${scorer.id}`,
    score,
    spans,
  };
  if (failing.length === 0) {
    return {
      sentences,
      verdict: { ...base, action: 'allow', reason: `all ${claims.length} claim(s) supported` },
    };
  }
  const which = failing.map((s) => `#${s.index + 1}: ${s.reason}`).join(' | ');
  if (policy === 'abstain') {
    return {
      sentences,
      verdict: {
        ...base,
        action: 'block',
        reason: `abstained: ${failing.length} unsupported sentence(s) (${which})`,
        text: options.abstainMessage ?? DEFAULT_ABSTAIN_MESSAGE,
      },
    };
  }
  const hedge = options.hedgePrefix ?? DEFAULT_HEDGE_PREFIX;
  const kept = sentences
    .filter((s) => s.supported || policy === 'hedge')
    .map((s) => (s.supported ? s.text : hedge + s.text.charAt(0).toLowerCase() + s.text.slice(1)));
  const revised = kept.length > 0 ? kept.join(' ') : (options.abstainMessage ?? DEFAULT_ABSTAIN_MESSAGE);
  return {
    sentences,
    verdict: {
      ...base,
      action: 'revise',
      reason: `${policy === 'hedge' ? 'hedged' : 'removed'} ${failing.length} unsupported sentence(s) (${which})`,
      text: revised,
    },
  };
}
