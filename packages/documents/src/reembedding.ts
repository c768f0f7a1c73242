import { randomUUID } from 'node:crypto';
import { AppError, type Logger, silentLogger } from '@grounded/core';
import type { JobContext, JobHandler, JobQueue, JobRecord } from '@grounded/jobs';
import { CollectionIndex } from '@grounded/retrieval';
import type { Database } from '@grounded/storage';
import { z } from 'zod';
import type { EmbedderRegistry, EmbedderSpec } from './embedders';
import { type IndexManager, toIndexEntry } from './index-manager';
import { indexText } from './index-text';
import { ChunksRepo, lockChangeLog } from './repositories/chunks-repo';
import { CollectionsRepo } from './repositories/collections-repo';
import { type ReembedChunk, ReembeddingRepo } from './repositories/reembedding-repo';

export const REEMBED_JOB = 'reembed-collection';

export const reembedJobPayload = z.object({
  tenantId: z.string().min(1),
  collectionId: z.string().min(1),
  spec: z.object({ kind: z.string().min(1), model: z.string().min(1).optional() }),
  embedderId: z.string().min(1),
  dimension: z.number().int().positive(),
});
export type ReembedJobPayload = z.infer<typeof reembedJobPayload>;

export interface ReembedResult {
  collectionId: string;
  status: 'swapped' | 'skipped';
  embedderId: string;
  dimension?: number;
  chunks?: number;
  /** Chunks embedded by this run (a resumed run skips those staged before it stopped). */
  embedded?: number;
  reason?: string;
}

const LIVE: ReadonlySet<JobRecord['status']> = new Set(['queued', 'running']);

/** Starts re-embedding a collection (issue #17): validates the target, then queues the job. */
export class ReembedService {
  private readonly collections: CollectionsRepo;
  private readonly repo: ReembeddingRepo;

  constructor(private readonly deps: { db: Database; queue: JobQueue; embedders: EmbedderRegistry }) {
    this.collections = new CollectionsRepo(deps.db);
    this.repo = new ReembeddingRepo(deps.db);
  }

  async start(input: {
    tenantId: string;
    collectionId: string;
    embedder: unknown;
    requestId?: string | null;
  }): Promise<{ job: JobRecord; target: { embedderId: string; dimension: number; spec: EmbedderSpec } }> {
    const collection = await this.collections.get(input.tenantId, input.collectionId);
    const spec = this.deps.embedders.parse(input.embedder);
    // Built here, so that a model this server cannot load is refused now, not in a failed job.
    const target = await this.deps.embedders.build(spec);
    if (target.id === collection.embedderId && target.dimension === collection.embeddingDimension) {
      throw new AppError('conflict', `collection ${collection.id} is already embedded with '${target.id}'`);
    }
    const payload: ReembedJobPayload = {
      tenantId: collection.tenantId,
      collectionId: collection.id,
      spec,
      embedderId: target.id,
      dimension: target.dimension,
    };
    // The marker is set before the job exists, so that the job always finds itself holding it; of
    // two requests at once, the conditional update lets one through.
    const jobId = randomUUID();
    if (!(await this.repo.claim(collection.id, jobId, (id) => this.isLive(id)))) {
      throw inProgress(collection.id, (await this.repo.holder(collection.id)) ?? 'unknown');
    }
    let job: JobRecord;
    try {
      job = await this.deps.queue.enqueue(REEMBED_JOB, payload, {
        jobId,
        tenantId: collection.tenantId,
        requestId: input.requestId ?? null,
        maxAttempts: 3,
      });
    } catch (error) {
      await this.repo.release(collection.id, jobId);
      throw error;
    }
    return {
      job,
      target: { embedderId: target.id, dimension: target.dimension, spec },
    };
  }

  private async isLive(jobId: string): Promise<boolean> {
    const job = await this.deps.queue.get(jobId);
    return job !== null && LIVE.has(job.status);
  }
}

function inProgress(collectionId: string, jobId: string): AppError {
  return new AppError(
    'reembed_in_progress',
    `collection ${collectionId} is being re-embedded by job ${jobId}`,
    {
      details: { jobId },
    },
  );
}

export interface ReembedDeps {
  db: Database;
  embedders: EmbedderRegistry;
  indexes: IndexManager;
  logger?: Logger;
  /** Chunks read from Postgres at a time. */
  pageSize?: number;
  /** Texts per embedder call; small, for the reason given in the ingestion job. */
  embedBatchSize?: number;
}

