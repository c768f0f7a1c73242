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
  rows.forEach((row, index) => {
    if (index % options.csvRowsPerSection === 0) {
      const last = Math.min(rows.length, index + options.csvRowsPerSection);
      builder.section([`rows ${index + 1}-${last}`]);
    }
    const fields = row
      .map((value, i) => [header[i] ?? `column ${i + 1}`, cleanInline(value)] as const)
      .filter(([, value]) => value !== '')
      .map(([name, value]) => `${name}: ${value}`);
    if (fields.length > 0)
      builder.block(fields.join('; '), { tight: index % options.csvRowsPerSection !== 0 });
  });
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
