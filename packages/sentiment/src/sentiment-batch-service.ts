import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { AppError, type Logger, newId, silentLogger } from '@grounded/core';
import type { JobQueue } from '@grounded/jobs';
import type { Database } from '@grounded/storage';
import {
  type BatchAggregates,
  type BatchParams,
  type BatchRecord,
  type BatchResultView,
  SentimentBatchesRepo,
} from './repositories/sentiment-batches-repo';
import { SENTIMENT_BATCH_CHUNK_JOB, type SentimentChunkPayload } from './sentiment-batch-job';
import type { SentimentService } from './sentiment-service';
import { type GoodRow, readUploadRows } from './sentiment-upload-rows';

export interface SentimentBatchServiceOptions {
  db: Database;
  queue: JobQueue;
  sentiment: SentimentService;
  logger?: Logger;
  /** Rows per queued chunk job (default 1000): small, so interactive work gets the CPU between them. */
  chunkRows?: number;
  /** Largest upload in data rows (default 1,000,000). */
  maxRows?: number;
  /** Queue priority of chunk jobs; higher runs later (ingestion uses 5). Default 100. */
  priority?: number;
  /** Attempts per chunk job before the batch fails (default 5). */
  maxAttempts?: number;
}

export interface CreateBatchInput {
  tenantId: string;
  idempotencyKey?: string | null | undefined;
  params: BatchParams;
  /** The upload's bytes, streamed. */
  body: Readable;
  requestId?: string | null | undefined;
}

export interface BatchStatusView {
  id: string;
  status: BatchRecord['status'];
  params: BatchParams;
  progress: {
    rowsTotal: number;
    rowsDone: number;
    rowsMalformed: number;
    chunksTotal: number;
    chunksDone: number;
    /** (done + malformed) / total. */
    fraction: number;
    rowsPerSecond: number | null;
  };
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Where a batch stands plus its aggregates and a sample of malformed rows. */
export interface BatchReport extends BatchStatusView {
  aggregates: BatchAggregates;
  malformed: { count: number; sample: { rowNo: number; reason: string }[] };
}

const TERMINAL = new Set(['succeeded', 'cancelled', 'failed', 'upload_failed']);

/**
 * Sentiment batches: the upload is streamed row by row into Postgres in chunks (never held whole),
 * then one low-priority job per chunk classifies its rows. Results are keyed by (batch, row), so a
 * chunk redelivered after a worker died adds nothing twice.
 */
export class SentimentBatchService {
  readonly chunkRows: number;
  readonly maxRows: number;
  private readonly batches: SentimentBatchesRepo;
  private readonly logger: Logger;
  /** Aggregates of finished batches (they never change), bounded. */
  private readonly finished = new Map<string, BatchAggregates>();

  constructor(private readonly options: SentimentBatchServiceOptions) {
    this.chunkRows = options.chunkRows ?? 1000;
    this.maxRows = options.maxRows ?? 1_000_000;
    this.batches = new SentimentBatchesRepo(options.db);
    this.logger = (options.logger ?? silentLogger).child({ component: 'sentiment-batches' });
  }

  /**
   * Stores the upload and queues its chunks. With an Idempotency-Key, the same key and the same
   * body (bytes + parameters) return the existing batch (`created: false`); the same key with a
   * different body is refused with `idempotency_key_reused`.
   */
  async create(input: CreateBatchInput): Promise<{ batch: BatchRecord; created: boolean }> {
    const key = input.idempotencyKey ?? null;
    if (input.params.model) await this.options.sentiment.requireModel(input.tenantId, input.params.model);
    const paramsHash = JSON.stringify(input.params);
    if (key) {
      const existing = await this.batches.findByKey(input.tenantId, key);
      if (existing && existing.status === 'upload_failed') {
        // The earlier upload never completed: the retry takes its place.
        await this.batches.delete(existing.id);
      } else if (existing) {
        return { batch: await this.replay(existing, input.body, paramsHash), created: false };
      }
    }
    const created = await this.batches.create({
      id: newId('sbat'),
      tenantId: input.tenantId,
      idempotencyKey: key,
      params: input.params,
      chunkRows: this.chunkRows,
    });
    if (!created) {
      // A concurrent request with the same key inserted first.
      const winner = key ? await this.batches.findByKey(input.tenantId, key) : null;
      if (!winner) throw new AppError('conflict', 'the batch could not be created; retry the request');
      return { batch: await this.replay(winner, input.body, paramsHash), created: false };
    }

    let stored: { rowsTotal: number; rowsMalformed: number; bodyHash: string };
    try {
      stored = await this.storeRows(created, input.body, paramsHash);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.batches.markUploadFailed(created.id, message).catch(() => undefined);
      throw error;
    }
    const chunksTotal = stored.rowsTotal === 0 ? 0 : Math.ceil(stored.rowsTotal / this.chunkRows);
    const batch = await this.batches.finishUpload(created.id, { ...stored, chunksTotal });
    if (batch.status === 'queued') await this.enqueueChunks(batch, input.requestId ?? null);
    this.logger.info(
      { batchId: batch.id, rows: stored.rowsTotal, malformed: stored.rowsMalformed, chunks: chunksTotal },
      'sentiment batch queued',
    );
    return { batch, created: true };
  }