/**
 * The re-embedding job. The current vectors and index keep serving search and chat throughout:
 *
 * 1. Reads the collection's chunks by id, embeds each with the target embedder (unless a previous
 *    run staged it already: a restarted job resumes) into `reembedding_vectors`, and builds the
 *    new HNSW + BM25 index from them, in memory, beside the one serving.
 * 2. Stages that index in the IndexManager, then one transaction, holding the collection's
 *    change-log lock, swaps: every chunk takes its new vector, the collection its new embedder,
 *    the staged vectors and so the old ones are gone. The first `ready()` that sees the new
 *    embedder installs the staged index in one reference swap.
 *
 * Documents ingested meanwhile: they are caught up, not embedded twice. The ingestion job embeds
 * with the collection's embedder of the moment and commits under the same change-log lock; the
 * swap transaction, holding that lock, embeds whatever chunk still has no staged vector, so no
 * chunk can come out of the swap with an old vector, and an ingestion that embedded with the old
 * embedder but commits after the swap sees the new embedder and starts over (ingestion-job.ts).
 * Chunks committed after the job read the log's position reach the staged index through the
 * change log, as any other change. Embedding twice would double the cost of every upload for
 * the whole run, for chunks the catch-up embeds once.
 *
 * Cancel (`POST /v1/jobs/:id/cancel`): the old index never stopped serving; the staged vectors
 * and index are dropped. A crash or shutdown leaves the staged vectors for the retried job.
 */
