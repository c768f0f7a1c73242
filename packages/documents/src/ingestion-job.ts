import { AppError, type Logger, sha256Hex, silentLogger } from '@grounded/core';
import type { Verdict } from '@grounded/guardrails';
import {
  type ChunkOptions,
  type DocumentProcessor,
  documentTooLarge,
  type ExtractedDocument,
  inThreadProcessor,
  ocrLanguagesOf,
  type ParseOptions,
} from '@grounded/ingest';
import type { JobContext, JobHandler } from '@grounded/jobs';
import type { Embedder } from '@grounded/retrieval';
import type { Database } from '@grounded/storage';
import { z } from 'zod';
import { assertBuiltWith } from './collection-service';
import { ocrLanguageOf } from './collection-settings';
import { type DocumentCopies, removeDocumentCopies } from './document-copies';
import type { EmbedderResolver } from './embedders';
import type { GuardrailService } from './guardrail-service';
import { indexText } from './index-text';
import { INJECTION_SCAN_TASK } from './injection-scan-task';
import { ChunksRepo, lockChangeLog, type StoredChunk } from './repositories/chunks-repo';
import { CollectionsRepo } from './repositories/collections-repo';
import { DocumentsRepo } from './repositories/documents-repo';
import { EmbeddingCacheRepo } from './repositories/embedding-cache-repo';

export const INGEST_JOB = 'ingest-document';

const EMBEDDER_CHANGED = Symbol('embedder changed');

export const ingestJobPayload = z.object({
  documentId: z.string().min(1),
  contentHash: z.string().min(1),
});
export type IngestJobPayload = z.infer<typeof ingestJobPayload>;

/**
 * Issue #12: one 50 MB DOCX queued 52,000 chunks. Each chunk costs an embedding and rows in the
 * database and the indexes, so the count is capped per document.
 */
const DEFAULT_MAX_CHUNKS = 20_000;

/** Chunks per injection-scan request to the processor's thread. */
const SCAN_SLICE = 1000;

export interface IngestionDeps {
  db: Database;
  /** The server's embedder; with `embedders`, only for collections it built. */
  embedder: Embedder;
  /** Picks each collection's own embedder (one re-embedded with another, issue #17). */
  embedders?: EmbedderResolver;
  logger?: Logger;
  parseLimits?: Omit<ParseOptions, 'filename' | 'mimeType' | 'password'>;
  chunking?: ChunkOptions;
  /** A document with more chunks fails with `document_too_large` before any is embedded or stored. */
  maxChunks?: number;
  embedBatchSize?: number;
  /** Called after a document's chunks changed, so an index in this process can catch up. */
  onChunksChanged?: (collectionId: string) => Promise<void>;
  /**
   * Where parsing and chunking run: a worker-thread pool keeps them off the API's event loop
   * (issue #16). Default: the caller's thread. A processor with `run` must register
   * INJECTION_SCAN_TASK (injection-scan-task.ts): the injection scan then runs there too.
   */
  processor?: DocumentProcessor;
  /** Redacts PII at ingestion when the collection's policy says so, and flags injected instructions. */
  guardrails?: GuardrailService;
  /**
   * Other features' copies of text a replacement dropped (answers quoting its lost chunks, the
   * old version's summaries), removed when the new version is published.
   */
  copies?: DocumentCopies;
}

export interface IngestResult {
  documentId: string;
  status: 'ready' | 'skipped';
  pages?: number;
  chunks?: number;
  embedded?: number;
  reused?: number;
  removed?: number;
}

/**
 * What the document's metadata keeps of an OCR read: engine, languages, per-page confidence and
 * the pages below the confidence floor, so a client sees which pages may be misread.
 */
function ocrSummary(metadata: Record<string, unknown>): Record<string, unknown> | null {
  const ocr = metadata.ocr;
  if (!ocr || typeof ocr !== 'object') return null;
  return { ...(ocr as Record<string, unknown>), lowConfidencePages: metadata.lowConfidencePages ?? [] };
}

/**
 * parse → chunk → embed (only texts this tenant's embedder has not embedded yet, batch by batch
 * into the embedding cache) → write the new chunks ahead, invisible (`ChunksRepo.stage`) → one
 * short transaction that makes the stored chunks exactly the new set (`publish`).
 * Safe to retry at any point: before the final transaction only cache rows (keyed by text) and
 * invisible staged rows are written, so a retry resumes after the last embedded batch; chunk ids
 * are stable, so a retried job converges to the same rows.
 */
