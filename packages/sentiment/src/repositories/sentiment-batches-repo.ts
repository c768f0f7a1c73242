import { AppError } from '@grounded/core';
import type { Queryable } from '@grounded/storage';
import type { GoodRow } from '../sentiment-upload-rows';

export type BatchStatus =
  | 'uploading'
  | 'upload_failed'
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'cancelled'
  | 'failed';

export interface BatchParams {
  format: 'csv' | 'jsonl';
  textColumn: string;
  idColumn?: string;
  metadataColumns?: string[];
  dateColumn?: string;
  /** A trained model's name; absent: the language router. */
  model?: string;
  filename?: string;
}

export interface BatchRecord {
  id: string;
  tenantId: string;
  seq: number;
  idempotencyKey: string | null;
  bodyHash: string | null;
  status: BatchStatus;
  params: BatchParams;
  rowsTotal: number;
  rowsMalformed: number;
  rowsDone: number;
  chunkRows: number;
  chunksTotal: number;
  chunksDone: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface BatchRow {
  id: string;
  tenant_id: string;
  seq: number | string;
  idempotency_key: string | null;
  body_hash: string | null;
  status: BatchStatus;
  params: BatchParams;
  rows_total: number;
  rows_malformed: number;
  rows_done: number;
  chunk_rows: number;
  chunks_total: number;
  chunks_done: number;
  error: string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

function toBatch(row: BatchRow): BatchRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    seq: Number(row.seq),
    idempotencyKey: row.idempotency_key,
    bodyHash: row.body_hash,
    status: row.status,
    params: row.params,
    rowsTotal: row.rows_total,
    rowsMalformed: row.rows_malformed,
    rowsDone: row.rows_done,
    chunkRows: row.chunk_rows,
    chunksTotal: row.chunks_total,
    chunksDone: row.chunks_done,
    error: row.error,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}

const COLUMNS = `id, tenant_id, seq, idempotency_key, body_hash, status, params, rows_total, rows_malformed,
  rows_done, chunk_rows, chunks_total, chunks_done, error, created_at, started_at, finished_at`;

export interface BatchResultRow {
  rowNo: number;
  label: string;
  score: number;
  confidence: number;
  language: string | null;
  classifier: string;
  rawLabel: string | null;
}

export interface BatchResultView extends BatchResultRow {
  id: string | null;
  text: string;
  metadata: Record<string, string>;
  date: string | null;
}

export interface BatchAggregates {
  labels: Record<string, number>;
  averageScore: number | null;
  byMetadata: Record<string, { value: string; count: number; labels: Record<string, number> }[]>;
  byDay: { day: string; count: number; averageScore: number; labels: Record<string, number> }[];
}

/** Sentiment batches and their rows, results, malformed rows and finished chunks. */
export class SentimentBatchesRepo {
  constructor(private readonly db: Queryable) {}

  async create(input: {
    id: string;
    tenantId: string;
    idempotencyKey: string | null;
    params: BatchParams;
    chunkRows: number;
  }): Promise<BatchRecord | null> {
    // ON CONFLICT: a concurrent upload with the same key won the race; the caller looks it up.
    const { rows } = await this.db.query<BatchRow>(
      `insert into sentiment_batches (id, tenant_id, idempotency_key, params, chunk_rows)
       values ($1, $2, $3, $4::jsonb, $5)
       on conflict (tenant_id, idempotency_key) where idempotency_key is not null do nothing
       returning ${COLUMNS}`,
      [input.id, input.tenantId, input.idempotencyKey, JSON.stringify(input.params), input.chunkRows],
    );
    return rows[0] ? toBatch(rows[0]) : null;
  }

  async find(id: string): Promise<BatchRecord | null> {
    const { rows } = await this.db.query<BatchRow>(`select ${COLUMNS} from sentiment_batches where id = $1`, [
      id,
    ]);
    return rows[0] ? toBatch(rows[0]) : null;
  }

  async get(tenantId: string, id: string): Promise<BatchRecord> {
    const found = await this.find(id);
    // Another tenant's batch is reported missing, not forbidden: ids reveal nothing.
    if (!found || found.tenantId !== tenantId) {
      throw new AppError('batch_not_found', `sentiment batch ${id} does not exist`);
    }
    return found;
  }

