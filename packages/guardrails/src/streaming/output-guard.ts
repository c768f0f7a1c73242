import { performance } from 'node:perf_hooks';
import { AppError } from '@grounded/core';
import { findSentenceEnd } from '@grounded/text';
import {
  DEFAULT_ABSTAIN_MESSAGE,
  type GroundednessPolicy,
  type GroundingSource,
  type SentenceVerdict,
  scoreSentence,
} from '../groundedness/check-groundedness';
import type { EntailmentScorer } from '../groundedness/entailment-scorer';
import { createHeuristicEntailmentScorer } from '../groundedness/heuristic-scorer';
import { SENTENCE_CHECKS, type SentenceCheck } from '../registry';
import type { Verdict } from '../types';

export interface StreamingOutputGuardOptions {
  sources: readonly GroundingSource[];
  scorer?: EntailmentScorer;
  /**
   * `remove` and `hedge` withhold a failing sentence and go on (`hedge` adds `hedgeNote` at the
   * end, since a failing sentence is never sent, not even hedged); `abstain` stops at the first
   * failure and ends with `abstainMessage`.
   */
  policy?: GroundednessPolicy;
  threshold?: number;
  /** The checks each sentence passes after groundedness (default: the registry's SENTENCE_CHECKS). */
  sentenceChecks?: readonly SentenceCheck[];
  hedgeNote?: string;
  abstainMessage?: string;
}

export interface StreamedSentenceRecord {
  sentence: string;
  released: boolean;
  groundedness: SentenceVerdict;
  /** The verdicts of the sentence checks, in registry order. */
  checks: Verdict[];
  /** Time spent checking this sentence: the latency the guard adds before it can be sent. */
  checkMs: number;
}

export interface StreamingGuardStats {
  sentences: number;
  released: number;
  withheld: number;
  meanCheckMs: number;
  p50CheckMs: number;
  p95CheckMs: number;
  maxCheckMs: number;
}

export interface StreamingOutputGuard {
  /** Adds generated text; returns the sentences it completed that passed the checks. */
  push(delta: string): Promise<string[]>;
  /** Ends the stream: checks the held-back remainder and returns what may still be sent. */
  flush(): Promise<string[]>;
  verdicts(): readonly StreamedSentenceRecord[];
  stats(): StreamingGuardStats;
}

export const DEFAULT_HEDGE_NOTE = '(Some statements were left out because the sources do not support them.)';

/**
 * Output guard for streaming answers. It holds back only the sentence still being written; once a
 * sentence is complete it is checked (groundedness against the sources, then the sentence checks) and released
 * or dropped. A failing sentence is never released.
 */
export function createStreamingOutputGuard(options: StreamingOutputGuardOptions): StreamingOutputGuard {
  const scorer = options.scorer ?? createHeuristicEntailmentScorer();
  const threshold = options.threshold ?? 0.5;
  const policy = options.policy ?? 'remove';
  const sentenceChecks = options.sentenceChecks ?? SENTENCE_CHECKS;
  const records: StreamedSentenceRecord[] = [];
  let buffer = '';
  let index = 0;
  let offset = 0;
  let stopped = false;
  let flushed = false;

  async function check(raw: string): Promise<string | undefined> {
    const sentence = raw.trim();
    if (!sentence) return undefined;
    const t0 = performance.now();
    const g = await scoreSentence(sentence, options.sources, scorer, threshold);
    const groundedness: SentenceVerdict = { ...g, index: index++, start: offset, end: offset + raw.length };
    const checks = sentenceChecks.map((entry) => entry.run(sentence));
    const checkMs = performance.now() - t0;
    const released = groundedness.supported && checks.every((verdict) => verdict.action === 'allow');
    records.push({ sentence, released, groundedness, checks, checkMs });
    if (!released && policy === 'abstain') stopped = true;
    // Keep the whitespace that led into the sentence so released pieces join as written.
    return released ? raw.replace(/\s+$/, '') : undefined;
  }

  async function drain(final: boolean): Promise<string[]> {
    const out: string[] = [];
    for (;;) {
      if (stopped) {
        buffer = '';
        break;
      }
      let end = findSentenceEnd(buffer, 0, final);
      if (end < 0) {
        if (!final) break;
        end = buffer.length;
      }
      if (end === 0) break;
      const raw = buffer.slice(0, end);
      buffer = buffer.slice(end);
      const released = await check(raw);
      offset += raw.length;
      if (released !== undefined) out.push(released);
      if (buffer.length === 0) break;
    }
    return out;
  }

  return {
    async push(delta) {
      if (flushed) throw new AppError('guard_flushed', 'push after flush: the streaming guard has ended');
      if (stopped) return [];
      buffer += delta;
      return drain(false);
    },
    async flush() {
      if (flushed) return [];
      flushed = true;
      const out = await drain(true);
      const withheld = records.some((r) => !r.released);
      if (policy === 'abstain' && withheld) out.push(options.abstainMessage ?? DEFAULT_ABSTAIN_MESSAGE);
      else if (policy === 'hedge' && withheld) out.push(options.hedgeNote ?? DEFAULT_HEDGE_NOTE);
      return out;
    },
    verdicts: () => records,
    stats() {
      const ms = records.map((r) => r.checkMs).sort((a, b) => a - b);
      const q = (p: number) =>
        ms.length === 0 ? 0 : ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!;
      return {
        sentences: records.length,
        released: records.filter((r) => r.released).length,
        withheld: records.filter((r) => !r.released).length,
        meanCheckMs: ms.length === 0 ? 0 : ms.reduce((a, b) => a + b, 0) / ms.length,
        p50CheckMs: q(0.5),
        p95CheckMs: q(0.95),
        maxCheckMs: ms.at(-1) ?? 0,
      };
    },
  };
}
