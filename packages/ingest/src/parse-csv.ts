import { AppError } from '@grounded/core';
import Papa from 'papaparse';
import { cleanInline } from './clean-text';
import { DocumentBuilder } from './document-builder';
import type { ResolvedParseOptions } from './parse-limits';
import type { ExtractedDocument } from './types';

/**
 * CSV/TSV: every row becomes one line `column: value; column: value`, so a row read on its own
 * (in a chunk, in a citation) still says what each value means. Rows are grouped into sections
 * of `csvRowsPerSection`, and a chunk never spans two sections.
 */
export function parseCsv(source: string, options: ResolvedParseOptions): ExtractedDocument {
  const parsed = Papa.parse<string[]>(source.replace(/^\uFEFF/, ''), {
    skipEmptyLines: 'greedy',
    // Header plus one row past the limit is enough to know the limit is exceeded.
    preview: options.maxCsvRows + 2,
  });
  const [headerRow, ...rows] = parsed.data;
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
  for (let first = 0; first < rows.length; first += options.csvRowsPerSection) {
    const group = rows.slice(first, first + options.csvRowsPerSection);
    builder.table({
      title: `rows ${first + 1}-${first + group.length}`,
      header,
      rows: group,
      rowsOnly: true,
    });
  }
  return builder.build({
    title: null,
    metadata: {
      columns: header,
      rowCount: rows.length,
      delimiter: parsed.meta.delimiter,
      parseErrors: parsed.errors.length,
    },
  });
}
