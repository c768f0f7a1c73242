import type { Queryable } from '@grounded/storage';

/** What a redacted delivery's payload says in place of its text. */
export const REDACTED_PAYLOAD_NOTE = 'removed: a document it quoted was deleted';
export const DELETED_CONVERSATION_NOTE = 'removed: its conversation was deleted';

/**
 * When documents are deleted: the delivery log keeps every event's payload, and admins read and
 * replay it. Feedback and abstained-answer events carry the answer (`messageId`), handoffs the
 * transcript with its quotes and document titles, `document.failed` the title and file name. Such
 * a payload keeps only its ids and rating, plus a note, so a replay (or a pending try) sends no
 * deleted text either. `messageIds` are the stored answers that were redacted with the documents.
 */
export async function redactDeliveriesQuoting(
  tx: Queryable,
  tenantId: string,
  quoted: { documentIds: readonly string[]; messageIds: readonly string[] },
): Promise<string[]> {
  // Nothing to match (a replacement that redacted no answer): skip the scan of the whole log.
  if (quoted.documentIds.length === 0 && quoted.messageIds.length === 0) return [];
  const { rows } = await tx.query<{ id: string }>(
    `update webhook_deliveries d set payload = (
       select coalesce(jsonb_object_agg(key, value), '{}'::jsonb) from jsonb_each(d.payload)
       where (key like '%Id' and jsonb_typeof(value) = 'string') or key = 'rating'
     ) || jsonb_build_object('redacted', $4::text)
     where d.tenant_id = $1 and not d.payload ? 'redacted' and (
       d.payload->>'documentId' = any($2::text[])
       or d.payload->>'messageId' = any($3::text[])
       or exists (
         select 1 from jsonb_array_elements(
           case jsonb_typeof(d.payload->'transcript') when 'array' then d.payload->'transcript' else '[]'::jsonb end
         ) as turn
         where turn->>'messageId' = any($3::text[]) or exists (
           select 1 from jsonb_array_elements(
             case jsonb_typeof(turn->'citations') when 'array' then turn->'citations' else '[]'::jsonb end
           ) as cited
           where cited->>'documentId' = any($2::text[]))))
     returning d.id`,
    [tenantId, quoted.documentIds, quoted.messageIds, REDACTED_PAYLOAD_NOTE],
  );
  return rows.map((row) => row.id);
}

/**
 * When conversations are deleted: feedback, abstained-answer and handoff events carry their
 * questions, answers and transcripts. Their payloads keep only ids and rating, as above.
 */
export async function redactDeliveriesOfConversations(
  tx: Queryable,
  tenantId: string,
  conversationIds: readonly string[],
): Promise<string[]> {
  if (conversationIds.length === 0) return [];
  const { rows } = await tx.query<{ id: string }>(
    `update webhook_deliveries d set payload = (
       select coalesce(jsonb_object_agg(key, value), '{}'::jsonb) from jsonb_each(d.payload)
       where (key like '%Id' and jsonb_typeof(value) = 'string') or key = 'rating'
     ) || jsonb_build_object('redacted', $3::text)
     where d.tenant_id = $1 and not d.payload ? 'redacted' and d.payload->>'conversationId' = any($2::text[])
     returning d.id`,
    [tenantId, conversationIds, DELETED_CONVERSATION_NOTE],
  );
  return rows.map((row) => row.id);
}
