import { newId } from '@grounded/core';
import type { Queryable } from '@grounded/storage';

export interface Feedback {
  id: string;
  messageId: string;
  /** 1..5; 'down' is 1 and 'up' is 5. */
  rating: number;
  correctedAnswer: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface FeedbackInput {
  tenantId: string;
  messageId: string;
  rating: number;
  correctedAnswer?: string | null;
  reason?: string | null;
}

interface FeedbackRow {
  id: string;
  seq: string | number;
  message_id: string;
  rating: number;
  corrected_answer: string | null;
  reason: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

function toFeedback(row: FeedbackRow): Feedback {
  return {
    id: row.id,
    messageId: row.message_id,
    rating: row.rating,
    correctedAnswer: row.corrected_answer,
    reason: row.reason,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export class FeedbackRepo {
  constructor(private readonly db: Queryable) {}

  /** One feedback per message: a second submission replaces the first (the user changed their mind). */
  async upsert(input: FeedbackInput): Promise<{ feedback: Feedback; created: boolean }> {
    const { rows } = await this.db.query<FeedbackRow & { created: boolean }>(
      `insert into feedback (id, tenant_id, message_id, rating, corrected_answer, reason)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (message_id) do update set rating = excluded.rating,
         corrected_answer = excluded.corrected_answer, reason = excluded.reason, updated_at = now()
       returning *, (xmax = 0) as created`,
      [
        newId('fb'),
        input.tenantId,
        input.messageId,
        input.rating,
        input.correctedAnswer ?? null,
        input.reason ?? null,
      ],
    );
    const row = rows[0]!;
    return { feedback: toFeedback(row), created: row.created };
  }

  async forMessage(tenantId: string, messageId: string): Promise<Feedback | null> {
    const { rows } = await this.db.query<FeedbackRow>(
      'select * from feedback where message_id = $1 and tenant_id = $2',
      [messageId, tenantId],
    );
    return rows[0] ? toFeedback(rows[0]) : null;
  }

  /** Pages through a tenant's feedback in submission order, for exports of any size. */
  async *pages(tenantId: string, pageSize = 200): AsyncGenerator<Feedback[]> {
    let after = 0;
    for (;;) {
      const { rows } = await this.db.query<FeedbackRow>(
        'select * from feedback where tenant_id = $1 and seq > $2 order by seq limit $3',
        [tenantId, after, pageSize],
      );
      if (rows.length === 0) return;
      yield rows.map(toFeedback);
      after = Number(rows.at(-1)!.seq);
    }
  }

  /**
   * The best up-rated (4-5) answer to the same prompt, other than `excludeMessageId`: the
   * "chosen" side of a preference pair whose "rejected" side was rated down.
   */
  async bestUpRatedAnswer(
    tenantId: string,
    promptKey: string,
    excludeMessageId: string,
  ): Promise<{ messageId: string; content: string; rating: number } | null> {
    const { rows } = await this.db.query<{ id: string; content: string; rating: number }>(
      `select m.id, coalesce(f.corrected_answer, m.content) as content, f.rating
       from messages m join feedback f on f.message_id = m.id
       where m.tenant_id = $1 and m.prompt_key = $2 and m.id <> $3 and f.rating >= 4
       order by f.rating desc, f.updated_at desc limit 1`,
      [tenantId, promptKey, excludeMessageId],
    );
    const row = rows[0];
    return row ? { messageId: row.id, content: row.content, rating: row.rating } : null;
  }
}
