import type { OcrBox, OcrLine, OcrWord } from './ocr-engine';

/**
 * Rebuilds reading order from word boxes. Tesseract's own lines can run across a narrow column
 * gutter ("Recording a Sequence simply use LOCATE…" joins two columns), so the page is re-segmented
 * here with a recursive XY-cut that prefers columns:
 *
 * 1. A vertical gutter that no word crosses over the whole region splits it into columns, read left
 *    to right.
 * 2. Otherwise the region is cut into horizontal bands at every gap between text rows, and adjacent
 *    bands are merged while they share a gutter. A two-column stretch thus stays one piece (and is
 *    split into columns in its recursion), while a full-width heading or paragraph above or below
 *    it is a piece of its own. Paragraph gaps that happen to line up in both columns do not break
 *    the columns apart.
 * 3. A region that cannot be cut is a block: its words are grouped into rows by vertical overlap.
 *
 * Blocks come out in reading order; the caller separates them with a blank line.
 */
export interface ReadingBlock {
  lines: OcrLine[];
}

function boundsOf(words: readonly OcrWord[]): OcrBox {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const { box } of words) {
    x0 = Math.min(x0, box.x0);
    y0 = Math.min(y0, box.y0);
    x1 = Math.max(x1, box.x1);
    y1 = Math.max(y1, box.y1);
  }
  return { x0, y0, x1, y1 };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Gaps in the projection of `words` on one axis: [start, end) intervals no word covers. */
