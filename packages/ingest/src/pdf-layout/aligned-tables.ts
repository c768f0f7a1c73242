import { fragmentsOf, median, splitWords } from './lines';
import { dropEmptyColumns, headerRowCount, isNumeric, joinCellLines, joinHeader } from './table-shape';
import type { Fragment, LayoutTable, Line, TextPiece } from './types';

/** At least this many lines with two or more cells make a table. */
const MIN_ROWS = 3;
/** Lines further apart than this many ems end a table. */
const MAX_ROW_GAP_EM = 2.6;
/** Single-cell lines allowed in a row inside a table (section labels, wrapped names). */
const MAX_SINGLE_RUN = 2;
/** Cells longer than this (median) are prose in columns, not a table. */
const MAX_MEDIAN_CELL_CHARS = 40;

export interface AlignedTable extends Omit<LayoutTable, 'title'> {
  /** Index of the first and one past the last line of the region the table replaces. */
  from: number;
  to: number;
}

/** A run of text this long on one line is a sentence, not a table cell. */
const PROSE_CHARS = 60;

/**
 * A line of a paragraph: a sentence-long run of words (a justified line has wide gaps too), with no
 * number standing apart as a cell (a long row label followed by its values is a table row).
 */
function isProse(line: Line): boolean {
  if (line.fragments.some((f) => isNumeric(f.text))) return false;
  return line.fragments.some((f) => {
    // Leader dots ("Robbery . . . . . 102.1") are a row label's filler, not words.
    const text = f.text.replace(/(?:[.·…_-]\s*){3,}/g, ' ').trim();
    return text.length >= PROSE_CHARS && (text.match(/\p{L}{2,}/gu) ?? []).length >= 6;
  });
}

function isMulti(line: Line): boolean {
  return line.fragments.length >= 2 && !isProse(line);
}

/** Candidate runs of lines: consecutive multi-cell lines, with short single-cell stretches inside. */
function runs(lines: Line[]): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  while (i < lines.length) {
    if (!isMulti(lines[i] as Line)) {
      i++;
      continue;
    }
    const start = i;
    let end = i + 1;
    let multi = 1;
    while (end < lines.length) {
      const prev = lines[end - 1] as Line;
      // Look ahead past a short stretch of single-cell lines to the next multi-cell line.
      let next = end;
      // A paragraph (two sentence-long lines in a row) ends the table; one such line alone is a
      // section label inside it.
      const paragraph = (k: number) =>
        isProse(lines[k] as Line) && !!lines[k + 1] && isProse(lines[k + 1] as Line);
      while (
        next < lines.length &&
        next - end < MAX_SINGLE_RUN &&
        !isMulti(lines[next] as Line) &&
        !paragraph(next)
      )
        next++;
      const target = lines[next];
      if (!target || !isMulti(target)) break;
      const em = Math.max(prev.size, target.size);
      const gaps = lines.slice(end - 1, next + 1).every((l, k, all) => {
        const after = all[k + 1];
        return !after || after.top - l.bottom <= MAX_ROW_GAP_EM * em;
      });
      if (!gaps) break;
      end = next + 1;
      multi++;
    }
    if (multi >= MIN_ROWS) out.push([start, end]);
    i = end;
  }
  return out;
}

/** Column borders: x ranges no cell of (almost) any row covers. */
function columnBorders(rows: Fragment[][], em: number): number[] {
  const x0 = Math.floor(Math.min(...rows.flat().map((f) => f.x0)));
  const x1 = Math.ceil(Math.max(...rows.flat().map((f) => f.x1)));
  const counts = new Array<number>(x1 - x0 + 1).fill(0);
  for (const row of rows) {
    for (const f of row) {
      for (let x = Math.ceil(f.x0); x <= Math.floor(f.x1); x++) counts[x - x0] = (counts[x - x0] ?? 0) + 1;
    }
  }
  // A spanning title or header cell may cross a border; a few such rows are tolerated.
  const tolerated = Math.floor(rows.filter((r) => r.length >= 2).length * 0.1);
  const borders: number[] = [];
  let gapStart = -1;
  for (let i = 0; i <= counts.length; i++) {
    const open = i < counts.length && (counts[i] ?? 0) <= tolerated;
    if (open && gapStart < 0) gapStart = i;
    if (!open && gapStart >= 0) {
      if (gapStart > 0 && i < counts.length && i - gapStart >= em * 0.4)
        borders.push(x0 + (gapStart + i) / 2);
      gapStart = -1;
    }
  }
  return borders;
}

