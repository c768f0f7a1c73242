import {
  GROUNDEDNESS_VERSION,
  type StreamedSentenceRecord,
  type StreamingOutputGuard,
  type Verdict,
} from '@grounded/guardrails';
import { type NumberedSource, parseCitations } from '@grounded/llm';
import { isMostlyChinese } from '@grounded/text';
import type { ChatEvent, ChatTiming } from './chat-service';
import { resolveCitations } from './citations';

const UNSUPPORTED_ANSWER = 'The documents do not contain an answer that I can support with a source.';
const UNSUPPORTED_ANSWER_ZH = '文档中没有找到有来源依据的答案。';

/**
 * What the turn says when the output checks withheld every sentence, in the question's language:
 * a Chinese question got the English sentence (seen in the Chinese product probe). The language is
 * read as the answerer's own abstention reads it (abstainMessage): the dominant script of the same
 * (rewritten) question, so "What does 专业版 cost?" gets English from both.
 */
export function unsupportedAnswer(question: string): string {
  return isMostlyChinese(question) ? UNSUPPORTED_ANSWER_ZH : UNSUPPORTED_ANSWER;
}

type Moment = 'rewritten' | 'retrieved' | 'composed' | 'finished';

/**
 * The moments of one turn, for its `timing`. Time in the guardrails is counted apart, and taken
 * out of the stage it was spent in: the input checks run before retrieval, so subtracting all of
 * it from generation made an extractive answer's generationMs negative (issue #17).
 */
export class TurnClock {
  private readonly started = performance.now();
  private readonly marks = new Map<Moment, { at: number; guardrailsMs: number }>();
  private guardrailsMs = 0;
  private firstDeltaAt: number | null = null;

  mark(moment: Moment): void {
    this.marks.set(moment, { at: performance.now(), guardrailsMs: this.guardrailsMs });
  }

  firstDelta(): void {
    this.firstDeltaAt ??= performance.now();
  }

  /** Runs a guardrail step and adds its time to the guardrails' share. */
  async guarding<T>(step: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await step();
    } finally {
      this.guardrailsMs += performance.now() - t0;
    }
  }

  timing(): ChatTiming {
    const now = { at: performance.now(), guardrailsMs: this.guardrailsMs };
    const at = (moment: Moment | 'started') =>
      moment === 'started' ? { at: this.started, guardrailsMs: 0 } : (this.marks.get(moment) ?? now);
    // A stage's own time: its wall-clock span less the guardrail time spent inside it.
    const stage = (from: Moment | 'started', to: Moment) =>
      Math.max(0, round(at(to).at - at(from).at - (at(to).guardrailsMs - at(from).guardrailsMs)));
    return {
      rewriteMs: stage('started', 'rewritten'),
      retrievalMs: stage('rewritten', 'retrieved'),
      compositionMs: stage('retrieved', 'composed'),
      generationMs: stage('composed', 'finished'),
      guardrailsMs: round(this.guardrailsMs),
      firstDeltaMs: this.firstDeltaAt === null ? null : round(this.firstDeltaAt - this.started),
      totalMs: round(at('finished').at - this.started),
    };
  }
}

/**
 * The answer as it streams: citations of sources that were not provided are dropped, each sentence
 * waits for the output checks, released text goes out as `answer-delta` followed by the citations
 * it completed, and a withheld sentence is reported as a `guardrail-verdict` (never its text).
 */
export class AnswerStream {
  private readonly filter: CitationStreamFilter;
  private shown = '';
  private reported = 0;
  private readonly emitted = new Set<string>();

  constructor(
    private readonly sources: readonly NumberedSource[],
    private readonly output: StreamingOutputGuard | null,
    private readonly turn: TurnClock,
    /** PII redaction as the collection's policy says; identity without guardrails. */
    private readonly redact: (text: string) => string,
    /** Sent when the output checks withheld every sentence (see `unsupportedAnswer`). */
    private readonly unsupported: string = UNSUPPORTED_ANSWER,
  ) {
    this.filter = new CitationStreamFilter(new Set(sources.map((source) => source.number)));
  }

  async *push(delta: string): AsyncGenerator<ChatEvent> {
    const text = this.filter.push(delta);
    if (text.length === 0) return;
    yield* this.release(await this.check(text));
    yield* this.reportWithheld();
  }