function projectionGaps(words: readonly OcrWord[], axis: 'x' | 'y'): { start: number; end: number }[] {
  const spans = words
    .map(({ box }) => (axis === 'x' ? [box.x0, box.x1] : [box.y0, box.y1]) as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const gaps: { start: number; end: number }[] = [];
  let reach = spans[0]?.[1] ?? 0;
  for (const [start, end] of spans.slice(1)) {
    if (start > reach) gaps.push({ start: reach, end: start });
    reach = Math.max(reach, end);
  }
  return gaps;
}

interface Layout {
  /** Typical word height: the unit every threshold is measured in. */
  unit: number;
}

/**
 * Gutters wide enough to separate columns, each with enough text on both sides to be a column
 * rather than a bullet, a label or a drop cap.
 */
function gutters(words: readonly OcrWord[], layout: Layout): number[] {
  if (words.length < 2) return [];
  const box = boundsOf(words);
  const width = box.x1 - box.x0;
  const minSide = width * 0.2;
  return projectionGaps(words, 'x')
    .filter((gap) => gap.end - gap.start >= layout.unit * 1.2)
    .map((gap) => (gap.start + gap.end) / 2)
    .filter((x) => x - box.x0 >= minSide && box.x1 - x >= minSide);
}

function splitAt<T>(items: readonly T[], cuts: readonly number[], position: (item: T) => number): T[][] {
  const groups: T[][] = Array.from({ length: cuts.length + 1 }, () => []);
  for (const item of items) {
    const at = position(item);
    let i = 0;
    while (i < cuts.length && at > (cuts[i] ?? 0)) i++;
    groups[i]?.push(item);
  }
  return groups.filter((group) => group.length > 0);
}

const centerX = (word: OcrWord) => (word.box.x0 + word.box.x1) / 2;
const centerY = (word: OcrWord) => (word.box.y0 + word.box.y1) / 2;

function layoutRegion(words: OcrWord[], layout: Layout, out: OcrWord[][], depth: number): void {
  if (words.length === 0) return;
  // Deep recursion only happens on pathological pages; read what is left as one block.
  if (depth > 40) {
    out.push(words);
    return;
  }
  const columnCuts = gutters(words, layout);
  if (columnCuts.length > 0) {
    for (const column of splitAt(words, columnCuts, centerX)) layoutRegion(column, layout, out, depth + 1);
    return;
  }
  const rowCuts = projectionGaps(words, 'y')
    .filter((gap) => gap.end - gap.start > 0)
    .map((gap) => (gap.start + gap.end) / 2);
  const bands = splitAt(words, rowCuts, centerY);
  if (bands.length <= 1) {
    out.push(words);
    return;
  }
  // Merge neighbouring bands that share a gutter (see the comment at the top), and lines of one
  // full-width paragraph; a gap taller than line spacing starts a new piece (a paragraph break).
  const pieces: OcrWord[][] = [];
  let piece: OcrWord[] = [];
  let pieceHasGutter = false;
  for (const band of bands) {
    const bandHasGutter = gutters(band, layout).length > 0;
    if (piece.length === 0) {
      piece = band;
      pieceHasGutter = bandHasGutter;
      continue;
    }
    const merged = [...piece, ...band];
    const mergedHasGutter = gutters(merged, layout).length > 0;
    const gap = boundsOf(band).y0 - boundsOf(piece).y1;
    // A band without a gutter of its own (a heading or line in one column only) joins a column
    // stretch only at line spacing: after a wider gap it is the full-width text that follows.
    const columns = mergedHasGutter && (bandHasGutter || (pieceHasGutter && gap < layout.unit * 0.75));
    const flow = !mergedHasGutter && !pieceHasGutter && !bandHasGutter && gap < layout.unit * 0.75;
    if (columns || flow) {
      piece = merged;
      pieceHasGutter = columns;
    } else {
      pieces.push(piece);
      piece = band;
      pieceHasGutter = bandHasGutter;
    }
  }
  if (piece.length > 0) pieces.push(piece);
  if (pieces.length === 1) {
    // Bands merged back into the whole region without a gutter: nothing left to cut.
    out.push(words);
    return;
  }
  for (const part of pieces) {
    if (part.length === words.length) out.push(part);
    else layoutRegion(part, layout, out, depth + 1);
  }
}

/** Groups a block's words into rows (vertical overlap with the row's running extent), left to right. */
function rowsOf(words: readonly OcrWord[]): OcrLine[] {
  const sorted = [...words].sort((a, b) => centerY(a) - centerY(b) || a.box.x0 - b.box.x0);
  const rows: { words: OcrWord[]; y0: number; y1: number }[] = [];
  for (const word of sorted) {
    const row = rows.at(-1);
    const height = word.box.y1 - word.box.y0;
    const overlap = row ? Math.min(row.y1, word.box.y1) - Math.max(row.y0, word.box.y0) : 0;
    if (row && overlap > height * 0.4) {
      row.words.push(word);
      row.y0 = Math.min(row.y0, word.box.y0);
      row.y1 = Math.max(row.y1, word.box.y1);
    } else {
      rows.push({ words: [word], y0: word.box.y0, y1: word.box.y1 });
    }
  }
  return rows.map((row) => {
    const rowWords = row.words.sort((a, b) => a.box.x0 - b.box.x0);
    let chars = 0;
    let sum = 0;
    for (const w of rowWords) {
      chars += w.text.length;
      sum += w.confidence * w.text.length;
    }
    return {
      text: joinWords(rowWords),
      box: boundsOf(rowWords),
      confidence: chars === 0 ? 0 : sum / chars,
      words: rowWords,
    };
  });
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}，。、；：！？（）]/u;

/** Joins words with spaces, except between CJK characters (Tesseract splits Chinese into words). */
function joinWords(words: readonly OcrWord[]): string {
  let text = '';
  for (const word of words) {
    if (text === '') text = word.text;
    else if (CJK.test(text.at(-1) ?? '') && CJK.test(word.text[0] ?? '')) text += word.text;
    else text += ` ${word.text}`;
  }
  return text;
}

/** Specks read as punctuation: no letter or digit, and the engine itself unsure. */
function isSpeck(word: OcrWord): boolean {
  return !/[\p{L}\p{N}]/u.test(word.text) && word.confidence < 0.5;
}

export function readingOrder(lines: readonly OcrLine[]): ReadingBlock[] {
  const words = lines
    .flatMap((line) => line.words)
    .filter((word) => word.box.x1 > word.box.x0 && !isSpeck(word));
  if (words.length === 0) return [];
  const layout: Layout = { unit: Math.max(1, median(words.map((w) => w.box.y1 - w.box.y0))) };
  const blocks: OcrWord[][] = [];
  layoutRegion(words, layout, blocks, 0);
  return blocks.map((block) => ({ lines: rowsOf(block) }));
}