export function createReembedHandler(deps: ReembedDeps): JobHandler {
  const logger = (deps.logger ?? silentLogger).child({ job: REEMBED_JOB });
  const collections = new CollectionsRepo(deps.db);
  const chunks = new ChunksRepo(deps.db);
  const repo = new ReembeddingRepo(deps.db);
  const pageSize = deps.pageSize ?? 256;
  const batchSize = deps.embedBatchSize ?? 16;

  return async (rawPayload: unknown, context: JobContext): Promise<ReembedResult> => {
    const payload = reembedJobPayload.parse(rawPayload);
    const { collectionId } = payload;
    const skipped = (reason: string): ReembedResult => ({
      collectionId,
      status: 'skipped',
      embedderId: payload.embedderId,
      reason,
    });
    const collection = await collections.find(payload.tenantId, collectionId);
    if (!collection) return skipped('the collection was deleted');
    if (collection.reembedJobId !== context.jobId) {
      // Already swapped by an earlier attempt of this job, or superseded by another job.
      return skipped(
        collection.embedderId === payload.embedderId ? 'already swapped' : 'another job holds the collection',
      );
    }
    const target = await deps.embedders.build(payload.spec);
    if (target.id !== payload.embedderId || target.dimension !== payload.dimension) {
      throw new AppError(
        'embedder_build_failed',
        `the settings now build '${target.id}' (${target.dimension}), not '${payload.embedderId}' (${payload.dimension})`,
        { retryable: false },
      );
    }
    const identity = { id: collectionId, embedderId: target.id, embeddingDimension: target.dimension };
    const checkCancelled = () => {
      if (context.signal.aborted) throw new AppError('job_cancelled', 're-embedding was cancelled');
    };

    /** Embeds chunks with the target embedder and stages their vectors; returns them by chunk id. */
    const embedAndStage = async (
      rows: readonly ReembedChunk[],
      into: ReembeddingRepo,
      yieldBetween: boolean,
      onBatch?: (count: number) => Promise<void>,
    ): Promise<Map<string, Float32Array>> => {
      const out = new Map<string, Float32Array>();
      for (let i = 0; i < rows.length; i += batchSize) {
        checkCancelled();
        const batch = rows.slice(i, i + batchSize);
        const vectors = await target.embed(
          batch.map((chunk) =>
            indexText({ title: chunk.title, headingPath: chunk.headingPath, text: chunk.text }),
          ),
          { signal: context.signal, priority: 'batch' },
        );
        const staged = batch.map((chunk, j) => ({
          chunkId: chunk.id,
          contentHash: chunk.contentHash,
          vector: vectors[j]!,
        }));
        await into.stage(collectionId, target.id, staged);
        for (const row of staged) out.set(row.chunkId, row.vector);
        await onBatch?.(batch.length);
        // See the ingestion job: without a macrotask turn, HTTP requests wait for the whole page.
        if (yieldBetween) await new Promise((resolve) => setImmediate(resolve));
      }
      return out;
    };

    const index = new CollectionIndex({ embedderId: target.id, dimension: target.dimension });
    const addToIndex = (rows: readonly ReembedChunk[], fresh: Map<string, Float32Array>) => {
      const entries = rows.flatMap((chunk) => {
        const vector = fresh.get(chunk.id) ?? chunk.staged;
        return vector ? [toIndexEntry({ ...chunk, vector })] : [];
      });
      if (entries.length > 0) index.upsert(entries);
    };

    try {
      await repo.discardOthers(collectionId, target.id);
      // Read first: whatever commits after this reaches the new index through the change log.
      const lastSeq = await chunks.latestChangeSeq(collectionId);
      const total = await chunks.countForCollection(collectionId);
      let done = 0;
      let embedded = 0;
      await context.reportProgress({ stage: 'embedding', done, total, embedded, embedderId: target.id });
      for (let after = ''; ; ) {
        checkCancelled();
        const page = await repo.page(collectionId, target.id, after, pageSize);
        if (page.length === 0) break;
        const missing = page.filter((chunk) => !chunk.staged);
        // Staged by an earlier run of this job: done already.
        done += page.length - missing.length;
        const fresh = await embedAndStage(missing, repo, true, async (count) => {
          done += count;
          embedded += count;
          await context.reportProgress({
            stage: 'embedding',
            done,
            total: Math.max(total, done),
            embedded,
            embedderId: target.id,
          });
        });
        addToIndex(page, fresh);
        after = page[page.length - 1]!.id;
      }
      // Catch up with chunks ingested while we paged, outside the lock, so that the swap below
      // holds up ingestion into this collection only for what arrives in these last moments.
      for (let pass = 0; pass < 3; pass++) {
        const late = await repo.unstaged(collectionId, target.id, pageSize);
        if (late.length === 0) break;
        addToIndex(late, await embedAndStage(late, repo, true));
        embedded += late.length;
      }
      checkCancelled();
      await context.reportProgress({ stage: 'swapping', done, total: Math.max(total, done), embedded });
      deps.indexes.stage(identity, index, lastSeq);
      const swapped = await deps.db.transaction(async (tx) => {
        // Ingestion into this collection waits here until the swap commits (or rolls back).
        await lockChangeLog(tx, collectionId);
        const txRepo = new ReembeddingRepo(tx);
        for (;;) {
          // Committed after `lastSeq`: the staged index gets them from the change log.
          const late = await txRepo.unstaged(collectionId, target.id, pageSize);
          if (late.length === 0) break;
          await embedAndStage(late, txRepo, false);
          embedded += late.length;
        }
        checkCancelled();
        if ((await txRepo.holder(collectionId)) !== context.jobId) return null;
        return txRepo.swap(collectionId, context.jobId, {
          embedderId: target.id,
          dimension: target.dimension,
          spec: payload.spec,
        });
      });
      if (!swapped) {
        deps.indexes.discardStaged(collectionId);
        await repo.discard(collectionId);
        return skipped('the collection was handed to another job');
      }
      // Installs the staged index now rather than on the next search.
      await deps.indexes.ready(identity, { current: true });
      await context.reportProgress({ stage: 'swapped', done, total: Math.max(total, done), embedded });
      logger.info(
        { collectionId, embedderId: target.id, chunks: swapped.updated, embedded },
        'collection re-embedded',
      );
      return {
        collectionId,
        status: 'swapped',
        embedderId: target.id,
        dimension: target.dimension,
        chunks: swapped.updated,
        embedded,
      };
    } catch (error) {
      deps.indexes.discardStaged(collectionId);
      // Cancelled: nothing of the new generation stays. A shutdown or a crash keeps the staged
      // vectors, so the retried job embeds only what is left.
      if (context.signal.aborted && context.signal.reason === 'cancelled') {
        await repo.discard(collectionId).catch(() => undefined);
        await repo.release(collectionId, context.jobId).catch(() => undefined);
        logger.info({ collectionId }, 're-embedding cancelled; the old index keeps serving');
      }
      throw error;
    }
  };
}