function cellsOf(row: Fragment[], borders: number[]): string[] {
  const cells: string[][] = borders.map(() => []);
  cells.push([]);
  for (const f of row) {
    // A cell crossing a border (a spanning header) belongs to the column where it starts.
    cells[borders.filter((b) => b < f.x0 + 0.5).length]?.push(f.text);
  }
  return cells.map((parts) => parts.join(' '));
}

/** Words closer than this many ems are one phrase (a plain word space is about a quarter em). */
const PHRASE_GAP_EM = 0.5;

/**
 * The text piece each word was cut from: words of one piece were written a single space apart
 * (wider runs of spaces already split pieces), whatever x the even split of the piece gives them.
 */
type Origins = Map<TextPiece, TextPiece>;

/** Whether two neighbouring words are a plain word space apart. */
function wordGap(left: Fragment, right: Fragment, origins: Origins): boolean {
  const a = left.pieces.at(-1) as TextPiece;
  const b = right.pieces[0] as TextPiece;
  if ((origins.get(a) ?? a) === (origins.get(b) ?? b)) return true;
  return right.x0 - left.x1 <= PHRASE_GAP_EM * Math.min(left.size, right.size);
}

/** Joins a row's words (sorted by x) into phrases: runs of words a plain space apart. */
function phrasesOf(words: Fragment[], origins: Origins): Fragment[] {
  const phrases: Fragment[] = [];
  for (const word of words) {
    const last = phrases.at(-1);
    if (last && wordGap(last, word, origins)) {
      phrases[phrases.length - 1] = {
        ...last,
        text: `${last.text} ${word.text}`,
        x1: Math.max(last.x1, word.x1),
        size: Math.max(last.size, word.size),
        pieces: [...last.pieces, ...word.pieces],
      };
    } else phrases.push(word);
  }
  return phrases;
}

/**
 * Body cells, where a word may be cut by a border that the other rows keep open. Each word goes to
 * the column where it starts, as in `cellsOf`, unless a border cuts it and the word lies mostly
 * beyond it, or starts right of all the column's own text: a label set across the gap before
 * the column it labels ("Test Average =" right-aligned to the figures it sums up) belongs to that
 * column. A cell's last word overflowing towards the next column ("… MAY AVENUE" before "OKLAHOMA
 * CITY") starts inside its own column's text and stays there, and so does a cut word after other
 * words of the same cell, even when most of it lies beyond the border. Whole text pieces are not kept
 * together: pdf.js joins cells a single space apart into one piece ("FRESCOS MEXICAN GRILL 19 INC").
 */
function bodyCells(rows: Fragment[][], borders: number[]): string[][] {
  const edges = [Number.NEGATIVE_INFINITY, ...borders, Number.POSITIVE_INFINITY];
  const startColumn = (word: Fragment) => borders.filter((b) => b < word.x0 + 0.5).length;
  const cut = (word: Fragment) => borders.some((b) => word.x0 + 0.5 < b && b < word.x1 - 0.5);
  // How far each column's own text (words no border cuts) reaches to the right.
  const reach = edges.slice(1).map(() => Number.NEGATIVE_INFINITY);
  for (const word of rows.flat()) {
    const c = startColumn(word);
    if (!cut(word)) reach[c] = Math.max(reach[c] as number, word.x1);
  }
  return rows.map((row) => {
    const cells: string[][] = edges.slice(1).map(() => []);
    for (const word of row) {
      let column = startColumn(word);
      const border = edges[column + 1] as number;
      if (column < borders.length && word.x0 + 0.5 < border && border < word.x1 - 0.5) {
        const beyond = word.x1 - border > border - word.x0;
        // Only the row's first word in its column moves: one that follows other words of its own
        // column in the row is the overflowing end of their cell ("Misc household expenditure").
        const first = (cells[column] as string[]).length === 0;
        if (first && (beyond || word.x0 > (reach[column] as number))) column++;
      }
      cells[column]?.push(word.text);
    }
    return cells.map((parts) => parts.join(' '));
  });
}

