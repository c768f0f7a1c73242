import {
  createStreamingOutputGuard,
  detectPii,
  type EntailmentScorer,
  type GroundednessPolicy,
  INPUT_CHECKS,
  PII_PLACEHOLDERS,
  type PiiKind,
  type SafetyClassifier,
  type SafetyThresholds,
  type StreamingOutputGuard,
  scanDocumentChunk,
  type Verdict,
  type VerdictSpan,
} from '@grounded/guardrails';
import type { Queryable } from '@grounded/storage';
import { z } from 'zod';
import { type AuditContext, type AuditEntry, AuditRepo } from './repositories/audit-repo';
import { CollectionsRepo } from './repositories/collections-repo';

/**
 * Per-collection guardrail policy, stored in `collections.settings.guardrails`. Defaults are the
 * safe choice for a customer-facing widget.
 */
export const guardrailPolicySchema = z.strictObject({
  /** Redact PII in the stored text at ingestion, only in answers, or not at all. */
  pii: z.enum(['redact-ingest', 'redact-answers', 'off']).default('redact-answers'),
  /** What to do with an answer sentence the sources do not support. */
  groundedness: z.enum(['remove', 'hedge', 'abstain']).default('remove'),
  /** A chunk flagged at ingestion for instructions aimed at the model: quote it as data, or leave it out. */
  documentInjection: z.enum(['quote', 'exclude']).default('quote'),
  /** Refuse questions that try to override the instructions. */
  blockInjection: z.boolean().default(true),
  toxicityThresholds: z
    .partialRecord(z.enum(['toxicity', 'insult', 'threat', 'hate']), z.number().min(0).max(1))
    .optional(),
});
export type GuardrailPolicy = z.infer<typeof guardrailPolicySchema>;

export function policyFromSettings(settings: Record<string, unknown>): GuardrailPolicy {
  const parsed = guardrailPolicySchema.safeParse(settings.guardrails ?? {});
  return parsed.success ? parsed.data : guardrailPolicySchema.parse({});
}

export interface InputCheck {
  verdicts: Verdict[];
  /** The first blocking verdict, if the question must be refused. */
  blocked: Verdict | null;
  /** The question with PII redacted: what is retrieved with, stored and logged. */
  text: string;
}

/**
 * Same-length redaction: offsets elsewhere in the text stay valid, so chunk spans and citations
 * computed on the redacted text are exact. The label is kept when it fits in the span.
 */
export function redactSameLength(text: string, spans: readonly VerdictSpan[]): string {
  let out = text;
  for (const span of [...spans].sort((a, b) => b.start - a.start)) {
    const length = span.end - span.start;
    const label = PII_PLACEHOLDERS[span.label as PiiKind] ?? '[REDACTED]';
    const mask = label.length <= length ? label + '*'.repeat(length - label.length) : '*'.repeat(length);
    out = out.slice(0, span.start) + mask + out.slice(span.end);
  }
  return out;
}

export class GuardrailService {
  private readonly audit: AuditRepo;

  constructor(
    private readonly deps: {
      db: Queryable;
      safety: SafetyClassifier;
      scorer?: EntailmentScorer;
      /** Called for every verdict, e.g. to count them in metrics. */
      onVerdict?: (verdict: Verdict) => void;
    },
  ) {
    this.audit = new AuditRepo(deps.db);
  }

  async policyFor(tenantId: string, collectionId: string): Promise<GuardrailPolicy> {
    const collection = await new CollectionsRepo(this.deps.db).get(tenantId, collectionId);
    return policyFromSettings(collection.settings);
  }

  /**
   * Runs the registry's input checks in order. A `block` refuses the question, except an
   * injection when the policy only records it; a `redact` hands the masked text on.
   */
  async checkInput(text: string, policy: GuardrailPolicy): Promise<InputCheck> {
    const context = {
      safety: this.deps.safety,
      thresholds: policy.toxicityThresholds as Partial<SafetyThresholds>,
    };
    const verdicts: Verdict[] = [];
    for (const entry of INPUT_CHECKS) verdicts.push(await entry.run(text, context));
    for (const verdict of verdicts) this.deps.onVerdict?.(verdict);
    const blocks = (verdict: Verdict) =>
      verdict.action === 'block' && (verdict.check !== 'injection' || policy.blockInjection);
    const redacted = verdicts.find((verdict) => verdict.action === 'redact');
    return { verdicts, blocked: verdicts.find(blocks) ?? null, text: redacted?.text ?? text };
  }

  /** Holds back one sentence at a time and releases only those the sources support. */
  outputGuard(sources: { number: number; text: string }[], policy: GuardrailPolicy): StreamingOutputGuard {
    return createStreamingOutputGuard({
      sources,
      ...(this.deps.scorer ? { scorer: this.deps.scorer } : {}),
      policy: policy.groundedness as GroundednessPolicy,
    });
  }

  /**
   * Answers and quotes never carry a PII value the policy redacts. Same-length masks keep every
   * offset valid, so sources can be redacted before generation and citations still line up.
   */
  redactOutput(text: string, policy: GuardrailPolicy): { text: string; verdict: Verdict | null } {
    if (policy.pii === 'off') return { text, verdict: null };
    const verdict = detectPii(text);
    if (verdict.action !== 'redact') return { text, verdict: null };
    this.deps.onVerdict?.(verdict);
    return { text: redactSameLength(text, verdict.spans), verdict };
  }

  /** Ingestion-time checks of one chunk: instructions aimed at the model. */
  /** Counts a verdict made elsewhere (the ingestion worker thread's scan) as scanChunk would. */
  observe(verdict: Verdict): void {
    this.deps.onVerdict?.(verdict);
  }

  scanChunk(text: string): Verdict {
    const verdict = scanDocumentChunk(text);
    this.deps.onVerdict?.(verdict);
    return verdict;
  }

  async record(verdicts: readonly Verdict[], context: AuditContext): Promise<void> {
    await this.audit.record(verdicts, context);
  }

  /** The audit trail of a tenant: every verdict with its check version, reason and spans. */
  auditTrail(
    tenantId: string,
    query: { requestId?: string | undefined; limit: number; before?: number | undefined },
  ): Promise<AuditEntry[]> {
    return this.audit.list(tenantId, query);
  }
}
