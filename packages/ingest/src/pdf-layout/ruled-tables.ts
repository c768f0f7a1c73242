import { buildLines, lineText } from './lines';
import { dropEmptyColumns, headerRowCount, isNumeric, joinCellLines, joinHeader } from './table-shape';
import type { LayoutTable, Line, Segment, TextPiece } from './types';

/** Points within which two rules count as touching or collinear. */
const TOLERANCE = 2.5;
/** Distinct row or column borders closer than this are one border drawn twice. */
const MERGE_BORDERS = 3;

interface Rule {
  /** The fixed coordinate (y of a horizontal rule, x of a vertical one). */
  at: number;
  from: number;
  to: number;
}

/** Joins collinear, overlapping or touching rules into one. */
function mergeRules(rules: Rule[]): Rule[] {
  const sorted = [...rules].sort((a, b) => a.at - b.at || a.from - b.from);
  const merged: Rule[] = [];
  for (const rule of sorted) {
    const match = merged.find(
      (m) => Math.abs(m.at - rule.at) <= 1 && rule.from <= m.to + TOLERANCE && rule.to >= m.from - TOLERANCE,
    );
    if (match) {
      match.from = Math.min(match.from, rule.from);
      match.to = Math.max(match.to, rule.to);
    } else merged.push({ ...rule });
  }
  return merged;
}

function clusterValues(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  for (const v of sorted) {
    const last = out.at(-1);
    if (last === undefined || v - last > MERGE_BORDERS) out.push(v);
  }
  return out;
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = [...Array(n).keys()];
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] as number;
    this.parent[i] = root;
    return root;
  }
  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

export interface RuledTable extends Omit<LayoutTable, 'title'> {
  x0: number;
  x1: number;
  pieces: TextPiece[];
}

/** A rule covers `[from, to]` for at least `share` of its length. */
function covered(rules: Rule[], at: number, from: number, to: number, share = 0.5): boolean {
  return rules.some(
    (r) =>
      Math.abs(r.at - at) <= TOLERANCE && Math.min(r.to, to) - Math.max(r.from, from) >= share * (to - from),
  );
}

/** A box of aligned lines holding at least 1/FRAME_SHARE of a ruled area's text frames a table. */
const FRAME_SHARE = 5;

/** A region must fill this share of its bounding rectangle to be a cell with boxes drawn inside. */
const INNER_BOX_FILL = 2 / 3;

/**
 * Joins a region of grid cells that is not a rectangle with the boxes nested inside its bounding
 * rectangle. A table's spanning cells are rectangles; an L- or U-shaped region holding text, that
 * fills most of its bounding rectangle around other boxes lying wholly inside it, is a cell with
 * boxes drawn in it that do not split it: a frame around an entry's number, a photo placeholder,
 * a check box (the voter cards of an electoral roll, ID and application forms). The cell is the
 * outer box, and the inner boxes' text (the entry's number) is part of it. Regions without text
 * (thin strips between doubled borders) and regions that merely wrap around cells reaching beyond
 * them are left alone: there the rules are a table's, drawn unevenly.
 */
function joinAroundInnerBoxes(cells: UnionFind, ys: number[], xs: number[], withText: Set<number>): void {
  const cols = xs.length - 1;
  const rows = ys.length - 1;
  const area = (r: number, c: number) =>
    ((ys[r + 1] as number) - (ys[r] as number)) * ((xs[c + 1] as number) - (xs[c] as number));
  const regions = new Map<
    number,
    { r0: number; r1: number; c0: number; c1: number; area: number; text: boolean }
  >();
  for (let i = 0; i < rows * cols; i++) {
    const [r, c] = [Math.floor(i / cols), i % cols];
    const root = cells.find(i);
    const b = regions.get(root) ?? { r0: r, r1: r, c0: c, c1: c, area: 0, text: false };
    regions.set(root, {
      r0: Math.min(b.r0, r),
      r1: Math.max(b.r1, r),
      c0: Math.min(b.c0, c),
      c1: Math.max(b.c1, c),
      area: b.area + area(r, c),
      text: b.text || withText.has(i),
    });
  }
  const joins: [number, number][] = [];
  for (const [root, b] of regions) {
    const box = (ys[b.r1 + 1] as number) - (ys[b.r0] as number);
    const boxArea = box * ((xs[b.c1 + 1] as number) - (xs[b.c0] as number));
    if (!b.text || b.area >= boxArea - 0.5 || b.area < INNER_BOX_FILL * boxArea) continue;
    const nested = [...regions].every(
      ([other, o]) =>
        other === root ||
        o.r1 < b.r0 ||
        o.r0 > b.r1 ||
        o.c1 < b.c0 ||
        o.c0 > b.c1 ||
        (o.r0 >= b.r0 && o.r1 <= b.r1 && o.c0 >= b.c0 && o.c1 <= b.c1),
    );
    if (!nested) continue;
    for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) joins.push([r * cols + c, root]);
  }
  for (const [cell, root] of joins) cells.union(cell, root);
}