  async findByKey(tenantId: string, key: string): Promise<BatchRecord | null> {
    const { rows } = await this.db.query<BatchRow>(
      `select ${COLUMNS} from sentiment_batches where tenant_id = $1 and idempotency_key = $2`,
      [tenantId, key],
    );
    return rows[0] ? toBatch(rows[0]) : null;
  }

  async list(
    tenantId: string,
    options: { limit: number; after?: number | undefined },
  ): Promise<BatchRecord[]> {
    const { rows } = await this.db.query<BatchRow>(
      `select ${COLUMNS} from sentiment_batches where tenant_id = $1 and ($2::bigint is null or seq > $2)
       order by seq limit $3`,
      [tenantId, options.after ?? null, options.limit],
    );
    return rows.map(toBatch);
  }

  async delete(id: string): Promise<void> {
    await this.db.query('delete from sentiment_batches where id = $1', [id]);
  }

  /** One multi-row insert per call (a chunk of the upload), through arrays so it is one statement. */
  async insertRows(batchId: string, rows: readonly GoodRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `insert into sentiment_batch_rows (batch_id, row_no, external_id, text, metadata, row_date)
       select $1, r.row_no, r.external_id, r.text, r.metadata::jsonb, r.row_date::date
       from unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[])
         as r(row_no, external_id, text, metadata, row_date)
       on conflict (batch_id, row_no) do nothing`,
      [
        batchId,
        rows.map((r) => r.rowNo),
        rows.map((r) => r.externalId),
        rows.map((r) => r.text),
        rows.map((r) => JSON.stringify(r.metadata)),
        rows.map((r) => r.date),
      ],
    );
  }

  async insertErrors(batchId: string, errors: readonly { rowNo: number; reason: string }[]): Promise<void> {
    if (errors.length === 0) return;
    await this.db.query(
      `insert into sentiment_batch_errors (batch_id, row_no, reason)
       select $1, e.row_no, e.reason from unnest($2::int[], $3::text[]) as e(row_no, reason)
       on conflict (batch_id, row_no) do nothing`,
      [batchId, errors.map((e) => e.rowNo), errors.map((e) => e.reason)],
    );
  }

  async finishUpload(
    id: string,
    input: { bodyHash: string; rowsTotal: number; rowsMalformed: number; chunksTotal: number },
  ): Promise<BatchRecord> {
    const { rows } = await this.db.query<BatchRow>(
      `update sentiment_batches set body_hash = $2, rows_total = $3, rows_malformed = $4, chunks_total = $5,
         status = case when $5 = 0 then 'succeeded' else 'queued' end,
         finished_at = case when $5 = 0 then now() else null end, updated_at = now()
       where id = $1 and status = 'uploading' returning ${COLUMNS}`,
      [id, input.bodyHash, input.rowsTotal, input.rowsMalformed, input.chunksTotal],
    );
    if (rows[0]) return toBatch(rows[0]);
    // Cancelled while the upload streamed: keep it cancelled, but record what was uploaded.
    const { rows: kept } = await this.db.query<BatchRow>(
      `update sentiment_batches set body_hash = $2, rows_total = $3, rows_malformed = $4, chunks_total = $5,
         updated_at = now() where id = $1 returning ${COLUMNS}`,
      [id, input.bodyHash, input.rowsTotal, input.rowsMalformed, input.chunksTotal],
    );
    if (!kept[0])
      throw new AppError('batch_not_found', `sentiment batch ${id} was deleted during its upload`);
    return toBatch(kept[0]);
  }

  async markUploadFailed(id: string, error: string): Promise<void> {
    await this.db.query(
      `update sentiment_batches set status = 'upload_failed', error = $2, updated_at = now() where id = $1`,
      [id, error],
    );
    await this.db.query('delete from sentiment_batch_rows where batch_id = $1', [id]);
    await this.db.query('delete from sentiment_batch_errors where batch_id = $1', [id]);
  }

  async markRunning(id: string): Promise<void> {
    await this.db.query(
      `update sentiment_batches set status = 'running', started_at = coalesce(started_at, now()), updated_at = now()
       where id = $1 and status in ('queued', 'running')`,
      [id],
    );
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.db.query(
      `update sentiment_batches set status = 'failed', error = $2, finished_at = now(), updated_at = now()
       where id = $1 and status in ('queued', 'running')`,
      [id, error],
    );
  }

