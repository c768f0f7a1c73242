import { checkBias } from './bias/check-bias';
import { checkInjection } from './injection/check-injection';
import { detectPii } from './pii/detect-pii';
import { checkToxicity } from './toxicity/check-toxicity';
import type { SafetyClassifier, SafetyThresholds } from './toxicity/safety-classifier';
import type { Verdict } from './types';

/**
 * Every guardrail check, registered once with the stage that runs it. Adding a check is its
 * module plus one line here: the input stage (GuardrailService.checkInput) runs INPUT_CHECKS on
 * every question, and the streaming output guard runs SENTENCE_CHECKS on every answer sentence
 * after groundedness (which needs the sources, so the guard runs it itself).
 */
export interface InputCheckContext {
  safety: SafetyClassifier;
  thresholds?: SafetyThresholds;
  /** The tenant, so an embedding classifier shares the message's vector with retrieval. */
  cacheScope?: string;
}

export interface InputCheck {
  check: Verdict['check'];
  run(text: string, context: InputCheckContext): Verdict | Promise<Verdict>;
}

export interface SentenceCheck {
  check: Verdict['check'];
  run(sentence: string): Verdict;
}

export const INPUT_CHECKS: readonly InputCheck[] = [
  { check: 'injection', run: (text) => checkInjection(text) },
  {
    check: 'toxicity',
    run: (text, context) =>
      checkToxicity(
        text,
        context.safety,
        context.thresholds,
        context.cacheScope === undefined ? undefined : { cacheScope: context.cacheScope },
      ),
  },
  // Redacts as it finds, so the input stage can hand the masked question on.
  { check: 'pii', run: (text) => detectPii(text, { redact: true }) },
];

export const SENTENCE_CHECKS: readonly SentenceCheck[] = [
  { check: 'bias', run: (sentence) => checkBias(sentence) },
];