  /** Same key again: hash this body without storing it, and compare with the stored batch. */
  private async replay(existing: BatchRecord, body: Readable, paramsHash: string): Promise<BatchRecord> {
    const hash = createHash('sha256').update(paramsHash).update('\n');
    for await (const part of body) hash.update(part as Buffer);
    const bodyHash = hash.digest('hex');
    // Still uploading under the other request: it is the same batch as far as the client can tell.
    if (existing.bodyHash !== null && existing.bodyHash !== bodyHash) {
      throw new AppError(
        'idempotency_key_reused',
        'this Idempotency-Key was already used for a different upload or different parameters',
        { details: { batchId: existing.id } },
      );
    }
    return existing;
  }

  private async storeRows(
    batch: BatchRecord,
    body: Readable,
    paramsHash: string,
  ): Promise<{ rowsTotal: number; rowsMalformed: number; bodyHash: string }> {
    const hash = createHash('sha256').update(paramsHash).update('\n');
    // Tap the bytes for the body hash on their way to the parser.
    const tap = new PassThrough();
    body.on('data', (part: Buffer) => hash.update(part));
    body.on('error', (error) => tap.destroy(error));
    body.pipe(tap);

    let good: GoodRow[] = [];
    let bad: { rowNo: number; reason: string }[] = [];
    let rowsTotal = 0;
    let rowsMalformed = 0;
    const flush = async () => {
      const [g, b] = [good, bad];
      good = [];
      bad = [];
      await this.batches.insertRows(batch.id, g);
      await this.batches.insertErrors(batch.id, b);
    };
    const params = batch.params;
    for await (const row of readUploadRows(tap, {
      format: params.format,
      textColumn: params.textColumn,
      idColumn: params.idColumn,
      metadataColumns: params.metadataColumns,
      dateColumn: params.dateColumn,
    })) {
      rowsTotal = row.rowNo;
      if (rowsTotal > this.maxRows) {
        body.unpipe(tap);
        body.resume();
        throw new AppError('batch_too_many_rows', `the upload has more than ${this.maxRows} rows`, {
          details: { maxRows: this.maxRows },
        });
      }
      if (row.ok) good.push(row);
      else {
        rowsMalformed++;
        bad.push({ rowNo: row.rowNo, reason: row.reason });
      }
      // Flushing at chunk boundaries keeps memory bounded by one chunk whatever the file size.
      if (row.rowNo % this.chunkRows === 0) await flush();
    }
    await flush();
    if (rowsTotal === 0) {
      throw new AppError('empty_batch', 'the upload contains no rows', { retryable: false });
    }
    return { rowsTotal, rowsMalformed, bodyHash: hash.digest('hex') };
  }

  private async enqueueChunks(batch: BatchRecord, requestId: string | null): Promise<void> {
    for (let chunk = 0; chunk < batch.chunksTotal; chunk++) {
      const payload: SentimentChunkPayload = { batchId: batch.id, chunk };
      // Deterministic ids: re-enqueueing (e.g. a resumed create) never makes a second job.
      await this.options.queue.enqueue(SENTIMENT_BATCH_CHUNK_JOB, payload, {
        jobId: `${batch.id}_c${chunk}`,
        tenantId: batch.tenantId,
        requestId,
        priority: this.options.priority ?? 100,
        maxAttempts: this.options.maxAttempts ?? 5,
      });
    }
  }

  /** Queues again the chunks that are not finished (e.g. after Redis lost its jobs); idempotent. */
  async resume(tenantId: string, id: string): Promise<BatchRecord> {
    const batch = await this.batches.get(tenantId, id);
    if (TERMINAL.has(batch.status)) return batch;
    for (let chunk = 0; chunk < batch.chunksTotal; chunk++) {
      if (await this.batches.isChunkDone(batch.id, chunk)) continue;
      const job = await this.options.queue.get(`${batch.id}_c${chunk}`);
      if (job && (job.status === 'queued' || job.status === 'running')) continue;
      await this.options.queue.enqueue(
        SENTIMENT_BATCH_CHUNK_JOB,
        { batchId: batch.id, chunk },
        {
          jobId: `${batch.id}_c${chunk}_r${Date.now()}`,
          tenantId: batch.tenantId,
          priority: this.options.priority ?? 100,
          maxAttempts: this.options.maxAttempts ?? 5,
        },
      );
    }
    return batch;
  }

