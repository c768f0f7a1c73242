import type { Queryable } from '@grounded/storage';

/**
 * What of the documents' text went: all of it (deletion), or, for a replaced document, whatever
 * its new extracted text no longer holds. Chunk ids cannot tell: they hash the exact chunk text,
 * and one edited sentence shifts every later chunk boundary, so a copy is judged by its quote.
 */
export interface RemovedText {
  documentIds: readonly string[];
  replacement?: { text: string };
}

/**
 * Removes the copies of removed text that another feature keeps (stored answers, summary
 * results), inside the removal's transaction; returns the ids of what it changed. Takes many
 * documents at once: a collection's deletion removes all of its documents' copies.
 */
export type DocumentCopyRemover = (
  tx: Queryable,
  tenantId: string,
  removed: RemovedText,
) => Promise<string[]>;

/**
 * Removes what was sent about the document or the answers quoting it (webhook payloads: feedback
 * events carry the answer, handoffs the transcript with quotes, document.failed the title and
 * file name); `messageIds` are the answers the `answers` remover just redacted.
 */
export type QuotedCopyRemover = (
  tx: Queryable,
  tenantId: string,
  quoted: { documentIds: readonly string[]; messageIds: readonly string[] },
) => Promise<string[]>;

/** Every other feature's copy of a document's text, removed when the document goes. */
export interface DocumentCopies {
  answers?: DocumentCopyRemover;
  summaries?: DocumentCopyRemover;
  events?: QuotedCopyRemover;
}

export interface CopiesRemoved {
  /** Stored answers that cited the document: their text, citations and sources were removed. */
  answersRedacted: string[];
  /** Summary jobs over the document whose results were removed. */
  summariesRemoved: string[];
  /** Webhook deliveries whose payload quoted the document or those answers. */
  deliveriesRedacted: string[];
}

/**
 * The copies of removed text, in order: the events remover needs the answers just redacted. Used
 * by document deletion, by collection deletion (all of its documents) and by re-ingestion of a
 * replaced document (the chunks it lost), so that all three remove the same things.
 */
export async function removeDocumentCopies(
  tx: Queryable,
  copies: DocumentCopies,
  tenantId: string,
  removed: RemovedText,
): Promise<CopiesRemoved> {
  if (removed.documentIds.length === 0) {
    return { answersRedacted: [], summariesRemoved: [], deliveriesRedacted: [] };
  }
  const answersRedacted = (await copies.answers?.(tx, tenantId, removed)) ?? [];
  const summariesRemoved = (await copies.summaries?.(tx, tenantId, removed)) ?? [];
  // A replaced document still exists: only what quoted the answers redacted goes.
  const documentIds = removed.replacement ? [] : removed.documentIds;
  // Nothing to match: no scan of the delivery log.
  const deliveriesRedacted =
    documentIds.length === 0 && answersRedacted.length === 0
      ? []
      : ((await copies.events?.(tx, tenantId, { documentIds, messageIds: answersRedacted })) ?? []);
  return { answersRedacted, summariesRemoved, deliveriesRedacted };
}
