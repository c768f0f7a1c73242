import { OPS, Util } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api';
import type { PageContent, Segment, TextPiece } from './types';

type Matrix = [number, number, number, number, number, number];
type Point = [number, number];

/** pdf.js's path operators inside a constructPath op (DrawOPS, not exported). */
const MOVE_TO = 0;
const LINE_TO = 1;
const CURVE_TO = 2;
const CLOSE_PATH = 3;
/** A filled rectangle thinner than this is drawn as a rule, not as shading. */
const THIN_FILL = 3;
/** Shorter marks (glyph parts, bullets) are not ruling lines. */
const MIN_SEGMENT = 4;

interface RawPiece {
  text: string;
  /** Baseline start, direction and em size in viewport space. */
  x: number;
  y: number;
  dx: number;
  dy: number;
  width: number;
  size: number;
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/**
 * Splits a piece at runs of two or more spaces: pdf.js sometimes returns a whole table row as one
 * string padded with spaces, and each part must get its own x. Characters are assumed equally wide.
 */
function splitWide(piece: TextPiece): TextPiece[] {
  if (!/\S\s{2,}\S/.test(piece.text)) return [piece];
  const charWidth = (piece.x1 - piece.x0) / Math.max(1, piece.text.length);
  const parts: TextPiece[] = [];
  for (const match of piece.text.matchAll(/\S+(?: \S+)*/g)) {
    const start = piece.x0 + match.index * charWidth;
    parts.push({ ...piece, text: match[0], x0: start, x1: start + match[0].length * charWidth });
  }
  return parts;
}

/** A glyph as pdf.js hands it to the renderer inside a showText op (the fields read here). */
interface OpGlyph {
  unicode: string;
  width: number;
  isSpace?: boolean;
}

/**
 * Whether pdf.js leaves a glyph out of the text content although it draws a visible character:
 * pdf.js takes a glyph whose Unicode mapping starts with a whitespace character for a space, so a
 * font whose ToUnicode map gives " ." for its period (seen in bold table rows: "11,062 6" for
 * "11,062.6", leader dots lost) loses those characters from the text.
 */
function droppedByTextContent(unicode: string): boolean {
  return /^\s/u.test(unicode) && unicode.trim() !== '';
}

/**
 * The page's drawing operators, read once: ruling lines, and the glyphs pdf.js's text content
 * leaves out (see `droppedByTextContent`) placed where they are drawn, both in viewport space.
 * Text positions follow the PDF text state as pdf.js's renderer does: text matrix and line
 * moves, character and word spacing, horizontal scaling, rise and TJ adjustments.
 */
async function readOperators(
  page: PDFPageProxy,
  viewport: Matrix,
): Promise<{ segments: Segment[]; glyphs: RawPiece[] }> {
  const ops = await page.getOperatorList();
  const segments: Segment[] = [];
  const glyphs: RawPiece[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  // Text state (PDF 9.3): reset by BT, kept across text objects except the matrices.
  const text = {
    matrix: [1, 0, 0, 1, 0, 0] as Matrix,
    x: 0,
    y: 0,
    lineX: 0,
    lineY: 0,
    font: '',
    size: 0,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
  };
  // q/Q save and restore the transform and the text state's parameters (not its matrices).
  const stack: { ctm: Matrix; text: typeof text }[] = [];
  const moveText = (x: number, y: number) => {
    text.lineX += x;
    text.lineY += y;
    text.x = text.lineX;
    text.y = text.lineY;
  };
  const fontMatrices = new Map<string, number[] | null>();
  const fontMatrix = (name: string): number[] | null => {
    const known = fontMatrices.get(name);
    if (known !== undefined) return known;
    const objs = page.commonObjs as { has(id: string): boolean; get(id: string): unknown };
    const font = objs.has(name)
      ? (objs.get(name) as { fontMatrix?: number[]; isType3Font?: boolean; vertical?: boolean })
      : null;
    // Type 3 glyphs and vertical writing are not placed here; nothing is recovered for them.
    const matrix =
      !font || font.isType3Font || font.vertical ? null : (font.fontMatrix ?? [0.001, 0, 0, 0.001, 0, 0]);
    fontMatrices.set(name, matrix);
    return matrix;
  };
  const showText = (items: (OpGlyph | number)[]) => {
    const fm = fontMatrix(text.font);
    if (!fm || text.size === 0) return;
    let x = 0;
    for (const item of items) {
      if (typeof item === 'number') {
        x -= (item * text.size) / 1000;
        continue;
      }
      const advance = item.width * text.size * (fm[0] as number);
      if (droppedByTextContent(item.unicode)) {
        // Glyph space → text space → user space → viewport.
        const m = Util.transform(
          Util.transform(viewport, ctm),
          Util.transform(text.matrix, [text.hScale, 0, 0, 1, text.x + x * text.hScale, text.y + text.rise]),
        ) as Matrix;
        const scale = Math.hypot(m[0], m[1]) || 1;
        glyphs.push({
          text: item.unicode.trim(),
          x: m[4],
          y: m[5],
          dx: m[0] / scale,
          dy: m[1] / scale,
          width: advance * scale,
          size: text.size * Math.hypot(m[2], m[3]),
        });
      }
      x += advance + (item.isSpace ? text.wordSpacing : 0) + text.charSpacing;
    }
    text.x += x * text.hScale;
  };
  const push = (into: Segment[], a: Point, b: Point) => {
    const p = apply(viewport, ...apply(ctm, ...a));
    const q = apply(viewport, ...apply(ctm, ...b));
    into.push({ x0: p[0], y0: p[1], x1: q[0], y1: q[1] });
  };
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push({ ctm, text: { ...text } });
    else if (fn === OPS.restore || fn === OPS.paintFormXObjectEnd) {
      const saved = stack.pop();
      if (saved) {
        ctm = saved.ctm;
        const { matrix, x, y, lineX, lineY } = text;
        Object.assign(text, saved.text, { matrix, x, y, lineX, lineY });
      }
    } else if (fn === OPS.paintFormXObjectBegin) {
      // A form XObject draws in its own coordinates, inside a save and restore of its own.
      stack.push({ ctm, text: { ...text } });
      const matrix = args[0] as ArrayLike<number> | null;
      if (matrix) ctm = Util.transform(ctm, Array.from(matrix)) as Matrix;
    } else if (fn === OPS.transform) ctm = Util.transform(ctm, args as Matrix) as Matrix;
    else if (fn === OPS.beginText) {
      text.matrix = [1, 0, 0, 1, 0, 0];
      text.x = text.y = text.lineX = text.lineY = 0;
    } else if (fn === OPS.setFont) {
      text.font = String(args[0]);
      text.size = Math.abs(Number(args[1]) || 0);
    } else if (fn === OPS.setTextMatrix) {
      text.matrix = Array.from(args[0] as ArrayLike<number>) as Matrix;
      text.x = text.y = text.lineX = text.lineY = 0;
    } else if (fn === OPS.moveText) moveText(Number(args[0]), Number(args[1]));
    else if (fn === OPS.setLeadingMoveText) {
      text.leading = -Number(args[1]);
      moveText(Number(args[0]), Number(args[1]));
    } else if (fn === OPS.setLeading) text.leading = Number(args[0]);
    else if (fn === OPS.nextLine) moveText(0, -text.leading);
    else if (fn === OPS.setCharSpacing) text.charSpacing = Number(args[0]);
    else if (fn === OPS.setWordSpacing) text.wordSpacing = Number(args[0]);
    else if (fn === OPS.setHScale) text.hScale = Number(args[0]) / 100;
    else if (fn === OPS.setTextRise) text.rise = Number(args[0]);
    else if (fn === OPS.showText) showText(args[0] as (OpGlyph | number)[]);
    else if (fn === OPS.constructPath) {
      const paint = args[0] as number;
      const data = (args[1] as ArrayLike<number>[] | undefined)?.[0];
      if (!data || paint === OPS.endPath) continue;
      const filled = paint !== OPS.stroke && paint !== OPS.closeStroke;
      // Subpaths, each a polyline in user space; a path with curves is a drawing, not rules.
      const subpaths: [number, number][][] = [];
      let current: [number, number][] = [];
      let curved = false;
      for (let k = 0; k < data.length; ) {
        const op = data[k++];
        if (op === MOVE_TO) {
          if (current.length > 1) subpaths.push(current);
          current = [[data[k++] ?? 0, data[k++] ?? 0]];
        } else if (op === LINE_TO) current.push([data[k++] ?? 0, data[k++] ?? 0]);
        else if (op === CURVE_TO) {
          k += 6;
          curved = true;
        } else if (op === CLOSE_PATH) {
          const first = current[0];
          const last = current.at(-1);
          if (first && last && (first[0] !== last[0] || first[1] !== last[1])) current.push(first);
        } else break;
      }
      if (current.length > 1) subpaths.push(current);
      if (curved) continue;
      for (const points of subpaths) {
        const added: Segment[] = [];
        for (let k = 1; k < points.length; k++) push(added, points[k - 1] as Point, points[k] as Point);
        if (!filled) {
          segments.push(...added);
          continue;
        }
        // A filled shape is a rule only when thin: its long axis becomes the line. Each subpath
        // counts alone (one path often fills every rule of a grid as separate thin rectangles).
        // Wider fills (cell shading, highlight bars) keep their edges as soft borders: they often
        // coincide with row borders, but shading inset in a ruled cell only pads it.
        const xs = added.flatMap((s) => [s.x0, s.x1]);
        const ys = added.flatMap((s) => [s.y0, s.y1]);
        if (xs.length === 0) continue;
        const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
        if (maxY - minY < THIN_FILL)
          segments.push({ x0: minX, y0: (minY + maxY) / 2, x1: maxX, y1: (minY + maxY) / 2 });
        else if (maxX - minX < THIN_FILL)
          segments.push({ x0: (minX + maxX) / 2, y0: minY, x1: (minX + maxX) / 2, y1: maxY });
        else segments.push(...added.map((s) => ({ ...s, soft: true })));
      }
    }
  }
  return {
    segments: segments.filter(
      (s) =>
        (Math.abs(s.y0 - s.y1) < 1 || Math.abs(s.x0 - s.x1) < 1) &&
        Math.hypot(s.x1 - s.x0, s.y1 - s.y0) >= MIN_SEGMENT,
    ),
    glyphs,
  };
}

/** Turns the page by a multiple of 90° so that its dominant text direction runs left to right. */
function quarterTurns(pieces: RawPiece[]): number {
  const weight = [0, 0, 0, 0];
  for (const p of pieces) {
    const angle = Math.atan2(p.dy, p.dx);
    const turn = (Math.round(angle / (Math.PI / 2)) + 4) % 4;
    weight[turn] = (weight[turn] ?? 0) + p.text.length;
  }
  return weight.indexOf(Math.max(...weight));
}

/** Reads a page's text pieces and ruling lines (see `PageContent`). */
export async function readPageContent(page: PDFPageProxy): Promise<PageContent> {
  const vp = page.getViewport({ scale: 1 });
  const viewport = vp.transform as Matrix;
  const content = await page.getTextContent();
  const operators = await readOperators(page, viewport);
  // Characters the text content left out, as pieces of their own (see `droppedByTextContent`).
  const raw: RawPiece[] = [...operators.glyphs];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const m = Util.transform(viewport, item.transform) as Matrix;
    const scale = Math.hypot(m[0], m[1]) || 1;
    const size = Math.hypot(m[2], m[3]) || item.height || 1;
    raw.push({
      text: item.str,
      x: m[4],
      y: m[5],
      dx: m[0] / scale,
      dy: m[1] / scale,
      width: item.width,
      size,
    });
  }
  const turns = quarterTurns(raw);
  // Rotating by -turns·90° maps the dominant direction onto +x; points stay inside a box of
  // the (possibly swapped) page size.
  const rotate = (x: number, y: number): [number, number] => {
    switch (turns) {
      case 1:
        return [y, vp.width - x];
      case 2:
        return [vp.width - x, vp.height - y];
      case 3:
        return [vp.height - y, x];
      default:
        return [x, y];
    }
  };
  const pieces: TextPiece[] = [];
  const offAxis: TextPiece[] = [];
  for (const p of raw) {
    const turn = (Math.round(Math.atan2(p.dy, p.dx) / (Math.PI / 2)) + 4) % 4;
    const [x, y] = rotate(p.x, p.y);
    if (turn !== turns) {
      // The glyphs' centre: half the advance along the text, a third of the em above the baseline.
      const [ex, ey] = rotate(p.x + p.dx * p.width, p.y + p.dy * p.width);
      const [ux, uy] = [(ex - x) / (p.width || 1), (ey - y) / (p.width || 1)];
      const cx = (x + ex) / 2 + uy * p.size * 0.3;
      const cy = (y + ey) / 2 - ux * p.size * 0.3;
      offAxis.push({
        text: p.text.trim(),
        x0: cx - p.size / 2,
        x1: cx + p.size / 2,
        y: cy + p.size * 0.3,
        size: p.size,
      });
      continue;
    }
    pieces.push(...splitWide({ text: p.text, x0: x, x1: x + p.width, y, size: p.size }));
  }
  const segments = operators.segments.map((s) => {
    const [x0, y0] = rotate(s.x0, s.y0);
    const [x1, y1] = rotate(s.x1, s.y1);
    const segment = {
      x0: Math.min(x0, x1),
      y0: Math.min(y0, y1),
      x1: Math.max(x0, x1),
      y1: Math.max(y0, y1),
    };
    return s.soft ? { ...segment, soft: true } : segment;
  });
  const swap = turns % 2 === 1;
  return {
    width: swap ? vp.height : vp.width,
    height: swap ? vp.width : vp.height,
    pieces,
    segments,
    offAxis,
  };
}