  async get(tenantId: string, id: string): Promise<BatchRecord> {
    return this.batches.get(tenantId, id);
  }

  list(tenantId: string, page: { limit: number; after?: number | undefined }): Promise<BatchRecord[]> {
    return this.batches.list(tenantId, page);
  }

  view(batch: BatchRecord): BatchStatusView {
    const started = batch.startedAt ? Date.parse(batch.startedAt) : null;
    const until = batch.finishedAt ? Date.parse(batch.finishedAt) : Date.now();
    const seconds = started !== null ? Math.max(0.001, (until - started) / 1000) : null;
    return {
      id: batch.id,
      status: batch.status,
      params: batch.params,
      progress: {
        rowsTotal: batch.rowsTotal,
        rowsDone: batch.rowsDone,
        rowsMalformed: batch.rowsMalformed,
        chunksTotal: batch.chunksTotal,
        chunksDone: batch.chunksDone,
        fraction:
          batch.rowsTotal > 0 ? Math.min(1, (batch.rowsDone + batch.rowsMalformed) / batch.rowsTotal) : 1,
        rowsPerSecond:
          seconds !== null && batch.rowsDone > 0 ? Math.round((batch.rowsDone / seconds) * 10) / 10 : null,
      },
      error: batch.error,
      createdAt: batch.createdAt,
      startedAt: batch.startedAt,
      finishedAt: batch.finishedAt,
    };
  }

  /**
   * Status, aggregates (unless `withAggregates` is false, for cheap polling) and a sample of
   * malformed rows. A finished batch never changes, so its aggregates are computed once per process.
   */
  async report(tenantId: string, id: string, withAggregates = true): Promise<BatchReport | BatchStatusView> {
    const batch = await this.batches.get(tenantId, id);
    if (!withAggregates) return this.view(batch);
    let aggregates = this.finished.get(batch.id);
    if (!aggregates) {
      aggregates = await this.computeAggregates(batch);
      if (TERMINAL.has(batch.status)) {
        this.finished.set(batch.id, aggregates);
        // A small bounded cache: drop the oldest entry.
        if (this.finished.size > 200) this.finished.delete(this.finished.keys().next().value as string);
      }
    }
    const sample = await this.batches.errors(batch.id, { limit: 20 });
    return { ...this.view(batch), aggregates, malformed: { count: batch.rowsMalformed, sample } };
  }

  computeAggregates(batch: BatchRecord): Promise<BatchAggregates> {
    return this.batches.aggregates(
      batch.id,
      batch.params.metadataColumns ?? [],
      batch.params.dateColumn !== undefined,
    );
  }

  async cancel(tenantId: string, id: string): Promise<BatchRecord> {
    const batch = await this.batches.get(tenantId, id);
    await this.batches.cancel(batch.id);
    // Chunk jobs still queued find the batch cancelled and finish at once without work.
    return this.batches.get(tenantId, id);
  }

  async results(
    tenantId: string,
    id: string,
    page: { limit: number; after?: number | undefined },
  ): Promise<BatchResultView[]> {
    const batch = await this.batches.get(tenantId, id);
    return this.batches.results(batch.id, page);
  }

  async errors(
    tenantId: string,
    id: string,
    page: { limit: number; after?: number | undefined },
  ): Promise<{ rowNo: number; reason: string }[]> {
    const batch = await this.batches.get(tenantId, id);
    return this.batches.errors(batch.id, page);
  }

  /** All results as CSV lines, page by page (keyset), so an export of a million rows streams. */
  async *exportCsv(tenantId: string, id: string, pageSize = 5000): AsyncGenerator<string> {
    const batch = await this.batches.get(tenantId, id);
    const metaColumns = batch.params.metadataColumns ?? [];
    const header = [
      'row',
      'id',
      'label',
      'score',
      'confidence',
      'language',
      'classifier',
      'raw_label',
      ...(batch.params.dateColumn ? ['date'] : []),
      ...metaColumns,
      'text',
    ];
    yield `${header.map(csvCell).join(',')}\r\n`;
    let after = 0;
    for (;;) {
      const page = await this.batches.results(batch.id, { limit: pageSize, after });
      if (page.length === 0) return;
      let out = '';
      for (const r of page) {
        const cells = [
          r.rowNo,
          r.id,
          r.label,
          Math.round(r.score * 1e4) / 1e4,
          Math.round(r.confidence * 1e4) / 1e4,
          r.language,
          r.classifier,
          r.rawLabel,
          ...(batch.params.dateColumn ? [r.date] : []),
          ...metaColumns.map((c) => r.metadata[c] ?? null),
          r.text,
        ];
        out += `${cells.map(csvCell).join(',')}\r\n`;
      }
      yield out;
      after = page.at(-1)!.rowNo;
    }
  }
}

/** RFC 4180 quoting; a leading =,+,-,@ is prefixed with ' so spreadsheets do not run it as a formula. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