function gridTable(hs: Rule[], vs: Rule[], pieces: TextPiece[]): RuledTable | null {
  const ys = clusterValues(hs.map((h) => h.at));
  const xs = clusterValues(vs.map((v) => v.at));
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  if (rows < 1 || cols < 2) return null;
  const top = ys[0] as number;
  const bottom = ys.at(-1) as number;
  const left = xs[0] as number;
  const right = xs.at(-1) as number;
  // Cells joined where no rule separates them (spanning cells).
  const cells = new UnionFind(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const [y0, y1, x0, x1] = [ys[r] as number, ys[r + 1] as number, xs[c] as number, xs[c + 1] as number];
      if (c + 1 < cols && !covered(vs, x1, y0, y1)) cells.union(r * cols + c + 1, r * cols + c);
      if (r + 1 < rows && !covered(hs, y1, x0, x1)) cells.union((r + 1) * cols + c, r * cols + c);
    }
  }
  const inside: { piece: TextPiece; at: number }[] = [];
  for (const piece of pieces) {
    const cx = (piece.x0 + piece.x1) / 2;
    const cy = piece.y - piece.size * 0.3;
    if (cx < left || cx > right || cy < top || cy > bottom) continue;
    const r = Math.min(rows - 1, Math.max(0, ys.findIndex((y) => y > cy) - 1));
    const c = Math.min(cols - 1, Math.max(0, xs.findIndex((x) => x > cx) - 1));
    inside.push({ piece, at: r * cols + c });
  }
  joinAroundInnerBoxes(cells, ys, xs, new Set(inside.map((p) => p.at)));
  const byCell = new Map<number, TextPiece[]>();
  for (const { piece, at } of inside) {
    const root = cells.find(at);
    byCell.set(root, [...(byCell.get(root) ?? []), piece]);
  }
  // Each merged cell's text sits in its top-left grid cell (the lowest index of its group).
  const anchorOf = new Map<number, number>();
  for (let i = rows * cols - 1; i >= 0; i--) anchorOf.set(cells.find(i), i);
  const grid: string[][] = [...Array(rows)].map(() => Array(cols).fill(''));
  const cellLines = new Map<number, Line[]>();
  const chars = (ps: TextPiece[]) => ps.reduce((n, p) => n + p.text.replace(/\s+/g, '').length, 0);
  const total = chars(inside.map((p) => p.piece));
  let boxesOfRows = 0;
  for (const [root, cellPieces] of byCell) {
    const anchor = anchorOf.get(root) as number;
    const lines = buildLines(cellPieces);
    if (lines.length >= 3 && lines.filter((l) => l.fragments.length >= 2).length >= 2) {
      // A ruled box holding its own whitespace-aligned rows, and much of the ruled area's text,
      // is a frame around a table, not a grid of cells: the aligned-table pass reads it instead.
      // Many small boxes of such lines (label and value pairs) are a form's grid of entries,
      // each box one entry: an electoral roll's voter cards, a sheet of ID cards.
      if (chars(cellPieces) * FRAME_SHARE >= total) return null;
      boxesOfRows++;
    }
    cellLines.set(anchor, lines);
    (grid[Math.floor(anchor / cols)] as string[])[anchor % cols] = joinCellLines(lines.map(lineText));
  }
  // A grid of entries: most filled boxes hold label and value lines (see above).
  const entries = boxesOfRows * 2 >= byCell.size;
  const filled = grid.map((row, r) => ({ row, r })).filter(({ row }) => row.some(Boolean));
  // Rules between rows only (row shading, underlines) with the columns made by whitespace: most
  // rows have a cell whose line splits at wide gaps. The aligned-table pass reads such a table.
  const gapped = filled.filter(({ r }) =>
    [...Array(cols).keys()].some((c) => cellLines.get(r * cols + c)?.some((l) => l.fragments.length >= 2)),
  );
  if (!entries && gapped.length >= 3 && gapped.length * 2 > filled.length) return null;
  const filledCols = [...Array(cols).keys()].filter((c) => grid.some((row) => row[c]));
  if (filled.length < 2 || filledCols.length < 2) return null;
  const headerRows = entries ? 0 : headerRowCount(filled.map(({ row }) => row));
  // A header cell spanning several columns (or rows) names each column under it.
  const headerGrid = filled.slice(0, headerRows).map(({ row, r }) =>
    row.map((cell, c) => {
      if (cell) return cell;
      const anchor = anchorOf.get(cells.find(r * cols + c)) as number;
      return grid[Math.floor(anchor / cols)]?.[anchor % cols] ?? '';
    }),
  );
  const body = filled.slice(headerRows).flatMap(({ row, r }) => splitRowGroup(row, r, cols, cellLines));
  const shaped = dropEmptyColumns([...headerGrid, ...body]);
  const width = shaped[0]?.length ?? 0;
  return {
    header: joinHeader(shaped.slice(0, headerRows), width),
    rows: shaped.slice(headerRows),
    kind: 'ruled',
    top,
    bottom,
    x0: left,
    x1: right,
    pieces: inside.map((p) => p.piece),
  };
}

