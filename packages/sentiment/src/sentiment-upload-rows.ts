import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { AppError, DEFAULT_MAX_JSON_DEPTH, jsonDepthExceeds } from '@grounded/core';
import Papa from 'papaparse';

export type UploadFormat = 'csv' | 'jsonl';

export interface RowColumns {
  textColumn: string;
  idColumn?: string | undefined;
  metadataColumns?: readonly string[] | undefined;
  dateColumn?: string | undefined;
}

export interface GoodRow {
  ok: true;
  /** 1-based number of the data record in the file (CSV header excluded; blank JSONL lines skipped). */
  rowNo: number;
  externalId: string | null;
  text: string;
  metadata: Record<string, string>;
  /** YYYY-MM-DD (UTC) when a date column is given and holds a date. */
  date: string | null;
}

export interface BadRow {
  ok: false;
  rowNo: number;
  reason: string;
}

export type UploadRow = GoodRow | BadRow;

export interface ReadRowsOptions extends RowColumns {
  format: UploadFormat;
  /** Texts longer than this are refused as malformed rather than silently cut (default 20000). */
  maxTextChars?: number;
}

function cell(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function toDay(raw: string): string | null {
  const ms = Date.parse(raw.trim());
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Turns one parsed record (CSV object or JSON object) into a row, or says why it is unusable. */
export function shapeRow(record: unknown, rowNo: number, options: ReadRowsOptions): UploadRow {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return { ok: false, rowNo, reason: 'not an object' };
  }
  const r = record as Record<string, unknown>;
  if (options.format === 'csv' && '__parsed_extra' in r) {
    return { ok: false, rowNo, reason: 'the row has more fields than the header' };
  }
  const text = cell(r[options.textColumn]);
  if (text === null) {
    return {
      ok: false,
      rowNo,
      reason:
        options.format === 'csv'
          ? `the row has no '${options.textColumn}' field (fewer fields than the header)`
          : `no '${options.textColumn}' field`,
    };
  }
  if (text.trim() === '') return { ok: false, rowNo, reason: `'${options.textColumn}' is empty` };
  const maxChars = options.maxTextChars ?? 20_000;
  if (text.length > maxChars) {
    return { ok: false, rowNo, reason: `'${options.textColumn}' is longer than ${maxChars} characters` };
  }
  let date: string | null = null;
  if (options.dateColumn) {
    const raw = cell(r[options.dateColumn]);
    if (raw !== null && raw.trim() !== '') {
      date = toDay(raw);
      if (date === null) {
        return { ok: false, rowNo, reason: `'${options.dateColumn}' is not a date: ${raw.slice(0, 40)}` };
      }
    }
  }
  const metadata: Record<string, string> = {};
  for (const column of options.metadataColumns ?? []) {
    const value = cell(r[column]);
    if (value !== null && value !== '') metadata[column] = value.slice(0, 200);
  }
  // Without idColumn, a column named "id" is the row's id: results and exports are matched back to
  // the caller's records by it, and an upload with an id column got id null on every row.
  const idColumn = options.idColumn ?? ('id' in r ? 'id' : undefined);
  const externalId = idColumn ? cell(r[idColumn]) : null;
  return { ok: true, rowNo, externalId: externalId?.slice(0, 200) ?? null, text, metadata, date };
}

/**
 * Streams rows out of a CSV (header row) or JSONL upload, one at a time with backpressure, so a
 * million-row file is never in memory. Malformed records come back as BadRow and the stream goes
 * on; only an unreadable stream (I/O error) throws.
 */
export async function* readUploadRows(input: Readable, options: ReadRowsOptions): AsyncGenerator<UploadRow> {
  let rowNo = 0;
  if (options.format === 'jsonl') {
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      rowNo++;
      if (jsonDepthExceeds(line, DEFAULT_MAX_JSON_DEPTH)) {
        yield { ok: false, rowNo, reason: `nests deeper than ${DEFAULT_MAX_JSON_DEPTH} levels` };
        continue;
      }
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        yield { ok: false, rowNo, reason: `not valid JSON: ${(error as Error).message.slice(0, 120)}` };
        continue;
      }
      yield shapeRow(record, rowNo, options);
    }
    return;
  }
  const headers: string[] = [];
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {
    header: true,
    skipEmptyLines: 'greedy',
    // A BOM from Excel would otherwise become part of the first column's name.
    transformHeader: (header: string, index: number) => {
      const name = (index === 0 ? header.replace(/^\uFEFF/, '') : header).trim();
      headers.push(name);
      return name;
    },
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  for await (const record of parser as AsyncIterable<unknown>) {
    if (rowNo === 0) {
      // A wrong column name would otherwise record every one of a million rows as malformed.
      const wanted = [
        options.textColumn,
        options.idColumn,
        options.dateColumn,
        ...(options.metadataColumns ?? []),
      ];
      const missing = wanted.filter((c): c is string => typeof c === 'string' && !headers.includes(c));
      if (missing.length > 0) {
        parser.destroy();
        input.unpipe(parser);
        throw new AppError(
          'batch_column_missing',
          `the CSV header has no column ${missing.map((c) => `'${c}'`).join(', ')}`,
          {
            details: { missing, headers: headers.slice(0, 100) },
          },
        );
      }
    }
    rowNo++;
    yield shapeRow(record, rowNo, options);
  }
}

/** An upload's format: as the client said, else from the file name, else from the MIME type; CSV by default. */
export function uploadFormatOf(
  given: UploadFormat | undefined,
  filename: string | null,
  mimeType: string | null,
): UploadFormat {
  if (given) return given;
  const name = (filename ?? '').toLowerCase();
  if (/\.(jsonl|ndjson|json)$/.test(name)) return 'jsonl';
  if (/\.(csv|tsv|txt)$/.test(name)) return 'csv';
  if (mimeType && /ndjson|jsonl|json/.test(mimeType)) return 'jsonl';
  return 'csv';
}

/**
 * The labelled rows of an uploaded training file: each usable row's text and its label column.
 * Rows without text or label are skipped (training needs both); more than `maxRows` is refused.
 */
export async function readLabelledRows(
  bytes: Uint8Array,
  options: { format: UploadFormat; textColumn: string; labelColumn: string; maxRows: number },
): Promise<{ text: string; label: string }[]> {
  const rows: { text: string; label: string }[] = [];
  const input = Readable.from([Buffer.from(bytes)]);
  for await (const row of readUploadRows(input, { ...options, metadataColumns: [options.labelColumn] })) {
    const label = row.ok ? row.metadata[options.labelColumn] : undefined;
    if (!row.ok || label === undefined) continue;
    rows.push({ text: row.text, label });
    assertTrainingRows(rows.length, options.maxRows);
  }
  return rows;
}

export function assertTrainingRows(count: number, maxRows: number): void {
  if (count > maxRows) throw new AppError('training_too_many_rows', `at most ${maxRows} training rows`);
}
