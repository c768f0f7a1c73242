import { describe, expect, it } from 'vitest';
import { layoutPage } from './layout-page';
import { buildLines, lineText } from './lines';
import type { LayoutTable, PageContent, Segment, TextPiece } from './types';

/** A piece of text at (x, baseline y), 10 pt, 5 pt per character (a simple monospace model). */
const piece = (text: string, x: number, y: number, size = 10): TextPiece => ({
  text,
  x0: x,
  x1: x + text.length * size * 0.5,
  y,
  size,
});
const page = (pieces: TextPiece[], segments: Segment[] = []): PageContent => ({
  width: 612,
  height: 792,
  pieces,
  segments,
  offAxis: [],
});
const texts = (content: PageContent) =>
  layoutPage(content).blocks.map((b) => (b.kind === 'line' ? b.text : `[table ${b.table.rows.length}]`));
const tables = (content: PageContent): LayoutTable[] =>
  layoutPage(content).blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : []));

describe('lines from glyph positions', () => {
  it('joins pieces on one baseline, adds the word space pdf.js left out, keeps a superscript on its line', () => {
    const lines = buildLines([
      piece('world', 120, 100),
      piece('Hello', 90, 100),
      piece('2', 145, 96, 6),
      piece('Next line', 90, 114),
    ]);
    expect(lines.map(lineText)).toEqual(['Hello world2', 'Next line']);
  });

  it('splits a line at a wide gap into fragments', () => {
    const [line] = buildLines([piece('Name', 50, 100), piece('Value', 200, 100)]);
    expect(line?.fragments.map((f) => f.text)).toEqual(['Name', 'Value']);
  });
});

describe('reading order across columns', () => {
  it('reads the left column, then the right one, with a spanning title first', () => {
    const left = (i: number) => `left column sentence number ${i} goes on`;
    const right = (i: number) => `right column sentence number ${i} goes on`;
    const pieces = [piece('A title spanning both of the two columns of this page', 60, 80)];
    for (let i = 0; i < 8; i++) {
      pieces.push(piece(left(i), 60, 120 + i * 12), piece(right(i), 320, 120 + i * 12));
    }
    const order = texts(page(pieces));
    expect(order).toEqual([
      'A title spanning both of the two columns of this page',
      ...[...Array(8).keys()].map(left),
      ...[...Array(8).keys()].map(right),
    ]);
  });

  it('leaves a single column of short lines alone', () => {
    const pieces = [...Array(12).keys()].map((i) => piece(`item ${i}`, 60, 100 + i * 12));
    expect(texts(page(pieces))).toEqual([...Array(12).keys()].map((i) => `item ${i}`));
  });
});

describe('whitespace-aligned tables', () => {
  const rows = [
    ['Region', 'Units', 'Revenue'],
    ['North America', '1,204', '$3.2m'],
    ['Europe', '987', '$2.9m'],
    ['Asia Pacific', '1,530', '$4.1m'],
    ['Other', '88', '$0.3m'],
  ];
  const tablePieces = (top: number) =>
    rows.flatMap((row, r) => row.map((cell, c) => piece(cell, 60 + c * 120, top + r * 14)));

  it('rebuilds rows and columns, with the header row and the caption above it', () => {
    const content = page([
      piece('Some text before the table, long enough to be prose on its own.', 60, 60),
      piece('Table 3: Sales by region', 60, 84),
      ...tablePieces(110),
    ]);
    const [table] = tables(content);
    expect(table?.title).toBe('Table 3: Sales by region');
    expect(table?.header).toEqual(['Region', 'Units', 'Revenue']);
    expect(table?.rows).toEqual(rows.slice(1));
    expect(texts(content)[0]).toMatch(/^Some text before/);
  });

  it('joins a two-row header per column and leaves a report title block out of it', () => {
    const content = page([
      piece('QUARTERLY REPORT', 60, 60),
      piece('31/03/2024', 300, 60),
      piece('Net', 180, 84),
      piece('Gross', 300, 84),
      piece('Share', 420, 84),
      piece('Item', 60, 98),
      piece('amount', 180, 98),
      piece('amount', 300, 98),
      piece('%', 420, 98),
      piece('Rent', 60, 112),
      piece('100', 180, 112),
      piece('120', 300, 112),
      piece('77', 420, 112),
      piece('Power', 60, 126),
      piece('30', 180, 126),
      piece('36', 300, 126),
      piece('23', 420, 126),
    ]);
    const [table] = tables(content);
    expect(table?.header).toEqual(['Item', 'Net amount', 'Gross amount', 'Share %']);
    expect(table?.rows).toEqual([
      ['Rent', '100', '120', '77'],
      ['Power', '30', '36', '23'],
    ]);
  });
});

describe('ruled tables', () => {
  // A 3×3 grid: columns at x 50 | 200 | 300 | 400, rows at y 100 | 120 | 160 | 180.
  const xs = [50, 200, 300, 400];
  const ys = [100, 120, 160, 180];
  const grid: Segment[] = [
    ...ys.map((y) => ({ x0: 50, y0: y, x1: 400, y1: y })),
    ...xs.map((x) => ({ x0: x, y0: 100, x1: x, y1: 180 })),
  ];

  it('joins a multi-line cell into one value instead of splitting the row', () => {
    const content = page(
      [
        piece('Project', 55, 114),
        piece('Budget', 205, 114),
        piece('Owner', 305, 114),
        piece('Replace the cooling', 55, 134),
        piece('units in hall B', 55, 146),
        piece('12,000', 205, 134),
        piece('Facilities', 305, 134),
        piece('Audit', 55, 174),
        piece('3,500', 205, 174),
        piece('Finance', 305, 174),
      ],
      grid,
    );
    const [table] = tables(content);
    expect(table?.kind).toBe('ruled');
    expect(table?.header).toEqual(['Project', 'Budget', 'Owner']);
    expect(table?.rows).toEqual([
      ['Replace the cooling units in hall B', '12,000', 'Facilities'],
      ['Audit', '3,500', 'Finance'],
    ]);
  });

  it('names every column under a spanning header cell', () => {
    // Header row split in two: "Cost" spans the last two columns (no rule between them above y 120).
    const spanning: Segment[] = [
      { x0: 50, y0: 80, x1: 400, y1: 80 },
      { x0: 50, y0: 80, x1: 50, y1: 100 },
      { x0: 200, y0: 80, x1: 200, y1: 100 },
      { x0: 400, y0: 80, x1: 400, y1: 100 },
      ...grid,
    ];
    const content = page(
      [
        piece('Cost', 280, 94),
        piece('Item', 55, 114),
        piece('Plan', 205, 114),
        piece('Actual', 305, 114),
        piece('Chairs', 55, 134),
        piece('400', 205, 134),
        piece('380', 305, 134),
        piece('Desks', 55, 174),
        piece('900', 205, 174),
        piece('950', 305, 174),
      ],
      spanning,
    );
    const [table] = tables(content);
    expect(table?.header).toEqual(['Item', 'Cost Plan', 'Cost Actual']);
    expect(table?.rows[1]).toEqual(['Desks', '900', '950']);
  });
});
