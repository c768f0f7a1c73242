import { AppError } from '@grounded/core';
import Papa from 'papaparse';
import { cleanInline } from './clean-text';
import { DocumentBuilder } from './document-builder';
import type { ResolvedParseOptions } from './parse-limits';
import type { ExtractedDocument } from './types';

const filled = (row: string[]) => row.filter((cell) => cell.trim() !== '').length;

/**
 * A title line: its one filled cell comes first, and it is shorter than the row below, reads as
 * words ("Sales report 2020,,") or leaves three columns or more unnamed ("Inventory,,", as Excel
 * pads it). A header of two columns naming one ("Name,") or pandas' index header (",value") is
 * no title.
 */
function isTitleLine(row: string[], below: string[]): boolean {
  const text = row[0]?.trim() ?? '';
  // The row under a title is the header: it names columns, so a row holding a bare number is
  // data, and the line above it is a header with unnamed columns ("Full name," over "Ann,30").
  const belowIsData = below.some((cell) => /^[-+]?[\d.,]+%?$/u.test(cell.trim()));
  return (
    !belowIsData &&
    filled(row) === 1 &&
    text !== '' &&
    (row.length < below.length || /\s/.test(text) || row.length >= 3)
  );
}

/**
 * Spreadsheet exports often put a title ("Sales report 2020", maybe padded with empty cells)
 * above the header; taken as the header it would name one column and leave the rest "column N".
 * Up to three such lines over a row of two filled cells or more are the title.
 */
function splitTitleLines(data: string[][]): { titleLines: string[]; rest: string[][] } {
  let n = 0;
  while (n < Math.min(3, data.length - 2) && isTitleLine(data[n] ?? [], data[n + 1] ?? [])) n++;
  if (n === 0 || filled(data[n] ?? []) < 2) return { titleLines: [], rest: data };
  const titleLines = data
    .slice(0, n)
    .map((row) => cleanInline(row.join(' ')))
    .filter(Boolean);
  return { titleLines, rest: data.slice(n) };
}

/**
 * CSV/TSV: every row becomes one line `column: value; column: value`, so a row read on its own
 * (in a chunk, in a citation) still says what each value means. Rows are grouped into sections
 * of `csvRowsPerSection`, and a chunk never spans two sections.
 */
export function parseCsv(source: string, options: ResolvedParseOptions): ExtractedDocument {
  // Excel writes "sep=;" as a first line to name the delimiter; it is not data.
  const hint = /^\uFEFF?sep=(.)\r?\n/.exec(source);
  const body = hint ? source.slice(hint[0].length) : source.replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(body, {
    ...(hint ? { delimiter: hint[1] } : {}),
    skipEmptyLines: 'greedy',
    // Title lines (3 at most), the header and one row past the limit: enough to know it is exceeded.
    preview: options.maxCsvRows + 5,
  });
  const { titleLines, rest } = splitTitleLines(parsed.data);
  const [headerRow, ...rows] = rest;
  if (rows.length > options.maxCsvRows) {
    throw new AppError('csv_too_many_rows', `The CSV has more than ${options.maxCsvRows} rows, the limit.`, {
      details: { maxCsvRows: options.maxCsvRows },
    });
  }
  if (!headerRow || rows.length === 0) {
    throw new AppError('empty_document', 'The CSV has no data rows below its header.');
  }
  const header = headerRow.map((name, i) => cleanInline(name) || `column ${i + 1}`);
  const builder = new DocumentBuilder('csv', { maxChars: options.maxChars });
  const title = titleLines.join(' ') || null;
  builder.table({ title, header, rows, rowsOnly: true, rowsPerSection: options.csvRowsPerSection });
  return builder.build({
    title,
    metadata: {
      columns: header,
      rowCount: rows.length,
      delimiter: parsed.meta.delimiter,
      parseErrors: parsed.errors.length,
    },
  });
}