  async cancel(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `update sentiment_batches set status = 'cancelled', finished_at = now(), updated_at = now()
       where id = $1 and status in ('uploading', 'queued', 'running')`,
      [id],
    );
    return rowCount > 0;
  }

  async isChunkDone(batchId: string, chunk: number): Promise<boolean> {
    const { rows } = await this.db.query(
      'select 1 from sentiment_batch_chunks where batch_id = $1 and chunk = $2',
      [batchId, chunk],
    );
    return rows.length > 0;
  }

  /** The chunk's usable rows: row numbers chunk*size+1 … (chunk+1)*size, minus malformed ones. */
  async chunkRows(
    batchId: string,
    chunk: number,
    chunkSize: number,
  ): Promise<{ rowNo: number; text: string }[]> {
    const { rows } = await this.db.query<{ row_no: number; text: string }>(
      `select row_no, text from sentiment_batch_rows
       where batch_id = $1 and row_no > $2 and row_no <= $3 order by row_no`,
      [batchId, chunk * chunkSize, (chunk + 1) * chunkSize],
    );
    return rows.map((r) => ({ rowNo: r.row_no, text: r.text }));
  }

  /**
   * Writes a chunk's results and marks it finished, atomically. Results are keyed by (batch, row)
   * with ON CONFLICT DO NOTHING and the chunk marker is inserted once, so a chunk redelivered after
   * a worker died neither duplicates rows nor counts twice. Nothing is written once the batch was
   * cancelled. Returns the batch after the update, or null when nothing was recorded.
   */
  async completeChunk(
    batchId: string,
    chunk: number,
    results: readonly BatchResultRow[],
  ): Promise<BatchRecord | null> {
    const { rows: locked } = await this.db.query<{ status: BatchStatus }>(
      'select status from sentiment_batches where id = $1 for update',
      [batchId],
    );
    const status = locked[0]?.status;
    if (status !== 'queued' && status !== 'running') return null;
    if (results.length > 0) {
      await this.db.query(
        `insert into sentiment_batch_results (batch_id, row_no, label, score, confidence, language, classifier, raw_label)
         select $1, r.row_no, r.label, r.score, r.confidence, r.language, r.classifier, r.raw_label
         from unnest($2::int[], $3::text[], $4::real[], $5::real[], $6::text[], $7::text[], $8::text[])
           as r(row_no, label, score, confidence, language, classifier, raw_label)
         on conflict (batch_id, row_no) do nothing`,
        [
          batchId,
          results.map((r) => r.rowNo),
          results.map((r) => r.label),
          results.map((r) => r.score),
          results.map((r) => r.confidence),
          results.map((r) => r.language),
          results.map((r) => r.classifier),
          results.map((r) => r.rawLabel),
        ],
      );
    }
    const marked = await this.db.query(
      `insert into sentiment_batch_chunks (batch_id, chunk, rows_done) values ($1, $2, $3)
       on conflict (batch_id, chunk) do nothing returning chunk`,
      [batchId, chunk, results.length],
    );
    if (marked.rows.length === 0) return this.find(batchId);
    const { rows } = await this.db.query<BatchRow>(
      `update sentiment_batches set rows_done = rows_done + $2, chunks_done = chunks_done + 1,
         status = case when chunks_done + 1 >= chunks_total then 'succeeded' else 'running' end,
         started_at = coalesce(started_at, now()),
         finished_at = case when chunks_done + 1 >= chunks_total then now() else finished_at end,
         updated_at = now()
       where id = $1 returning ${COLUMNS}`,
      [batchId, results.length],
    );
    return rows[0] ? toBatch(rows[0]) : null;
  }

  async aggregates(
    batchId: string,
    metadataColumns: readonly string[],
    withDays: boolean,
  ): Promise<BatchAggregates> {
    const labels: Record<string, number> = {};
    const { rows: labelRows } = await this.db.query<{
      label: string;
      n: number | string;
      avg: number | string | null;
    }>(
      `select label, count(*) as n, avg(score) as avg from sentiment_batch_results where batch_id = $1 group by label`,
      [batchId],
    );
    let total = 0;
    let sum = 0;
    for (const r of labelRows) {
      const n = Number(r.n);
      labels[r.label] = n;
      total += n;
      sum += Number(r.avg ?? 0) * n;
    }
    const byMetadata: BatchAggregates['byMetadata'] = {};
    for (const column of metadataColumns) {
      const { rows } = await this.db.query<{ value: string; label: string; n: number | string }>(
        `with top as (
           select b.metadata ->> $2 as value, count(*) as n from sentiment_batch_results r
           join sentiment_batch_rows b on b.batch_id = r.batch_id and b.row_no = r.row_no
           where r.batch_id = $1 and b.metadata ? $2 group by 1 order by n desc, value limit 50)
         select b.metadata ->> $2 as value, r.label, count(*) as n from sentiment_batch_results r
         join sentiment_batch_rows b on b.batch_id = r.batch_id and b.row_no = r.row_no
         where r.batch_id = $1 and b.metadata ->> $2 in (select value from top) group by 1, 2`,
        [batchId, column],
      );
      const groups = new Map<string, { value: string; count: number; labels: Record<string, number> }>();
      for (const r of rows) {
        const g = groups.get(r.value) ?? { value: r.value, count: 0, labels: {} };
        g.count += Number(r.n);
        g.labels[r.label] = Number(r.n);
        groups.set(r.value, g);
      }
      byMetadata[column] = [...groups.values()].sort(
        (a, b) => b.count - a.count || a.value.localeCompare(b.value),
      );
    }
    const byDay: BatchAggregates['byDay'] = [];
    if (withDays) {
      const { rows } = await this.db.query<{
        day: string;
        label: string;
        n: number | string;
        sum: number | string;
      }>(
        `select to_char(b.row_date, 'YYYY-MM-DD') as day, r.label, count(*) as n, sum(r.score) as sum
         from sentiment_batch_results r
         join sentiment_batch_rows b on b.batch_id = r.batch_id and b.row_no = r.row_no
         where r.batch_id = $1 and b.row_date is not null group by 1, 2 order by 1`,
        [batchId],
      );
      const days = new Map<
        string,
        { day: string; count: number; sum: number; labels: Record<string, number> }
      >();
      for (const r of rows) {
        const d = days.get(r.day) ?? { day: r.day, count: 0, sum: 0, labels: {} };
        d.count += Number(r.n);
        d.sum += Number(r.sum);
        d.labels[r.label] = Number(r.n);
        days.set(r.day, d);
      }
      for (const d of days.values()) {
        byDay.push({ day: d.day, count: d.count, averageScore: d.sum / d.count, labels: d.labels });
      }
    }
    return { labels, averageScore: total > 0 ? sum / total : null, byMetadata, byDay };
  }

  /** Keyset page of results in row order. */
  async results(
    batchId: string,
    options: { limit: number; after?: number | undefined },
  ): Promise<BatchResultView[]> {
    const { rows } = await this.db.query<{
      row_no: number;
      label: string;
      score: number;
      confidence: number;
      language: string | null;
      classifier: string;
      raw_label: string | null;
      external_id: string | null;
      text: string;
      metadata: Record<string, string>;
      row_date: string | null;
    }>(
      `select r.row_no, r.label, r.score, r.confidence, r.language, r.classifier, r.raw_label,
         b.external_id, b.text, b.metadata, to_char(b.row_date, 'YYYY-MM-DD') as row_date
       from sentiment_batch_results r
       join sentiment_batch_rows b on b.batch_id = r.batch_id and b.row_no = r.row_no
       where r.batch_id = $1 and r.row_no > $2 order by r.row_no limit $3`,
      [batchId, options.after ?? 0, options.limit],
    );
    return rows.map((r) => ({
      rowNo: r.row_no,
      id: r.external_id,
      text: r.text,
      label: r.label,
      score: Number(r.score),
      confidence: Number(r.confidence),
      language: r.language,
      classifier: r.classifier,
      rawLabel: r.raw_label,
      metadata: r.metadata,
      date: r.row_date,
    }));
  }

  async errors(
    batchId: string,
    options: { limit: number; after?: number | undefined },
  ): Promise<{ rowNo: number; reason: string }[]> {
    const { rows } = await this.db.query<{ row_no: number; reason: string }>(
      `select row_no, reason from sentiment_batch_errors where batch_id = $1 and row_no > $2
       order by row_no limit $3`,
      [batchId, options.after ?? 0, options.limit],
    );
    return rows.map((r) => ({ rowNo: r.row_no, reason: r.reason }));
  }

  async resultCount(batchId: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number | string }>(
      'select count(*) as n from sentiment_batch_results where batch_id = $1',
      [batchId],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
