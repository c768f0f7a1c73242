import { AppError, type Logger, silentLogger } from '@grounded/core';
import type { JobContext, JobHandler } from '@grounded/jobs';
import type { Database } from '@grounded/storage';
import { z } from 'zod';
import {
  type BatchRecord,
  type BatchResultRow,
  SentimentBatchesRepo,
} from './repositories/sentiment-batches-repo';
import type { InteractiveGate } from './sentiment-interactive-gate';
import { classifierNameOf, type SentimentService } from './sentiment-service';

export const SENTIMENT_BATCH_CHUNK_JOB = 'sentiment-batch-chunk';

export const sentimentChunkPayload = z.object({
  batchId: z.string().min(1),
  chunk: z.number().int().nonnegative(),
});
export type SentimentChunkPayload = z.infer<typeof sentimentChunkPayload>;

export interface SentimentChunkDeps {
  db: Database;
  sentiment: SentimentService;
  logger?: Logger;
  /** Texts per classifier call; the event loop is yielded between calls (default 50). */
  slice?: number;
  /** Pauses between slices while interactive requests run in this process (else a plain yield). */
  gate?: InteractiveGate;
  /** Attempts after which a failing chunk fails its batch (match the enqueue's maxAttempts; default 5). */
  maxAttempts?: number;
  /** Told once when a batch succeeds or fails (issue #18: the `batch.completed` webhook); errors are logged. */
  onFinished?: (batch: BatchRecord) => Promise<unknown>;
}

export interface SentimentChunkResult {
  batchId: string;
  chunk: number;
  status: 'done' | 'skipped';
  rows?: number;
  reason?: string;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Classifies one chunk of a batch. Safe to run twice: a finished chunk is skipped, and its results
 * and its "finished" marker are written in one transaction keyed by (batch, row), so a worker
 * killed at any point leaves either nothing or the whole chunk.
 */
export function createSentimentChunkHandler(deps: SentimentChunkDeps): JobHandler {
  const logger = (deps.logger ?? silentLogger).child({ job: SENTIMENT_BATCH_CHUNK_JOB });
  const repo = new SentimentBatchesRepo(deps.db);
  const slice = deps.slice ?? 50;
  const maxAttempts = deps.maxAttempts ?? 5;

  return async (raw: unknown, context: JobContext): Promise<SentimentChunkResult> => {
    const { batchId, chunk } = sentimentChunkPayload.parse(raw);
    const batch = await repo.find(batchId);
    if (!batch) return { batchId, chunk, status: 'skipped', reason: 'batch deleted' };
    if (batch.status !== 'queued' && batch.status !== 'running') {
      return { batchId, chunk, status: 'skipped', reason: `batch ${batch.status}` };
    }
    if (await repo.isChunkDone(batchId, chunk))
      return { batchId, chunk, status: 'skipped', reason: 'already done' };
    try {
      await repo.markRunning(batchId);
      const rows = await repo.chunkRows(batchId, chunk, batch.chunkRows);
      const classifier = await deps.sentiment.classifierFor(batch.tenantId, batch.params.model);
      const results: BatchResultRow[] = [];
      for (let i = 0; i < rows.length; i += slice) {
        if (context.signal.aborted) throw new AppError('job_cancelled', 'the chunk was stopped');
        const part = rows.slice(i, i + slice);
        const out = await classifier.classify(part.map((r) => r.text));
        part.forEach((row, k) => {
          const r = out[k];
          if (!r) return;
          results.push({
            rowNo: row.rowNo,
            label: r.label,
            score: r.score,
            confidence: r.confidence,
            language: r.language ?? null,
            classifier: classifierNameOf(r) ?? classifier.id,
            rawLabel: r.rawLabel ?? null,
          });
        });
        // Batch work must not hold the event loop: interactive requests in this process go first.
        await (deps.gate ? deps.gate.wait() : yieldToLoop());
      }
      const updated = await deps.db.transaction((tx) =>
        new SentimentBatchesRepo(tx).completeChunk(batchId, chunk, results),
      );
      if (updated?.status === 'succeeded') await notify(updated);
      if (updated) {
        await context.reportProgress({
          batchId,
          chunk,
          rowsDone: updated.rowsDone,
          rowsTotal: updated.rowsTotal,
          chunksDone: updated.chunksDone,
          chunksTotal: updated.chunksTotal,
        });
      }
      return { batchId, chunk, status: updated ? 'done' : 'skipped', rows: results.length };
    } catch (error) {
      const final = context.attempt >= maxAttempts || (error instanceof AppError && !error.retryable);
      // A stop (cancel, shutdown) is not a failure of the batch: the chunk runs again elsewhere.
      if (final && !context.signal.aborted) {
        const message = error instanceof Error ? error.message : String(error);
        logger.warn({ batchId, chunk, err: error }, 'sentiment chunk failed for good; failing the batch');
        await repo.markFailed(batchId, `chunk ${chunk}: ${message}`).catch(() => undefined);
        const failed = await repo.find(batchId).catch(() => null);
        if (failed?.status === 'failed') await notify(failed);
      }
      throw error;
    }
  };

  async function notify(batch: BatchRecord): Promise<void> {
    await deps.onFinished?.(batch).catch((error: unknown) => {
      logger.warn({ batchId: batch.id, err: error }, 'batch.completed event not queued');
    });
  }
}
