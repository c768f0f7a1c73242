import { fragmentsOf, lineOf, lineText, median } from './lines';
import type { Line, TextPiece } from './types';

/** Fewer lines than this side by side are not a column layout. */
const MIN_COLUMN_LINES = 5;
/** A column band spans at least this share of the text's height. */
const MIN_BAND_SHARE = 0.3;
/** Columns of prose: half their lines are at least this long (table columns are shorter). */
const MIN_PROSE_CHARS = 22;

/** Prose is mostly letters: a column of figures (a table's right half) is not a text column. */
const MIN_PROSE_LETTERS = 0.5;

/** Share of letters among a line's visible characters, leader dots left out. */
function letterShare(line: Line): number {
  const text = lineText(line)
    .replace(/(?:[.·…_-]\s*){3,}/g, '')
    .replace(/\s+/g, '');
  return text.length ? (text.match(/\p{L}/gu) ?? []).length / text.length : 0;
}

interface Candidate {
  x: number;
  start: number;
  end: number;
  score: number;
}

function covers(line: Line, x: number): boolean {
  return line.fragments.some((f) => f.pieces.some((p) => p.x0 < x && x < p.x1));
}

/** The longest run of consecutive lines that no piece crosses at x, scored by lines with text on both sides. */
function runAt(lines: Line[], x: number): Candidate {
  let best: Candidate = { x, start: 0, end: -1, score: 0 };
  let start = 0;
  let score = 0;
  for (let i = 0; i <= lines.length; i++) {
    const line = lines[i];
    if (!line || covers(line, x)) {
      if (score > best.score) best = { x, start, end: i - 1, score };
      start = i + 1;
      score = 0;
    } else if (line.x0 < x && line.x1 > x) score++;
  }
  return best;
}

function splitLine(line: Line, gutters: number[]): (Line | null)[] {
  const parts: TextPiece[][] = gutters.map(() => []);
  parts.push([]);
  for (const piece of line.fragments.flatMap((f) => f.pieces)) {
    const centre = (piece.x0 + piece.x1) / 2;
    const column = gutters.filter((g) => g < centre).length;
    parts[column]?.push(piece);
  }
  return parts.map((pieces) => (pieces.length ? lineOf(fragmentsOf(pieces)) : null));
}

/**
 * Orders a page's lines for reading: where whitespace gutters run down a large part of the page
 * between columns of prose, each column is read top to bottom before the next; lines spanning the
 * gutters (titles, footnotes, full-width figures) stay in place above or below the columns.
 * Returns regions, each a run of lines read in order (a column or a full-width stretch).
 */
export function readingOrder(lines: Line[]): Line[][] {
  if (lines.length < MIN_COLUMN_LINES) return lines.length ? [lines] : [];
  const x0 = Math.min(...lines.map((l) => l.x0));
  const x1 = Math.max(...lines.map((l) => l.x1));
  const height = Math.max(...lines.map((l) => l.bottom)) - Math.min(...lines.map((l) => l.top));
  const em = median(lines.map((l) => l.size));
  const candidates: Candidate[] = [];
  for (let x = Math.ceil(x0) + 1; x < x1; x++) {
    const run = runAt(lines, x);
    const first = lines[run.start];
    const last = lines[run.end];
    if (!first || !last || run.score < MIN_COLUMN_LINES) continue;
    if (last.bottom - first.top < MIN_BAND_SHARE * height) continue;
    candidates.push(run);
  }
  // Contiguous x positions form one gutter; it must be at least half an em wide.
  const gutters: Candidate[] = [];
  let group: Candidate[] = [];
  const flush = () => {
    const a = group[0];
    const b = group.at(-1);
    if (a && b && b.x - a.x + 1 >= em * 0.5) {
      const best = group.reduce((m, c) => (c.score > m.score ? c : m));
      gutters.push({ ...best, x: (a.x + b.x) / 2 });
    }
    group = [];
  };
  for (const c of candidates) {
    if (group.length && c.x !== (group.at(-1) as Candidate).x + 1) flush();
    group.push(c);
  }
  flush();
  for (const primary of [...gutters].sort((a, b) => b.score - a.score)) {
    const band = lines.slice(primary.start, primary.end + 1);
    const xs = gutters
      .filter((g) => g === primary || band.every((line) => !covers(line, g.x)))
      .map((g) => g.x)
      .sort((a, b) => a - b);
    const columns: Line[][] = xs.map(() => []);
    columns.push([]);
    for (const line of band) {
      splitLine(line, xs).forEach((part, i) => {
        if (part) columns[i]?.push(part);
      });
    }
    const prose = columns.every(
      (column) =>
        column.length > 0 &&
        median(column.map((l) => lineText(l).length)) >= MIN_PROSE_CHARS &&
        median(column.map(letterShare)) >= MIN_PROSE_LETTERS,
    );
    if (!prose) continue;
    return [
      ...readingOrder(lines.slice(0, primary.start)),
      ...columns.flatMap((column) => readingOrder(column)),
      ...readingOrder(lines.slice(primary.end + 1)),
    ];
  }
  return [lines];
}