export function createIngestionHandler(deps: IngestionDeps): JobHandler {
  const logger = (deps.logger ?? silentLogger).child({ job: INGEST_JOB });
  const documents = new DocumentsRepo(deps.db);
  const collections = new CollectionsRepo(deps.db);
  // Its long runs of statements go through the batch lane: on PGlite, requests go first.
  const chunksRepo = new ChunksRepo(deps.db, deps.db.background());
  const embeddingCache = new EmbeddingCacheRepo(deps.db.background());
  // Small batches: with the embedded defaults (WASM embedder, PGlite) a batch runs without ever
  // yielding to the event loop, so its length is how long this process's HTTP server stalls.
  const batchSize = deps.embedBatchSize ?? 16;
  const maxChunks = deps.maxChunks ?? DEFAULT_MAX_CHUNKS;
  const processor = deps.processor ?? inThreadProcessor;

  return async (rawPayload: unknown, context: JobContext): Promise<IngestResult> => {
    const payload = ingestJobPayload.parse(rawPayload);
    try {
      let result = await ingest(payload, context);
      // Re-embedded while this job embedded with the old embedder: once more with the new one.
      for (let again = 0; result === EMBEDDER_CHANGED && again < 3; again++) {
        result = await ingest(payload, context);
      }
      if (result === EMBEDDER_CHANGED) {
        throw new AppError(
          'embedder_mismatch',
          'the collection was re-embedded while this document was ingested',
          {
            retryable: true,
          },
        );
      }
      // A skipped job's document may be a newer version whose own job still needs its password.
      if (result.status !== 'skipped') await documents.forgetPassword(payload.documentId);
      return result;
    } catch (error) {
      // A retry may still need the password; a failure that will not be retried does not.
      if (!(error instanceof AppError) || !error.retryable) {
        await documents.forgetPassword(payload.documentId).catch(() => undefined);
      }
      // The document row must never stay 'processing' after its job gave up. A retry sets it back.
      const code = error instanceof AppError ? error.code : 'ingestion_failed';
      const message = error instanceof Error ? error.message : String(error);
      await documents.markFailed(payload.documentId, code, message).catch(() => undefined);
      throw error;
    }
  };

  async function ingest(
    payload: IngestJobPayload,
    context: JobContext,
  ): Promise<IngestResult | typeof EMBEDDER_CHANGED> {
    const document = await documents.find(payload.documentId);
    // Deleted or replaced since this job was queued: the newer state wins.
    if (!document || document.contentHash !== payload.contentHash) {
      return { documentId: payload.documentId, status: 'skipped' };
    }
    const collection = await collections.get(document.tenantId, document.collectionId);
    let embedder = deps.embedder;
    if (deps.embedders) embedder = await deps.embedders.forCollection(collection);
    else assertBuiltWith(collection, embedder);
    await documents.markProcessing(document.id);
    await context.reportProgress({ stage: 'parsing' });

    const password = await documents.password(document.id);
    let extracted: ExtractedDocument;
    try {
      const ocrLanguage = ocrLanguageOf(collection.settings);
      extracted = await processor.parse(await documents.blob(document.id), {
        ...deps.parseLimits,
        // The collection's OCR language, where it sets one, over the server's default.
        ...(ocrLanguage ? { ocrLanguages: ocrLanguagesOf(ocrLanguage) } : {}),
        ...(document.filename ? { filename: document.filename } : {}),
        ...(document.mimeType ? { mimeType: document.mimeType } : {}),
        ...(password ? { password } : {}),
        // OCR reads a scan page by page, seconds each: say how far it got.
        onProgress: (progress) => {
          void context
            .reportProgress({ stage: 'ocr', pagesRead: progress.page, pagesToRead: progress.pages })
            .catch(() => undefined);
        },
      });
    } catch (error) {
      // A document that cannot be parsed will not parse on retry either: fail it with its reason.
      const appError =
        error instanceof AppError
          ? error
          : new AppError('malformed_document', `could not read the document: ${String(error)}`, {
              cause: error,
            });
      throw new AppError(appError.code, appError.message, { cause: error, retryable: false });
    }
    await context.reportProgress({ stage: 'chunking', pagesParsed: extracted.pages.length });

    if (deps.guardrails) {
      const policy = await deps.guardrails.policyFor(document.tenantId, document.collectionId);
      // Same-length masks: page and section spans stay valid after redaction.
      if (policy.pii === 'redact-ingest') {
        extracted = { ...extracted, text: deps.guardrails.redactOutput(extracted.text, policy).text };
      }
    }
    const { chunks, parents } = await processor.chunk(extracted, {
      ...deps.chunking,
      documentKey: document.id,
    });
    // A document with no text never gets here: parseDocument refuses it (empty_document).
    // Before the guardrail scan and the embedder: both write or spend per chunk.
    if (chunks.length > maxChunks) throw documentTooLarge('chunks', chunks.length, maxChunks);

    // Text that addresses the model ("ignore your instructions…") is flagged here, once, so that
    // answering can quote it as data or leave it out, as the collection's policy says.
    const flagged = new Set<string>();
    if (deps.guardrails) {
      const guardrails = deps.guardrails;
      const note = async (chunkId: string, verdict: Verdict) => {
        if (verdict.action === 'allow') return;
        flagged.add(chunkId);
        await guardrails.record([verdict], {
          tenantId: document.tenantId,
          subject: 'document',
          subjectId: chunkId,
        });
      };
      if (processor.run) {
        // On the processor's thread (it registers INJECTION_SCAN_TASK), a slice at a time.
        for (let i = 0; i < chunks.length; i += SCAN_SLICE) {
          if (context.signal.aborted) throw new AppError('job_cancelled', 'ingestion was cancelled');
          const slice = chunks.slice(i, i + SCAN_SLICE);
          const verdicts = (await processor.run(
            INJECTION_SCAN_TASK,
            slice.map((chunk) => chunk.text),
          )) as Verdict[];
          for (const [j, verdict] of verdicts.entries()) {
            guardrails.observe(verdict);
            await note(slice[j]!.id, verdict);
          }
        }
      } else {
        // The scan costs a few ms per chunk on this thread: a turn of the event loop every 10 ms.
        let lastTurn = performance.now();
        for (const chunk of chunks) {
          if (performance.now() - lastTurn > 10) {
            if (context.signal.aborted) throw new AppError('job_cancelled', 'ingestion was cancelled');
            await new Promise((resolve) => setImmediate(resolve));
            lastTurn = performance.now();
          }
          await note(chunk.id, guardrails.scanChunk(chunk.text));
        }
      }
    }

    const known = await chunksRepo.embeddingsByContentHash(document.id);
    const title = document.title ?? extracted.title;
    const missing = chunks.filter((chunk) => !known.has(chunk.contentHash));
    // Issue #16: the rest come from the tenant's embedding cache when this embedder has embedded
    // the same text before (another document or collection, or this job's own batches before a
    // crash); only texts it has never seen are embedded, each once.
    const scope = { tenantId: document.tenantId, embedderId: embedder.id };
    const texts = new Map<string, string>();
    const hashOf = new Map<string, string>();
    for (const chunk of missing) {
      const text = indexText({ title, headingPath: chunk.headingPath, text: chunk.text });
      const hash = sha256Hex(text);
      hashOf.set(chunk.id, hash);
      texts.set(hash, text);
    }
    const cached = await embeddingCache.find(scope, [...texts.keys()]);
    const toEmbed = [...texts.entries()].filter(([hash]) => !cached.has(hash));
    const embedBatch = (start: number) => {
      const batch = toEmbed.slice(start, start + batchSize);
      const embedded = embedder
        .embed(
          batch.map(([, text]) => text),
          { signal: context.signal, priority: 'batch' },
        )
        .then((vectors) => batch.map(([textHash], j) => ({ textHash, vector: vectors[j]! })));
      // Awaited below unless a write fails first; then its failure is not an unhandled rejection.
      embedded.catch(() => undefined);
      return embedded;
    };
    // The next batch embeds while this one is written: the model threads would otherwise sit
    // idle during every cache write and progress report (ingestion at 0.6x the raw rate).
    let next = toEmbed.length > 0 ? embedBatch(0) : null;
    for (let i = 0; i < toEmbed.length; i += batchSize) {
      const entries = await next!;
      next = null;
      if (context.signal.aborted) throw new AppError('job_cancelled', 'ingestion was cancelled');
      if (i + batchSize < toEmbed.length) next = embedBatch(i + batchSize);
      // Written per batch, so the work survives a crash: a retried job reads it back above.
      await embeddingCache.store({ ...scope, documentId: document.id }, entries);
      for (const entry of entries) cached.set(entry.textHash, entry.vector);
      await context.reportProgress({
        stage: 'embedding',
        pagesParsed: extracted.pages.length,
        chunksTotal: chunks.length,
        chunksEmbedded: Math.min(i + entries.length, toEmbed.length),
        chunksToEmbed: toEmbed.length,
        chunksReused: chunks.length - toEmbed.length,
      });
      // A turn of the event loop between batches, so HTTP requests (even a progress poll of
      // this job) are served while a large document embeds.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const vectors = new Map<string, Float32Array>();
    for (const chunk of missing) vectors.set(chunk.id, cached.get(hashOf.get(chunk.id)!)!);

    const stored: StoredChunk[] = chunks.map((chunk) => ({
      id: chunk.id,
      ordinal: chunk.ordinal,
      text: chunk.text,
      start: chunk.start,
      end: chunk.end,
      page: chunk.page,
      headingPath: chunk.headingPath,
      parentId: chunk.parentId,
      tokenCount: chunk.tokenCount,
      contentHash: chunk.contentHash,
      vector: vectors.get(chunk.id) ?? known.get(chunk.contentHash)!,
      flags: flagged.has(chunk.id) ? { injection: true } : {},
    }));

    const target = {
      documentId: document.id,
      collectionId: document.collectionId,
      tenantId: document.tenantId,
      contentHash: payload.contentHash,
    };
    const generation = await chunksRepo.nextGeneration();
    let outcome: Awaited<ReturnType<ChunksRepo['publish']>> | typeof EMBEDDER_CHANGED;
    try {
      // Written ahead in short statements, so the final transaction below stays short (issue #16).
      let reported = performance.now();
      const staged = await chunksRepo.stage(target, stored, parents, generation, async (written) => {
        if (context.signal.aborted) throw new AppError('job_cancelled', 'ingestion was cancelled');
        if (performance.now() - reported < 1000) return;
        reported = performance.now();
        await context.reportProgress({
          stage: 'writing',
          pagesParsed: extracted.pages.length,
          chunksTotal: stored.length,
          chunksEmbedded: toEmbed.length,
          chunksToEmbed: toEmbed.length,
          chunksReused: stored.length - toEmbed.length,
          chunksWritten: written,
        });
      });
      // A newer attempt (a retry, or a newer version of the document) writes and publishes.
      if (!staged) outcome = null;
      else
        outcome = await deps.db.transaction(async (tx) => {
          // First, so this collection's change numbers commit in order (and before the row lock
          // below, in the same order as a delete takes them, so the two cannot deadlock).
          await lockChangeLog(tx, document.collectionId);
          // Lock the row: a concurrent delete either happens before (we skip) or waits for us.
          const { rows } = await tx.query<{ content_hash: string }>(
            'select content_hash from documents where id = $1 for update',
            [document.id],
          );
          if (rows[0]?.content_hash !== payload.contentHash) return null;
          // The re-embedding swap takes the same lock: it either committed before (we see its
          // embedder, and our vectors are of the old one) or waits for us and then re-embeds ours.
          const built = await tx.query<{ embedder_id: string }>(
            'select embedder_id from collections where id = $1',
            [document.collectionId],
          );
          if (built.rows[0] && built.rows[0].embedder_id !== embedder.id) return EMBEDDER_CHANGED;
          const result = await chunksRepo.publish(tx, target, stored, generation);
          if (!result) return null;
          // Text the new version lost is gone from the document: its copies elsewhere go with it.
          // No chunk removed means every old chunk's text is still there.
          if (result.removed.length > 0 && deps.copies) {
            await removeDocumentCopies(tx, deps.copies, document.tenantId, {
              documentIds: [document.id],
              replacement: { text: extracted.text },
            });
          }
          await new DocumentsRepo(tx).markReady(document.id, {
            title: extracted.title,
            format: extracted.format,
            text: extracted.text,
            pageCount: extracted.pages.length,
            language: extracted.language,
            ocr: ocrSummary(extracted.metadata),
          });
          return result;
        });
    } catch (error) {
      await chunksRepo.dropStaged(document.id, generation).catch(() => undefined);
      // Deleted or replaced while its chunks were written (a staged row's document is gone).
      const now = await documents.find(document.id).catch(() => undefined);
      if (now === null || (now && now.contentHash !== payload.contentHash))
        return { documentId: document.id, status: 'skipped' };
      throw error;
    }
    if (outcome === EMBEDDER_CHANGED || outcome === null)
      await chunksRepo.dropStaged(document.id, generation).catch(() => undefined);
    if (outcome === EMBEDDER_CHANGED) return outcome;
    if (!outcome) return { documentId: document.id, status: 'skipped' };
    await deps.onChunksChanged?.(document.collectionId);
    logger.info(
      { documentId: document.id, chunks: stored.length, embedded: toEmbed.length },
      'document ingested',
    );
    return {
      documentId: document.id,
      status: 'ready',
      pages: extracted.pages.length,
      chunks: stored.length,
      embedded: toEmbed.length,
      reused: stored.length - toEmbed.length,
      removed: outcome.removed.length,
    };
  }
}
