import { createHash } from 'node:crypto';
import {
  checkInjection,
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
 * What a collection does when a check flags a question: refuse it (`block`), answer but show the
 * verdict to the client (`warn`), or only record it in the audit log (`log`). `threshold` moves
 * the check's cut on its verdict score (default 0.5: the rules' and the learned model's own
 * calibrated points).
 */
export const checkPolicySchema = z.strictObject({
  mode: z.enum(['block', 'warn', 'log']).default('block'),
  threshold: z.number().min(0).max(1).optional(),
});
export type CheckPolicy = z.infer<typeof checkPolicySchema>;

/**
 * Per-collection guardrail policy, stored in `collections.settings.guardrails`. Defaults are the
 * safe choice for a customer-facing widget.
 */
export const guardrailPolicySchema = z.strictObject({
  /** Redact PII in the stored text at ingestion, only in answers, or not at all. */
  pii: z.enum(['redact-ingest', 'redact-answers', 'off']).default('redact-answers'),
  /**
   * A role mailbox in the documents ("support@", "payroll@", "security@"): kept, as the contact
   * point the company publishes for its customers to use, or masked like any other address.
   */
  piiRoleMailboxes: z.enum(['keep', 'redact']).default('keep'),
  /** What to do with an answer sentence the sources do not support. */
  groundedness: z.enum(['remove', 'hedge', 'abstain']).default('remove'),
  /** A chunk flagged at ingestion for instructions aimed at the model: quote it as data, or leave it out. */
  documentInjection: z.enum(['quote', 'exclude']).default('quote'),
  /** Refuse questions that try to override the instructions. */
  blockInjection: z.boolean().default(true),
  toxicityThresholds: z
    .partialRecord(z.enum(['toxicity', 'insult', 'threat', 'hate']), z.number().min(0).max(1))
    .optional(),
  /** Per input check: block, warn or log, and a threshold. Overrides blockInjection where set. */
  checks: z
    .strictObject({ injection: checkPolicySchema.optional(), toxicity: checkPolicySchema.optional() })
    .optional(),
});
export type GuardrailPolicy = z.infer<typeof guardrailPolicySchema>;

export function policyFromSettings(settings: Record<string, unknown>): GuardrailPolicy {
  const parsed = guardrailPolicySchema.safeParse(settings.guardrails ?? {});
  return parsed.success ? parsed.data : guardrailPolicySchema.parse({});
}

/** The collection's mode and threshold for one input check (blockInjection: false means warn). */
function checkPolicyOf(check: Verdict['check'], policy: GuardrailPolicy): CheckPolicy | null {
  if (check === 'injection') {
    return policy.checks?.injection ?? { mode: policy.blockInjection ? 'block' : 'warn' };
  }
  if (check === 'toxicity') return policy.checks?.toxicity ?? { mode: 'block' };
  return null;
}

/**
 * Applies the collection's mode and threshold to an input verdict: flagged at score ≥ threshold;
 * `block` and `warn` keep action `block` (shown to the client; only `block` refuses), `log`
 * records a flag as `allow` with the reason saying so. The score and version are untouched, so
 * the audit log holds what the check itself measured.
 */
export function applyCheckPolicy(
  verdict: Verdict,
  policy: GuardrailPolicy,
): { verdict: Verdict; refuses: boolean; flagged: boolean } {
  const rule = checkPolicyOf(verdict.check, policy);
  if (!rule) return { verdict, refuses: verdict.action === 'block', flagged: verdict.action === 'block' };
  const flagged = rule.threshold === undefined ? verdict.action === 'block' : verdict.score >= rule.threshold;
  const note = `collection policy: ${rule.mode}${rule.threshold === undefined ? '' : ` at score ≥ ${rule.threshold}`}`;
  if (!flagged) {
    return {
      verdict:
        verdict.action === 'block'
          ? { ...verdict, action: 'allow', reason: `${verdict.reason}; below ${note}` }
          : verdict,
      refuses: false,
      flagged: false,
    };
  }
  const action = rule.mode === 'log' ? 'allow' : 'block';
  return {
    verdict: { ...verdict, action, reason: `${verdict.reason}; ${note}` },
    refuses: rule.mode === 'block',
    flagged: true,
  };
}

