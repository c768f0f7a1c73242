import type { Fragment, Line, TextPiece } from './types';

/** A gap wider than this many ems splits a line into fragments (table cells, columns). */
export const FRAGMENT_GAP_EM = 0.9;
/** A gap wider than this many ems between pieces is a word space pdf.js did not write. */
const SPACE_GAP_EM = 0.12;

const top = (p: { y: number; size: number }) => p.y - p.size * 0.8;
const bottom = (p: { y: number; size: number }) => p.y + p.size * 0.2;

/** Joins pieces left to right, adding a space where the gap between them is a word gap. */
export function joinPieces(pieces: TextPiece[]): string {
  let text = '';
  let prev: TextPiece | undefined;
  for (const piece of pieces) {
    if (prev) {
      const gap = piece.x0 - prev.x1;
      const needsSpace = gap > SPACE_GAP_EM * Math.min(prev.size, piece.size);
      if (needsSpace && !/\s$/.test(text) && !/^\s/.test(piece.text)) text += ' ';
    }
    text += piece.text;
    prev = piece;
  }
  return text.replace(/\s+/g, ' ').trim();
}

function fragmentOf(pieces: TextPiece[]): Fragment {
  const first = pieces[0] as TextPiece;
  return {
    text: joinPieces(pieces),
    x0: Math.min(...pieces.map((p) => p.x0)),
    x1: Math.max(...pieces.map((p) => p.x1)),
    y: first.y,
    size: Math.max(...pieces.map((p) => p.size)),
    pieces,
  };
}

/**
 * Gaps up to this many points are no gap: positions reached along different paths (pdf.js's text
 * content, glyphs placed from the drawing operators) differ by float rounding, and with a zero
 * threshold "11,062" + "." + "6" would otherwise part at a 1e-13 pt gap.
 */
const TOUCHING = 0.01;

/** Splits one line's pieces (sorted by x) wherever the gap is wider than `gapEm` ems. */
export function fragmentsOf(pieces: TextPiece[], gapEm = FRAGMENT_GAP_EM): Fragment[] {
  const sorted = [...pieces].sort((a, b) => a.x0 - b.x0);
  const groups: TextPiece[][] = [];
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const piece of sorted) {
    const current = groups.at(-1);
    const size = Math.min(piece.size, current?.at(-1)?.size ?? piece.size);
    if (current && piece.x0 - lastEnd <= gapEm * size + TOUCHING) {
      current.push(piece);
      lastEnd = Math.max(lastEnd, piece.x1);
    } else {
      groups.push([piece]);
      lastEnd = piece.x1;
    }
  }
  return groups.map(fragmentOf);
}

export function lineOf(fragments: Fragment[]): Line {
  const sorted = [...fragments].sort((a, b) => a.x0 - b.x0);
  const pieces = sorted.flatMap((f) => f.pieces);
  const sizes = pieces.map((p) => p.size).sort((a, b) => a - b);
  // The line's baseline and size are those of its body text, not of a superscript.
  const body = pieces.reduce((best, p) => (p.size > best.size ? p : best), pieces[0] as TextPiece);
  return {
    fragments: sorted,
    y: body.y,
    top: Math.min(...pieces.map(top)),
    bottom: Math.max(...pieces.map(bottom)),
    x0: Math.min(...sorted.map((f) => f.x0)),
    x1: Math.max(...sorted.map((f) => f.x1)),
    size: sizes[Math.floor(sizes.length / 2)] ?? body.size,
  };
}

/**
 * Groups pieces into lines by vertical overlap (so that superscripts and subscripts stay on their
 * line) and splits each line into fragments at wide gaps. Lines come out top to bottom.
 */
export function buildLines(pieces: TextPiece[]): Line[] {
  const sorted = [...pieces].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const groups: { pieces: TextPiece[]; top: number; bottom: number; y: number; size: number }[] = [];
  for (const piece of sorted) {
    const t = top(piece);
    const b = bottom(piece);
    let best: (typeof groups)[number] | undefined;
    let bestOverlap = 0;
    // Only the last few lines can still overlap a piece further down the page.
    for (let i = groups.length - 1; i >= 0 && i >= groups.length - 8; i--) {
      const group = groups[i] as (typeof groups)[number];
      const overlap = Math.min(b, group.bottom) - Math.max(t, group.top);
      const needed = 0.5 * Math.min(b - t, group.bottom - group.top);
      const collides = group.pieces.some((q) => q.x0 < piece.x1 - 0.5 && piece.x0 < q.x1 - 0.5);
      if (overlap > needed && overlap > bestOverlap && !collides) {
        best = group;
        bestOverlap = overlap;
      }
    }
    if (best) {
      best.pieces.push(piece);
      if (piece.size >= best.size) {
        best.y = piece.y;
        best.size = piece.size;
        best.top = Math.min(best.top, t);
        best.bottom = Math.max(best.bottom, b);
      }
    } else groups.push({ pieces: [piece], top: t, bottom: b, y: piece.y, size: piece.size });
  }
  return groups.map((g) => lineOf(fragmentsOf(g.pieces))).sort((a, b) => a.y - b.y || a.x0 - b.x0);
}

/** A line's text: fragments joined by a single space. */
export function lineText(line: Line): string {
  return line.fragments.map((f) => f.text).join(' ');
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Splits pieces into words, giving each its share of the piece's width by character count. */
export function splitWords(pieces: TextPiece[]): TextPiece[] {
  return pieces.flatMap((piece) => {
    if (!/\S\s+\S/.test(piece.text)) return [piece];
    const charWidth = (piece.x1 - piece.x0) / Math.max(1, piece.text.length);
    return [...piece.text.matchAll(/\S+/g)].map((m) => {
      const start = piece.x0 + m.index * charWidth;
      return { ...piece, text: m[0], x0: start, x1: start + m[0].length * charWidth };
    });
  });
}
