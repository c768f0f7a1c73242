import { meanConfidence, type OcrBox, type OcrLine, type OcrWord } from './ocr-engine';

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

/**
 * Groups a block's words into rows, left to right. A word joins the last row when its vertical
 * centre lies inside that row's band, the band being fixed by the row's first word of ordinary
 * height: a tall box (a drawing read as letters) must not stretch a row over the lines below.
 */
function rowsOf(words: readonly OcrWord[], layout: Layout): OcrLine[] {
  const sorted = [...words].sort((a, b) => centerY(a) - centerY(b) || a.box.x0 - b.box.x0);
  const rows: { words: OcrWord[]; y0: number; y1: number }[] = [];
  for (const word of sorted) {
    const y = centerY(word);
    // The last two rows: a word with a descender sorts a little late, after the next row began.
    const row = rows.slice(-2).find((candidate) => y >= candidate.y0 && y <= candidate.y1);
    if (row) {
      row.words.push(word);
    } else {
      // At least a typical word's height: a bullet or a comma must not make a row too thin for the
      // words that follow it on its line.
      const half = Math.min(Math.max(word.box.y1 - word.box.y0, layout.unit), layout.unit * 1.5) / 2;
      rows.push({ words: [word], y0: y - half, y1: y + half });
    }
  }
  return rows.map((row) => {
    const rowWords = row.words.sort((a, b) => a.box.x0 - b.box.x0);
    return {
      text: joinWords(rowWords),
      box: boundsOf(rowWords),
      confidence: meanConfidence(rowWords),
      words: rowWords,
    };
  });
}

/**
 * The page's skew, as the median slope of the engine's own lines (fitted through their word
 * centres). Tesseract reads skewed lines well, but rows and gutters are found on upright boxes.
 */
function skewOf(lines: readonly OcrLine[]): number {
  const slopes: number[] = [];
  for (const line of lines) {
    if (line.words.length < 3) continue;
    const xs = line.words.map(centerX);
    const ys = line.words.map(centerY);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let num = 0;
    let den = 0;
    for (let i = 0; i < xs.length; i++) {
      num += ((xs[i] ?? 0) - mx) * ((ys[i] ?? 0) - my);
      den += ((xs[i] ?? 0) - mx) ** 2;
    }
    if (den > 0) slopes.push(num / den);
  }
  const slope = median(slopes);
  // Beyond ~15° a page is rotated rather than skewed; leave that to the engine's own lines.
  return Math.abs(slope) < 0.27 ? slope : 0;
}

/** Shears a word's box so that lines of slope `slope` become horizontal. */
function unskew(word: OcrWord, slope: number): OcrWord {
  if (slope === 0) return word;
  const dy = slope * centerX(word);
  return { ...word, box: { ...word.box, y0: word.box.y0 - dy, y1: word.box.y1 - dy } };
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

/**
 * Noise, not text: specks read as punctuation (no letter or digit) the engine is unsure of, and
 * fragments of pictures (far taller than the text and read with low confidence). Low confidence
 * alone is no reason: Tesseract is unsure of many real words ("you'll" with a straight quote).
 */
function isNoise(word: OcrWord, unit: number): boolean {
  if (!/[\p{L}\p{N}]/u.test(word.text) && word.confidence < 0.5) return true;
  return word.box.y1 - word.box.y0 > unit * 4 && word.confidence < 0.7;
}

export function readingOrder(lines: readonly OcrLine[]): ReadingBlock[] {
  const slope = skewOf(lines);
  const all = lines.flatMap((line) => line.words).filter((word) => word.box.x1 > word.box.x0);
  const unit = Math.max(1, median(all.map((w) => w.box.y1 - w.box.y0)));
  // Original boxes are kept on the way out; the sheared copies only decide the order.
  const original = new Map<OcrWord, OcrWord>();
  const words: OcrWord[] = [];
  for (const word of all) {
    if (isNoise(word, unit)) continue;
    const upright = unskew(word, slope);
    original.set(upright, word);
    words.push(upright);
  }
  if (words.length === 0) return [];
  const layout: Layout = { unit };
  const blocks: OcrWord[][] = [];
  layoutRegion(words, layout, blocks, 0);
  return blocks.map((block) => ({
    lines: rowsOf(block, layout).map((line) => {
      const kept = line.words.map((word) => original.get(word) ?? word);
      return { ...line, box: boundsOf(kept), words: kept };
    }),
  }));
}