/** Header cells: each word goes to the column holding its centre (headers are centred or overhang). */
function headerCellsOf(row: Fragment[], borders: number[]): string[] {
  const cells: string[][] = borders.map(() => []);
  cells.push([]);
  for (const f of row) cells[borders.filter((b) => b < (f.x0 + f.x1) / 2).length]?.push(f.text);
  return cells.map((parts) => parts.join(' '));
}

/** Column borders from rows of words, less those of columns filled in one row only. */
function bordersOf(rows: Fragment[][], em: number): number[] {
  const borders = columnBorders(rows, em);
  // A column filled in one row only is a word gap inside one cell (a title's words), not a
  // column: its border goes, joining it to its neighbour.
  for (;;) {
    const raw = rows.map((row) => cellsOf(row, borders));
    const sparse = borders.length
      ? [...Array(borders.length + 1).keys()].find((c) => raw.filter((row) => row[c]).length === 1)
      : undefined;
    if (sparse === undefined) break;
    borders.splice(Math.max(0, sparse - 1), 1);
  }
  return borders;
}

/**
 * A single space inside a piece, split evenly by character count, comes out about one character
 * wide: up to this many ems apart, two words may be one cell's.
 */
const WORD_GAP_EM = 0.75;

/**
 * Drops borders that only ever part words a single space apart, in front of a column with no
 * header of its own: where every row filling both columns has the two a space apart
 * ("OKLAHOMA | CITY" under "CITY", "(405) | 680-3701" under "PHONE NUMBER"), the column on the
 * right is the rest of a cell that happens to break at the same x in each row, not a column.
 */
function dropWordGapBorders(
  rows: Fragment[][],
  borders: number[],
  header: Fragment[][],
  origins: Origins,
): number[] {
  const kept = [...borders];
  const originOf = (w: Fragment) => {
    const piece = w.pieces[0] as TextPiece;
    return origins.get(piece) ?? piece;
  };
  for (let i = kept.length - 1; i >= 0; i--) {
    const centreIn = (w: Fragment, c: number) => {
      const centre = (w.x0 + w.x1) / 2;
      return (
        (c === 0 || centre > (kept[c - 1] as number)) && (c >= kept.length || centre <= (kept[c] as number))
      );
    };
    // A header of its own: words over the right column that are not the rest of one header
    // phrase begun over the left one ("PHONE NUMBER" is one phrase; "NUMBER | TYPE" are two).
    const ownHeader = header.some((row) => {
      const left = new Set(row.filter((w) => centreIn(w, i)).map(originOf));
      return row.some((w) => centreIn(w, i + 1) && !left.has(originOf(w)));
    });
    if (ownHeader) continue;
    const inColumn = (w: Fragment, c: number) =>
      (c === 0 || w.x0 + 0.5 > (kept[c - 1] as number)) &&
      (c >= kept.length || w.x0 + 0.5 <= (kept[c] as number));
    let both = 0;
    let apart = false;
    for (const row of rows) {
      const last = row.filter((w) => inColumn(w, i)).at(-1);
      const first = row.find((w) => inColumn(w, i + 1));
      if (!last || !first) continue;
      both++;
      if (first.x0 - last.x1 > WORD_GAP_EM * Math.min(first.size, last.size)) apart = true;
    }
    if (both > 0 && !apart) kept.splice(i, 1);
  }
  return kept;
}