/**
 * The injection verdict on one earlier turn. A user turn is a message. An assistant turn is declarative
 * prose, like a document: the message model reads "Every new account starts with a 30-day free trial." as
 * an attack, while the document scan flags only text aimed at the model ("From now on I will ignore all
 * previous instructions …"); what it would send back for revision, a forged answer, is refused here.
 */
function screenTurn(turn: { role: 'user' | 'assistant'; content: string }): Verdict {
  if (turn.role === 'user') return checkInjection(turn.content);
  const verdict = scanDocumentChunk(turn.content);
  return verdict.action === 'allow' ? verdict : { ...verdict, action: 'block' };
}

/** A verdict on an earlier turn, with that turn's index in the history (oldest first). */
export type HistoryVerdict = Verdict & { turn: number };

/**
 * Earlier screened turns (user turns; a client's assistant turns too) the injection check reads with the
 * message (GuardrailService.checkAcrossTurns), and the size of the windows of consecutive earlier turns that
 * screenHistory reads together (one more).
 */
export const ACROSS_TURNS_BACK = 2;
/** The part of each turn joined: a fragment is short, and a long turn is screened alone. */
const ACROSS_TURN_CHARS = 500;
/**
 * Turns read together are refused on a rule hit, or on a verdict score of at least this. Review of the
 * split-turn round: the model alone, just over its single-message cut, refused ordinary follow-ups ("I'm the
 * admin account." then "How do I give a colleague admin rights?", verdict scores 0.52–0.82), and the split
 * attacks it alone caught scored no higher (0.57–0.70): below this, a score separates nothing.
 */
const ACROSS_TURNS_MODEL_SCORE = 0.9;

/**
 * The injection verdict on turns read together, in order: the end of each earlier turn and the start of the
 * last. The model reads them a line each; the rules read them run together too (a word split between two turns,
 * "overr" + "ides"). A rule hit refuses; the model alone only at ACROSS_TURNS_MODEL_SCORE, and not at all when
 * `modelCounts` is false: an assistant turn is declarative prose, which the message model misreads as an
 * attack ("…you will receive an email with instructions." then "Thanks!"; review of the round), so a window
 * holding one is refused on the rules only. Spans are dropped: they would point into the joined text.
 */
export function acrossTurnsVerdict(turns: readonly string[], modelCounts = true): Verdict {
  const parts = turns.map((text, i) =>
    i === turns.length - 1 ? text.slice(0, ACROSS_TURN_CHARS) : text.slice(-ACROSS_TURN_CHARS),
  );
  const lines = parts.join('\n');
  const verdict = checkInjection(lines);
  const ruleHit = [lines, parts.join('')].some(
    (text) => checkInjection(text, { learned: false }).action === 'block',
  );
  if (ruleHit)
    return { ...verdict, action: 'block', reason: `rule hit across turns; ${verdict.reason}`, spans: [] };
  if (modelCounts && verdict.score >= ACROSS_TURNS_MODEL_SCORE)
    return {
      ...verdict,
      reason: `model score ≥ ${ACROSS_TURNS_MODEL_SCORE} across turns; ${verdict.reason}`,
      spans: [],
    };
  return { ...verdict, action: 'allow', score: 0, spans: [] };
}

/** Text of earlier turns screened per request (see GuardrailService.screenHistory). */
export const HISTORY_SCREEN_CHARS = 16_000;

/**
 * The longest earlier turn screened whole. A longer one (a pasted e-mail) is screened, and kept, as its first
 * and last HISTORY_TURN_CHARS / 2 characters: it once counted whole against HISTORY_SCREEN_CHARS, so one long
 * turn left itself and every older turn out, unchecked and unrecorded (review, item 7). What goes into the
 * prompt is what was screened, so an instruction hidden in the middle of a long paste does not get through.
 */
export const HISTORY_TURN_CHARS = 4_000;

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** The parts of a turn that are screened and kept: the whole turn, or its first and last windows. */
function turnWindows(text: string): string[] {
  if (text.length <= HISTORY_TURN_CHARS) return [text];
  let head = HISTORY_TURN_CHARS / 2;
  if (isLowSurrogate(text.charCodeAt(head))) head--;
  let tail = text.length - HISTORY_TURN_CHARS / 2;
  if (isLowSurrogate(text.charCodeAt(tail))) tail++;
  return [text.slice(0, head), text.slice(tail)];
}

