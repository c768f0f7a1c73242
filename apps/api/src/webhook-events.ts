import { isAppError } from '@grounded/core';
import { DocumentsRepo } from '@grounded/documents';
import type { JobHandler, JobQueue } from '@grounded/jobs';
import type { Database } from '@grounded/storage';
import type { WebhookService } from '@grounded/webhooks';
import type { Logger } from 'pino';

/**
 * The `document.failed` webhook (issue #18): an ingestion job that failed for good (an error it
 * will not retry, or its last attempt). Not a retry to come, and not a stop (cancel, shutdown).
 */
export function reportDocumentFailures(
  webhooks: Pick<WebhookService, 'emit'>,
  db: Database,
  queue: Pick<JobQueue, 'get'>,
  logger: Logger,
  handler: JobHandler,
): JobHandler {
  const documents = new DocumentsRepo(db);
  return async (payload, context) => {
    try {
      return await handler(payload, context);
    } catch (error) {
      try {
        const maxAttempts = (await queue.get(context.jobId))?.maxAttempts ?? 1;
        const final = !(isAppError(error) && error.retryable) || context.attempt >= maxAttempts;
        const documentId = (payload as { documentId?: unknown }).documentId;
        if (final && !context.signal.aborted && typeof documentId === 'string') {
          const document = await documents.find(documentId);
          if (document?.status === 'failed') {
            await webhooks.emit(
              document.tenantId,
              'document.failed',
              {
                documentId,
                collectionId: document.collectionId,
                title: document.title,
                filename: document.filename,
                error: document.error,
              },
              { collectionId: document.collectionId },
            );
          }
        }
      } catch (notifyError) {
        logger.warn({ err: notifyError }, 'document.failed event not queued');
      }
      throw error;
    }
  };
}
