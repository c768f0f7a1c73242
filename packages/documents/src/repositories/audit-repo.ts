import type { Verdict } from '@grounded/guardrails';
import type { Queryable } from '@grounded/storage';

/** 'history': an earlier turn of the conversation, left out by the history screening (subjectId: its index). */
export type AuditSubject = 'input' | 'output' | 'document' | 'history';

export interface AuditContext {
  tenantId: string;
  requestId?: string | null | undefined;
  subject: AuditSubject;
  subjectId?: string | null | undefined;
}

export interface AuditEntry {
  id: number;
  tenantId: string;
  requestId: string | null;
  subject: AuditSubject;
  subjectId: string | null;
  check: string;
  version: string;
  action: Verdict['action'];
  score: number;
  reason: string;
  spans: Verdict['spans'];
  createdAt: string;
}

/** The guardrail audit trail: append-only, queried by request id or time. */
export class AuditRepo {
  constructor(private readonly db: Queryable) {}

  async record(verdicts: readonly Verdict[], context: AuditContext): Promise<void> {
    if (verdicts.length === 0) return;
    await this.db.query(
      `insert into guardrail_audit (tenant_id, request_id, subject, subject_id, check_name, check_version, action,
         score, reason, spans)
       select $1, $2, $3, $4, v.check_name, v.check_version, v.action, v.score, v.reason, v.spans
       from jsonb_to_recordset($5::jsonb) as v(check_name text, check_version text, action text,
         score double precision, reason text, spans jsonb)`,
      [
        context.tenantId,
        context.requestId ?? null,
        context.subject,
        context.subjectId ?? null,
        JSON.stringify(
          verdicts.map((v) => ({
            check_name: v.check,
            check_version: v.version,
            action: v.action,
            score: Number.isFinite(v.score) ? v.score : 0,
            reason: v.reason,
            spans: v.spans,
          })),
        ),
      ],
    );
  }

  async list(
    tenantId: string,
    options: { requestId?: string | undefined; limit: number; before?: number | undefined },
  ): Promise<AuditEntry[]> {
    const { rows } = await this.db.query<{
      id: string | number;
      tenant_id: string;
      request_id: string | null;
      subject: AuditSubject;
      subject_id: string | null;
      check_name: string;
      check_version: string;
      action: Verdict['action'];
      score: number;
      reason: string;
      spans: Verdict['spans'];
      created_at: Date | string;
    }>(
      `select * from guardrail_audit
       where tenant_id = $1 and ($2::text is null or request_id = $2) and ($3::bigint is null or id < $3)
       order by id desc limit $4`,
      [tenantId, options.requestId ?? null, options.before ?? null, options.limit],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      tenantId: row.tenant_id,
      requestId: row.request_id,
      subject: row.subject,
      subjectId: row.subject_id,
      check: row.check_name,
      version: row.check_version,
      action: row.action,
      score: row.score,
      reason: row.reason,
      spans: row.spans,
      createdAt: new Date(row.created_at).toISOString(),
    }));
  }
}