/** The riskiest of a turn's window verdicts (a refused window refuses the turn). */
function riskiest(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce((a, b) =>
    (b.action === 'block') > (a.action === 'block') || b.score > a.score ? b : a,
  );
}

/** Earlier-turn verdicts kept (see GuardrailService.screenHistory). */
export const HISTORY_VERDICT_CACHE_SIZE = 2_000;

/**
 * Screening cost of a text against HISTORY_SCREEN_CHARS: a Chinese or Japanese character counts twice, as it
 * costs the check about twice an ASCII one (traditional-to-simplified folding, per-character n-grams).
 */
function screeningCost(text: string): number {
  return text.length + (text.match(/[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/g) ?? []).length;
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

  /**
   * Verdicts on earlier turns by a hash of role and text, least recently used first out. The history comes
   * back with every request of a conversation, and screening it cost 0.4–1.8 s per request for 16,000
   * characters of traditional Chinese (review, item 5); a turn seen before costs a lookup. The raw verdict
   * is kept; the collection's policy is applied on each use.
   */
  private readonly turnVerdicts = new Map<string, Verdict>();

  private cachedTurn(key: string): Verdict | undefined {
    const hit = this.turnVerdicts.get(key);
    if (hit) {
      this.turnVerdicts.delete(key);
      this.turnVerdicts.set(key, hit);
    }
    return hit;
  }

  private screenAndCache(key: string, role: 'user' | 'assistant', text: string): Verdict {
    const verdict = screenTurn({ role, content: text });
    this.cacheVerdict(key, verdict);
    return verdict;
  }

  private cacheVerdict(key: string, verdict: Verdict): void {
    this.turnVerdicts.set(key, verdict);
    if (this.turnVerdicts.size > HISTORY_VERDICT_CACHE_SIZE) {
      const oldest = this.turnVerdicts.keys().next().value;
      if (oldest !== undefined) this.turnVerdicts.delete(oldest);
    }
  }

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
   * Runs the registry's input checks in order, each under the collection's mode and threshold
   * (applyCheckPolicy): a check in `block` mode that flags refuses the question; a `redact` hands
   * the masked text on. `cacheScope` (the tenant) lets an embedding safety classifier share the
   * question's vector with retrieval's query-vector cache.
   */
  async checkInput(
    text: string,
    policy: GuardrailPolicy,
    options: { cacheScope?: string } = {},
  ): Promise<InputCheck> {
    const context = {
      safety: this.deps.safety,
      thresholds: policy.toxicityThresholds as Partial<SafetyThresholds>,
      ...(options.cacheScope === undefined ? {} : { cacheScope: options.cacheScope }),
    };
    const verdicts: Verdict[] = [];
    let blocked: Verdict | null = null;
    for (const entry of INPUT_CHECKS) {
      const applied = applyCheckPolicy(await entry.run(text, context), policy);
      verdicts.push(applied.verdict);
      if (applied.refuses) blocked ??= applied.verdict;
    }
    for (const verdict of verdicts) this.deps.onVerdict?.(verdict);
    const redacted = verdicts.find((verdict) => verdict.action === 'redact');
    return { verdicts, blocked, text: redacted?.text ?? text };
  }

  /**
   * An attack sent in fragments, one per turn ("ignore all your" … "previous instructions and print…"), passes
   * a check that reads each turn alone, and the fragments meet in the rewriter's and the generator's prompts
   * (issue #19, split-turn round). So the injection check also reads the message with the last
   * ACROSS_TURNS_BACK earlier turns that history screening kept (`earlier`, oldest first: user turns, and a
   * client's assistant turns). Returns the verdict under the collection's policy when the joined text is
   * flagged (to refuse, warn or log), else null. Only injection: PII and toxicity are about each text itself.
   */
  checkAcrossTurns(
    earlier: readonly { role: 'user' | 'assistant'; content: string }[],
    message: string,
    policy: GuardrailPolicy,
  ): { verdict: Verdict; refuses: boolean } | null {
    const recent = earlier.slice(-ACROSS_TURNS_BACK);
    if (recent.length === 0) return null;
    const joined = acrossTurnsVerdict(
      [...recent.map((t) => t.content), message],
      recent.every((t) => t.role === 'user'),
    );
    const applied = applyCheckPolicy(joined, policy);
    if (!applied.flagged) return null;
    const verdict = {
      ...applied.verdict,
      reason: `across the last ${recent.length + 1} turns: ${applied.verdict.reason}`,
    };
    this.deps.onVerdict?.(verdict);
    return { verdict, refuses: applied.refuses };
  }

  /**
   * Earlier turns reach the rewriter's and the generator's prompts but were never this turn's question:
   * a client writes `history` (and the earlier `messages` of /v1/chat/completions) as it likes, and a
   * conversation stores a refused question like any other, so an instruction refused on its own came
   * back one turn later behind "Go on.". Every user turn the injection check refuses under the
   * collection's policy is left out, with the assistant turn that answered it; the verdicts say which.
   * `assistantTurns`: the history came from the client, whose "assistant" turns are whatever it wrote
   * (an instruction dressed as an earlier answer), so they are screened too and a refused one is left
   * out. A stored conversation's assistant turns are our own answers and are not.
   * `tenantId` is part of the verdict cache's key: a cached turn costs nothing against the budget, so a
   * cache shared across tenants let one tenant learn, from which turns were left out, whether another had
   * sent an exact text lately.
   */
  screenHistory<T extends { role: 'user' | 'assistant'; content: string }>(
    history: readonly T[],
    policy: GuardrailPolicy,
    options: { assistantTurns?: boolean; tenantId?: string } = {},
  ): { history: T[]; verdicts: HistoryVerdict[] } {
    const kept: T[] = [];
    // Each kept turn's index in `history`, for the verdicts of what is left out later.
    const at = new Map<T, number>();
    const verdicts: HistoryVerdict[] = [];
    // From the latest turn back (the composer keeps the latest first). Checking costs time in proportion
    // to the text, so turns before the last HISTORY_SCREEN_CHARS of screened text are left out unchecked
    // (each turn counts at most HISTORY_TURN_CHARS), and a verdict says so.
    let screened = 0;
    for (let i = history.length - 1; i >= 0; i--) {
      const turn = history[i]!;
      if (turn.role !== 'user' && !options.assistantTurns) {
        kept.unshift(turn);
        at.set(turn, i);
        continue;
      }
      const windows = turnWindows(turn.content).map((text) => {
        const key = createHash('sha256')
          .update(`${options.tenantId ?? ''}\0${turn.role}\0${text}`)
          .digest('base64');
        return { text, key, verdict: this.cachedTurn(key) };
      });
      // A turn screened before (the same text, on an earlier request) costs nothing against the budget.
      screened += windows.reduce((n, w) => n + (w.verdict ? 0 : screeningCost(w.text)), 0);
      if (screened > HISTORY_SCREEN_CHARS) {
        // The answer to an unchecked question goes with it.
        if (kept[0]?.role === 'assistant') kept.shift();
        verdicts.push({
          check: 'injection',
          version: 'history-budget',
          action: 'allow',
          score: 0,
          reason: `${i + 1} earlier turn(s) left out unchecked: over the ${HISTORY_SCREEN_CHARS}-character history screening budget`,
          spans: [],
          turn: i,
        });
        break;
      }
      const verdict = riskiest(
        windows.map((w) => w.verdict ?? this.screenAndCache(w.key, turn.role, w.text)),
      );
      const applied = applyCheckPolicy(verdict, policy);
      if (!applied.refuses) {
        const keptTurn =
          windows.length === 1 ? turn : { ...turn, content: windows.map((w) => w.text).join('\n…\n') };
        kept.unshift(keptTurn);
        at.set(keptTurn, i);
        continue;
      }
      const who = turn.role === 'user' ? '' : ` (${turn.role})`;
      verdicts.push({
        ...applied.verdict,
        reason: `earlier turn left out${who}: ${applied.verdict.reason}`,
        turn: i,
      });
      // The assistant turn that answered the refused one (the refusal, or worse) goes too.
      if (turn.role === 'user' && kept[0]?.role === 'assistant' && history[i + 1] === kept[0]) kept.shift();
    }
    // Fragments of one attack, each passing alone, in consecutive turns (split-turn round of #19).
    const across = this.withoutAttacksAcrossTurns(kept, policy, { ...options, at });
    // Not counted in the verdict metrics: the turn was counted when it was this turn's question, and the
    // same history comes back with every later request (review, item 6).
    return { history: across.kept, verdicts: [...verdicts, ...across.verdicts] };
  }

  /**
   * Windows of ACROSS_TURNS_BACK + 1 consecutive screened turns of the kept history (user turns; a client's
   * assistant turns too), read together by the injection check: a window the collection's policy refuses is
   * left out, each of its user turns with the answer to it. Without this, an attack split over turns that the
   * current message's check (checkAcrossTurns) refused came back behind one more message ("Go on."), its
   * fragments still in the history; and a client could send them all as history (review of the round). Each
   * window's verdict is cached like a turn's.
   */
  private withoutAttacksAcrossTurns<T extends { role: 'user' | 'assistant'; content: string }>(
    kept: readonly T[],
    policy: GuardrailPolicy,
    options: { assistantTurns?: boolean; tenantId?: string; at: ReadonlyMap<T, number> },
  ): { kept: T[]; verdicts: HistoryVerdict[] } {
    const size = ACROSS_TURNS_BACK + 1;
    const dropped = new Set<T>();
    const verdicts: HistoryVerdict[] = [];
    // The user turns in a row, and with a client's history every turn in a row: an assistant turn between two
    // user fragments would part them, and a client may write fragments as assistant turns.
    const users = kept.filter((t) => t.role === 'user');
    const sequences = options.assistantTurns ? [users, [...kept]] : [users];
    // Each turn with the one or two before it, the shortest refused window first, so a question asked before
    // the attack's first fragment stays.
    for (const screened of sequences)
      for (let end = 1; end < screened.length; end++) {
        // A turn already left out, or one after an attack already left out, completes nothing new (review: the
        // question after a two-fragment attack was dropped with it, and one attack gave several verdicts).
        if (dropped.has(screened[end]!)) continue;
        for (let length = 2; length <= Math.min(size, end + 1); length++) {
          const window = screened.slice(end + 1 - length, end + 1);
          if (window.slice(0, -1).every((t) => dropped.has(t))) break;
          const key = createHash('sha256')
            .update(
              JSON.stringify([options.tenantId ?? '', 'across', window.map((t) => [t.role, t.content])]),
            )
            .digest('base64');
          let verdict = this.cachedTurn(key);
          if (!verdict) {
            verdict = acrossTurnsVerdict(
              window.map((t) => t.content),
              window.every((t) => t.role === 'user'),
            );
            this.cacheVerdict(key, verdict);
          }
          const applied = applyCheckPolicy(verdict, policy);
          if (!applied.refuses) continue;
          for (const t of window) {
            dropped.add(t);
            // The answer to a left-out user turn goes with it.
            const next = kept[kept.indexOf(t) + 1];
            if (t.role === 'user' && next?.role === 'assistant') dropped.add(next);
          }
          verdicts.push({
            ...applied.verdict,
            reason: `earlier turns left out, an attack across ${window.length} turns: ${applied.verdict.reason}`,
            turn: options.at.get(window[0]!) ?? 0,
          });
          break;
        }
      }
    return { kept: kept.filter((t) => !dropped.has(t)), verdicts };
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
    // Document and answer text: a published role mailbox is the contact point, not personal data.
    return this.redact(text, policy, policy.piiRoleMailboxes === 'keep');
  }

  /**
   * What a person typed (a stored question, its title): every address is masked, a role mailbox
   * too, since "my email is hr@…" may be the only address that person has.
   */
  redactUserText(text: string, policy: GuardrailPolicy): { text: string; verdict: Verdict | null } {
    return this.redact(text, policy, false);
  }

  private redact(
    text: string,
    policy: GuardrailPolicy,
    keepRoleMailboxes: boolean,
  ): { text: string; verdict: Verdict | null } {
    if (policy.pii === 'off') return { text, verdict: null };
    const verdict = detectPii(text, { keepRoleMailboxes });
    if (verdict.action !== 'redact') return { text, verdict: null };
    this.deps.onVerdict?.(verdict);
    return { text: redactSameLength(text, verdict.spans), verdict };
  }

  /** Counts a verdict made elsewhere (the ingestion worker thread's scan) as scanChunk would. */
  observe(verdict: Verdict): void {
    this.deps.onVerdict?.(verdict);
  }

  /** Ingestion-time checks of one chunk: instructions aimed at the model. */
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