/** Text that cannot end a cell: a trailing comma or conjunction ("Offenses against the family and"). */
const OPEN_END = /(?:[,;:&/–-]|\b(?:and|or|of|the|for|to|in|on|with|by|from|a|an))$/iu;

/** Whether `below` continues the text of `above` in one cell: `above` is left open, or `below` starts in lower case. */
function continues(above: string, below: string): boolean {
  return OPEN_END.test(above.trim()) || /^\p{Ll}/u.test(below.trim());
}

/**
 * Joins the lines of a wrapped cell back into its row. A line holding only text, in columns its
 * neighbouring row also fills, belongs to that row where the words say so: the line above ends
 * open ("… the family and") or the line below starts in lower case ("children"). Where both
 * neighbours could take it, or neither is a row with more cells, it stays a row of its own.
 */
function joinWrappedRows(rows: string[][]): string[][] {
  const out = rows.map((row) => [...row]);
  const filled = (row: string[]) => row.filter(Boolean).length;
  const partial = (row: string[]) => filled(row) > 0 && row.every((cell) => !cell || !isNumeric(cell));
  const fits = (line: string[], row: string[] | undefined, lineFirst: boolean) =>
    !!row &&
    filled(row) > filled(line) &&
    line.every((cell, c) => {
      if (!cell) return true;
      const other = row[c] ?? '';
      return !!other && (lineFirst ? continues(cell, other) : continues(other, cell));
    });
  for (let i = 0; i < out.length; i++) {
    const line = out[i] as string[];
    if (!partial(line)) continue;
    const next = fits(line, out[i + 1], true);
    const previous = fits(line, out[i - 1], false);
    if (next === previous) continue;
    const target = (next ? out[i + 1] : out[i - 1]) as string[];
    line.forEach((cell, c) => {
      if (cell) target[c] = joinCellLines(next ? [cell, target[c] ?? ''] : [target[c] ?? '', cell]);
    });
    out.splice(i, 1);
    i--;
  }
  return out;
}

/** Header rows sit directly above the first data row; at most this many. */
const MAX_HEADER_ROWS = 5;

/**
 * Above the first header row, a line further from the header than this many times the table's
 * own spacing (the usual gap between its body rows, or the widest gap of the header taken so far,
 * the one between header and body included) is not part of the header: a header's lines sit at
 * their own pitch, and a block of text above it (a form's label/value lines, a title block) is
 * set apart by a wider gap.
 */
const HEADER_GAP_RATIO = 2;
/**
 * …and never closer than this many ems is a gap wide enough to part it. A double-spaced header
 * (lines two leadings of about 1.2 em apart) leaves about 1.4 em of blank between its lines, so
 * the bound sits just above that.
 */
const MIN_HEADER_GAP_EM = 1.5;

/**
 * Where the table proper starts: the first data row holds a number or date and fills at least
 * 60 % of the columns; the few rows of names directly above it are the header, and lines above those
 * (a report's title block, a date line, a block of label/value lines set apart by a wider gap) are
 * left as text before the table. Whether a row holds a number is judged on its phrases, so that a
 * header "Under 18" is not taken for data.
 */
