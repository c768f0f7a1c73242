/**
 * What ruled and aligned tables share once their cells are known: which leading rows are the
 * header, how a multi-row header becomes one name per column, and how a cell's lines are joined.
 */

/** A cell holding a number, amount, percentage or count ("1,234", "(5.6)", "12%", "-"). */
const NUMERIC = /^[-+−–]?[$€£₹¥]?\(?[-+−]?\d[\d,. ]*\)?%?[*†‡]?$|^[-–—]$/u;
/** A header never runs longer than this many rows. */
const MAX_HEADER_ROWS = 4;

/** A date in digits ("07/21/2015", "2014/12/03", "1.12.2009"). */
const DATE = /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$/;

/** A cell that is data rather than a column name: a number, amount or date. */
export function isNumeric(cell: string): boolean {
  return NUMERIC.test(cell.trim()) || DATE.test(cell.trim());
}

/**
 * Leading rows that hold no numbers or dates are the header (up to `MAX_HEADER_ROWS`), as long
 * as data rows follow; a table of text alone has its first row as header, and one whose first row
 * already holds data (a table continued from the previous page) has none.
 */
export function headerRowCount(rows: string[][]): number {
  if (rows.length < 2) return 0;
  let count = 0;
  while (count < Math.min(MAX_HEADER_ROWS, rows.length - 1)) {
    const row = rows[count] as string[];
    if (row.some((cell) => cell && isNumeric(cell))) break;
    count++;
  }
  if (count === Math.min(MAX_HEADER_ROWS, rows.length - 1) && count > 1) {
    // Nothing numeric anywhere near the top: a text table, whose header is its first row.
    const anyNumeric = rows.slice(count).some((row) => row.some((cell) => cell && isNumeric(cell)));
    if (!anyNumeric) return 1;
  }
  return count;
}

/** Joins header rows per column ("Total" over "Internal" over "Debt" → "Total Internal Debt"). */
export function joinHeader(rows: string[][], width: number): string[] {
  const header: string[] = [];
  if (rows.length === 0) return header;
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    for (const row of rows) {
      const cell = (row[c] ?? '').trim();
      if (cell && parts.at(-1) !== cell) parts.push(cell);
    }
    header.push(parts.join(' '));
  }
  return header;
}

/** Joins a cell's lines, undoing line-break hyphenation ("preva-" + "lence"). */
export function joinCellLines(lines: string[]): string {
  let text = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (/\p{Ll}-$/u.test(text) && /^\p{Ll}/u.test(line)) text = text.slice(0, -1) + line;
    else text = text ? `${text} ${line}` : line;
  }
  return text;
}

/** A line that introduces a table: "Table 3: …", "TABLE 125: …", "Exhibit B. …". */
export const CAPTION = /^(table|tab\.|exhibit|schedule|statement|annex(ure)?)\s*[-\dA-Z.]+\b/i;

/** Drops columns that are empty in every row (artefacts of stray rules or gaps). */
export function dropEmptyColumns(rows: string[][]): string[][] {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const keep = [...Array(width).keys()].filter((c) => rows.some((r) => (r[c] ?? '').trim() !== ''));
  return rows.map((r) => keep.map((c) => r[c] ?? ''));
}