  /** The end of the generation: what is still held back; returns the turn's stop reason. */
  async *finish(stopReason: string): AsyncGenerator<ChatEvent, string> {
    yield* this.release(await this.check(this.filter.flush()));
    const output = this.output;
    if (!output) return stopReason;
    const rest = await this.turn.guarding(() => output.flush());
    if (stopReason === 'abstain') {
      // The answerer's own "the documents do not contain it" cites nothing, so the grounding
      // check withholds it; it is the honest answer, and it is sent as it was written.
      yield* this.release(this.filter.answer.trim());
      return stopReason;
    }
    // Released sentences keep their own leading space; the guard's closing note has none.
    const joined = rest.join('');
    const needsSpace = this.shown.length > 0 && !/\s$/.test(this.shown) && /^\S/.test(joined);
    yield* this.release(needsSpace ? ` ${joined}` : joined);
    yield* this.reportWithheld();
    if (this.shown.trim().length > 0) return stopReason;
    yield* this.release(this.unsupported);
    return 'abstain';
  }

  /** The answer as sent (with output checks) or as generated, without invalid citations. */
  get answer(): string {
    return this.output ? this.shown : this.filter.answer;
  }

  get invalidCitations(): number[] {
    return this.filter.invalid;
  }

  private async check(text: string): Promise<string> {
    const output = this.output;
    if (!output) return text;
    return (await this.turn.guarding(() => output.push(text))).join('');
  }

  private *release(text: string): Iterable<ChatEvent> {
    if (text.length === 0) return;
    const piece = this.redact(text);
    this.turn.firstDelta();
    this.shown += piece;
    yield { type: 'answer-delta', text: piece };
    for (const citation of resolveCitations(this.shown, this.sources).citations) {
      const key = `${citation.number}:${citation.start}:${citation.end}`;
      if (this.emitted.has(key)) continue;
      this.emitted.add(key);
      yield { type: 'citation-added', citation };
    }
  }

  private *reportWithheld(): Iterable<ChatEvent> {
    const records = this.output?.verdicts() ?? [];
    for (; this.reported < records.length; this.reported++) {
      const record = records[this.reported]!;
      if (record.released) continue;
      // The verdict names the sentence by position and reason; its text is never sent.
      yield {
        type: 'guardrail-verdict',
        check: withheldCheck(record),
        stage: 'output',
        verdict: publicVerdict(withheldVerdict(record)),
      };
    }
  }
}

/**
 * Removes citations to sources that were not provided WHILE the answer streams. A marker may be
 * split across deltas ("[1" + "2]"), and removing one also trims the space before it, so the
 * trailing whitespace and any unfinished "[digits" are held back until the next delta decides.
 */
export class CitationStreamFilter {
  private raw = '';
  private sent = '';

  constructor(private readonly valid: ReadonlySet<number>) {}

  /** Adds a delta; returns the text that is safe to show now (possibly empty). */
  push(delta: string): string {
    this.raw += delta;
    const held = /\s*(?:\[[\d\s,]{0,24})?$/u.exec(this.raw)?.[0] ?? '';
    return this.advance(parseCitations(this.raw.slice(0, this.raw.length - held.length), this.valid).cleaned);
  }

  /** At the end of the answer: the rest of the text. */
  flush(): string {
    return this.advance(this.answer);
  }

  /** The full answer with invalid citations removed. */
  get answer(): string {
    return parseCitations(this.raw, this.valid).cleaned;
  }

  /** Every cited number that was not a provided source, once each, in order. */
  get invalid(): number[] {
    return [...new Set(parseCitations(this.raw, this.valid).invalid.map((c) => c.number))];
  }

  /** The text shown so far. */
  get shown(): string {
    return this.sent;
  }

  private advance(cleaned: string): string {
    // Removing a marker never rewrites text before it (see the hold-back above); if it ever did,
    // nothing more streams and the final answer in answer-end is the reference.
    if (!cleaned.startsWith(this.sent)) return '';
    const out = cleaned.slice(this.sent.length);
    this.sent = cleaned;
    return out;
  }
}

/** The verdict that withheld a sentence: bias when bias blocked it, else groundedness. */
export function withheldVerdict(record: StreamedSentenceRecord): Verdict {
  return record.checks.find((verdict) => verdict.action !== 'allow') ?? groundednessVerdict(record);
}

export function outputVerdicts(record: StreamedSentenceRecord): Verdict[] {
  return [groundednessVerdict(record), ...record.checks];
}

export function withheldCheck(record: StreamedSentenceRecord): Verdict['check'] {
  return withheldVerdict(record).check;
}

function groundednessVerdict(record: StreamedSentenceRecord): Verdict {
  const g = record.groundedness;
  return {
    check: 'groundedness',
    version: GROUNDEDNESS_VERSION,
    action: g.supported ? 'allow' : 'revise',
    score: g.score,
    reason: g.reason,
    spans: [{ start: g.start, end: g.end, label: g.supported ? 'supported' : 'unsupported' }],
    text: record.sentence,
  };
}

/** Verdicts as clients see them: no internal fields, the checked text only where it is the answer's. */
export function publicVerdict(verdict: Verdict): Omit<Verdict, 'text'> {
  const { text: _text, ...rest } = verdict;
  return rest;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