function tableStart(
  grid: string[][],
  numeric: boolean[],
  width: number,
  lines: Line[],
  em: number,
): { preamble: number; headerRows: number; dataFound: boolean } {
  const filled = (row: string[]) => row.filter(Boolean).length;
  const first = grid.findIndex((row, i) => numeric[i] && filled(row) >= Math.max(2, Math.ceil(width * 0.6)));
  if (first < 0) return { preamble: 0, headerRows: headerRowCount(grid), dataFound: false };
  // Blank space between line i - 1 and line i.
  const gapAbove = (i: number) => (lines[i] as Line).top - (lines[i - 1] as Line).bottom;
  const bodyGaps = lines.slice(first + 1).map((_, k) => gapAbove(first + 1 + k));
  // The table's own spacing: its body rows' usual gap, and the gaps of the header taken so far.
  let pitch = median(bodyGaps);
  let start = first;
  while (start > 0 && first - start < MAX_HEADER_ROWS) {
    const row = grid[start - 1] as string[];
    if (numeric[start - 1]) break;
    if (filled(row) < 2 && start !== first) break;
    // The first header row is taken at any gap (a header is often set apart from the body by a
    // rule); a further one only at the header's own spacing.
    const gap = gapAbove(start);
    if (start !== first && gap > Math.max(MIN_HEADER_GAP_EM * em, HEADER_GAP_RATIO * pitch)) break;
    pitch = Math.max(pitch, gap);
    start--;
  }
  return { preamble: start, headerRows: first - start, dataFound: true };
}

/**
 * Finds tables laid out with whitespace alone in a run of lines: stretches of lines split into
 * several cells, whose cells line up in columns (x ranges that no cell crosses). Each line is a row.
 * The columns are drawn from the body rows: header cells are often wider than their column and
 * overhang the gaps between columns, so each header phrase joins the column under its centre.
 */
export function findAlignedTables(lines: Line[]): AlignedTable[] {
  const tables: AlignedTable[] = [];
  for (const [from, to] of runs(lines)) {
    const slice = lines.slice(from, to);
    const em = median(slice.map((l) => l.size));
    // Columns are drawn from words, so that cells one space apart in every row still part.
    const origins: Origins = new Map();
    const rows = slice.map((line) => {
      const words = line.fragments.flatMap((f) =>
        f.pieces.flatMap((piece) => {
          const cut = splitWords([piece]);
          for (const word of cut) origins.set(word, piece);
          return cut;
        }),
      );
      return fragmentsOf(words, 0);
    });
    const allBorders = bordersOf(rows, em);
    if (allBorders.length === 0) continue;
    const draft = dropEmptyColumns(rows.map((row) => cellsOf(row, allBorders)));
    const multiRows = draft.filter((row) => row.filter(Boolean).length >= 2);
    if (multiRows.length < MIN_ROWS || (draft[0]?.length ?? 0) < 2) continue;
    const cellLengths = draft
      .flat()
      .filter(Boolean)
      .map((c) => c.length);
    if (median(cellLengths) > MAX_MEDIAN_CELL_CHARS) continue;
    const numeric = rows.map((row) => phrasesOf(row, origins).some((p) => isNumeric(p.text)));
    const { preamble, headerRows, dataFound } = tableStart(draft, numeric, draft[0]?.length ?? 0, slice, em);
    const body = rows.slice(preamble + headerRows);
    let borders = allBorders;
    // Only under a header found above rows of figures: a text table's first row is a header by
    // convention only, and its few body rows would part at any gap they share.
    if (dataFound && headerRows > 0 && body.filter((row) => row.length >= 2).length >= MIN_ROWS) {
      const fromBody = bordersOf(body, em);
      if (fromBody.length > 0) borders = fromBody;
    }
    const headerLines = rows.slice(preamble, preamble + headerRows);
    borders = dropWordGapBorders(body, borders, headerLines, origins);
    if (borders.length === 0) continue;
    const head = headerLines.map((row) => headerCellsOf(row, borders));
    const grid = dropEmptyColumns([...head, ...bodyCells(body, borders)]);
    const width = grid[0]?.length ?? 0;
    if (width < 2) continue;
    tables.push({
      header: joinHeader(grid.slice(0, headerRows), width),
      rows: joinWrappedRows(grid.slice(headerRows)),
      kind: 'aligned',
      top: (slice[preamble] as Line).top,
      bottom: (slice.at(-1) as Line).bottom,
      from: from + preamble,
      to,
    });
  }
  return tables;
}