/**
 * A ruled row whose cells stack several numbers one per line is a group of data rows drawn
 * without rules between them (numbers do not wrap): it is split into one row per text line.
 * Otherwise (wrapped text) a cell's lines stay one value.
 */
function splitRowGroup(row: string[], r: number, cols: number, cellLines: Map<number, Line[]>): string[][] {
  const lines = row.map((_, c) => cellLines.get(r * cols + c) ?? []);
  const stacked = lines.some(
    (cell, c) => c > 0 && cell.length >= 2 && cell.every((l) => isNumeric(lineText(l))),
  );
  if (!stacked) return [row];
  const baselines: number[] = [];
  for (const line of lines.flat().sort((a, b) => a.y - b.y)) {
    const last = baselines.at(-1);
    if (last === undefined || line.y - last > line.size * 0.5) baselines.push(line.y);
  }
  const band = (y: number) => {
    let best = 0;
    baselines.forEach((b, i) => {
      if (Math.abs(b - y) < Math.abs((baselines[best] as number) - y)) best = i;
    });
    return best;
  };
  const out: string[][] = baselines.map(() => Array(row.length).fill(''));
  lines.forEach((cell, c) => {
    const parts = new Map<number, string[]>();
    for (const line of cell) parts.set(band(line.y), [...(parts.get(band(line.y)) ?? []), lineText(line)]);
    for (const [i, texts] of parts) (out[i] as string[])[c] = joinCellLines(texts);
  });
  return out.filter((cells) => cells.some(Boolean));
}

/** A shading edge this close to a parallel drawn line is the padding of a ruled cell. */
const SHADING_INSET = 8;

/**
 * Drops shading edges (soft segments) that run alongside a drawn line a few points away: shading
 * inset in a ruled cell would otherwise add a thin empty row or column beside each rule.
 */
function dropShadingInsets(segments: Segment[]): Segment[] {
  const horizontal = (s: Segment) => s.y1 - s.y0 < 1;
  const drawn = segments.filter((s) => !s.soft);
  return segments.filter(
    (soft) =>
      !soft.soft ||
      !drawn.some((line) => {
        if (horizontal(line) !== horizontal(soft)) return false;
        const h = horizontal(soft);
        const distance = h ? Math.abs(line.y0 - soft.y0) : Math.abs(line.x0 - soft.x0);
        const [a0, a1, b0, b1] = h
          ? [soft.x0, soft.x1, line.x0, line.x1]
          : [soft.y0, soft.y1, line.y0, line.y1];
        return distance <= SHADING_INSET && Math.min(a1, b1) - Math.max(a0, b0) >= 0.5 * (a1 - a0);
      }),
  );
}

/**
 * Finds tables drawn with rules: horizontal and vertical rules that touch form a grid; its row
 * and column borders cut the text into cells, a missing rule between two cells makes them one
 * spanning cell, and a cell's lines are joined into one value.
 */
export function findRuledTables(allSegments: Segment[], pieces: TextPiece[]): RuledTable[] {
  const segments = dropShadingInsets(allSegments);
  const hs = mergeRules(
    segments.filter((s) => s.y1 - s.y0 < 1).map((s) => ({ at: (s.y0 + s.y1) / 2, from: s.x0, to: s.x1 })),
  );
  const vs = mergeRules(
    segments.filter((s) => s.x1 - s.x0 < 1).map((s) => ({ at: (s.x0 + s.x1) / 2, from: s.y0, to: s.y1 })),
  );
  if (hs.length < 2 || vs.length < 2) return [];
  const uf = new UnionFind(hs.length + vs.length);
  hs.forEach((h, i) => {
    vs.forEach((v, j) => {
      const touch =
        v.at >= h.from - TOLERANCE &&
        v.at <= h.to + TOLERANCE &&
        h.at >= v.from - TOLERANCE &&
        h.at <= v.to + TOLERANCE;
      if (touch) uf.union(i, hs.length + j);
    });
  });
  const groups = new Map<number, { hs: Rule[]; vs: Rule[] }>();
  hs.forEach((h, i) => {
    const g = groups.get(uf.find(i)) ?? { hs: [], vs: [] };
    g.hs.push(h);
    groups.set(uf.find(i), g);
  });
  vs.forEach((v, j) => {
    const g = groups.get(uf.find(hs.length + j)) ?? { hs: [], vs: [] };
    g.vs.push(v);
    groups.set(uf.find(hs.length + j), g);
  });
  const tables: RuledTable[] = [];
  let remaining = pieces;
  for (const g of [...groups.values()].sort((a, b) => (a.hs[0]?.at ?? 0) - (b.hs[0]?.at ?? 0))) {
    if (g.hs.length < 2 || g.vs.length < 2) continue;
    const table = gridTable(g.hs, g.vs, remaining);
    if (!table) continue;
    tables.push(table);
    const taken = new Set(table.pieces);
    remaining = remaining.filter((p) => !taken.has(p));
  }
  return tables;
}
