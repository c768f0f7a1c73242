import { describe, expect, it } from 'vitest';
import { DocumentBuilder } from '../document-builder';
import { readingOrder } from './columns';
import { writePages } from './index';
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
/** The page's text as the document gets it (reflowed, rows one line each). */
const written = (content: PageContent): string => {
  const builder = new DocumentBuilder('pdf');
  writePages(builder, [{ num: 1, layout: layoutPage(content) }]);
  return builder.build().text;
};

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

  it('keeps a wide table whole when a gutter parts its labelled left half from a right half of figures', () => {
    // Each half is set tight (cells a word space apart) and both halves' lines are long enough to
    // pass for prose, but the right half holds no words: it is the rest of each row, not a column.
    const names = [
      'Robbery',
      'Burglary',
      'Arson',
      'Fraud',
      'Vandalism',
      'Gambling',
      'Drunkenness',
      'Runaways',
    ];
    const pieces = names.flatMap((name, i) => [
      piece(`${name} and related offences ${100 + i}.5 ${20 + i}.1`, 10, 100 + i * 12),
      piece([1, 2, 3, 4].map((k) => `${k},${300 + i}.25`).join(' '), 320, 100 + i * 12),
    ]);
    const lines = readingOrder(buildLines(pieces)).flat().map(lineText);
    expect(lines).toHaveLength(8);
    expect(lines[3]).toBe('Fraud and related offences 103.5 23.1 1,303.25 2,303.25 3,303.25 4,303.25');
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

  it('places a header wider than its column by its centre, with the columns drawn from the body', () => {
    const content = page([
      // "Under 18" starts left of the gap between the Total and Under-18 columns of figures.
      piece('Offense', 60, 98),
      piece('Total', 150, 98),
      piece('Under 18', 186, 98),
      piece('Robbery', 60, 112),
      piece('102.1', 155, 112),
      piece('25.5', 195, 112),
      piece('Arson', 60, 126),
      piece('9.8', 165, 126),
      piece('4.3', 200, 126),
      piece('Fraud', 60, 140),
      piece('173.7', 155, 140),
      piece('5.1', 200, 140),
    ]);
    const [table] = tables(content);
    expect(table?.header).toEqual(['Offense', 'Total', 'Under 18']);
    expect(table?.rows[0]).toEqual(['Robbery', '102.1', '25.5']);
  });

  it('joins a wrapped row label whose words run on, and leaves unrelated one-cell lines alone', () => {
    const content = page([
      piece('Offense', 60, 84),
      piece('Total', 240, 84),
      piece('Male', 320, 84),
      piece('Robbery', 60, 98),
      piece('102.1', 240, 98),
      piece('90.0', 320, 98),
      piece('Offenses against the family and', 60, 112),
      piece('children', 64, 126),
      piece('92.4', 240, 126),
      piece('68.9', 320, 126),
      piece('Property crime', 60, 140),
      piece('Arson', 60, 154),
      piece('9.8', 240, 154),
      piece('8.1', 320, 154),
    ]);
    const [table] = tables(content);
    expect(table?.rows).toEqual([
      ['Robbery', '102.1', '90.0'],
      ['Offenses against the family and children', '92.4', '68.9'],
      ['Property crime', '', ''],
      ['Arson', '9.8', '8.1'],
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

describe('ruled grids of entries and frames', () => {
  /** A rectangle's four edges. */
  const box = (x0: number, y0: number, x1: number, y1: number): Segment[] => [
    { x0, y0, x1, y1: y0 },
    { x0, y0: y1, x1, y1 },
    { x0, y0, x1: x0, y1 },
    { x0: x1, y0, x1, y1 },
  ];

  it('reads a form of boxed entries (with a number box and a photo box inside each) one entry per cell, without a header', () => {
    // Six voter-card-like boxes, 3 by 2, 2 pt apart; each has a small box around its number at
    // the top left and an empty photo box at the right, neither splitting the card.
    const pieces: TextPiece[] = [];
    const segments: Segment[] = [];
    for (let k = 0; k < 6; k++) {
      const [x, y] = [40 + (k % 3) * 182, 100 + Math.floor(k / 3) * 92];
      segments.push(
        ...box(x, y, x + 180, y + 90),
        ...box(x, y, x + 40, y + 14),
        ...box(x + 130, y + 20, x + 176, y + 86),
      );
      pieces.push(
        piece(String(k + 1), x + 15, y + 11),
        piece(`ID00${k + 1}`, x + 80, y + 12),
        piece('Name :', x + 4, y + 32),
        piece(k % 2 ? 'Ann' : 'Bob', x + 60, y + 32),
        piece('House :', x + 4, y + 52),
        piece(String(10 + k), x + 60, y + 52),
        piece('Age : 4' + k, x + 4, y + 72),
        piece('Sex : F', x + 70, y + 72),
      );
    }
    const [table] = tables(page(pieces, segments));
    expect(table?.kind).toBe('ruled');
    expect(table?.header).toEqual([]);
    expect(table?.rows).toHaveLength(2);
    expect(table?.rows[0]?.[0]).toBe('1 ID001 Name : Bob House : 10 Age : 40 Sex : F');
    expect(table?.rows[1]?.[2]).toBe('6 ID006 Name : Ann House : 15 Age : 45 Sex : F');
  });

  it('still reads a ruled frame around a whitespace-aligned table as that table', () => {
    const rows = [
      ['Region', 'Sales', 'Staff'],
      ['North', '1,200', '14'],
      ['South', '950', '11'],
      ['East', '1,430', '17'],
    ];
    const pieces = rows.flatMap((row, r) => row.map((cell, c) => piece(cell, 60 + c * 90, 120 + r * 16)));
    pieces.push(piece('Sales by region', 60, 94), piece('Note', 345, 120));
    // A title box across the top, the frame, and a narrow box beside it holding a note.
    const segments = [...box(50, 80, 400, 100), ...box(50, 100, 330, 190), ...box(330, 100, 400, 190)];
    const [table] = tables(page(pieces, segments));
    // Not a 2-cell ruled table of two blobs: the rows and columns inside the frame.
    expect(table?.kind).toBe('aligned');
    expect(table?.header.slice(0, 2)).toEqual(['Region', 'Sales']);
    expect(table?.rows).toEqual(rows.slice(1));
  });
});

describe('text drawn twice', () => {
  it('reads a run drawn twice at a tiny offset (fake bold) once', () => {
    const twice = (text: string, x: number, y: number) => [piece(text, x, y), piece(text, x + 0.3, y + 0.2)];
    const content = page([...twice('TILLAGE/CULTIVATION:', 60, 100), ...twice('conventional', 200, 100)]);
    expect(texts(content)).toEqual(['TILLAGE/CULTIVATION: conventional']);
  });

  it('drops a partial copy lying over the full run, keeps the full run', () => {
    // A clipped second rendering: "O t 3" over "Oct 3", "1 9" over "1.9".
    const content = page([
      piece('Oct 3', 60, 100),
      piece('O t 3', 60, 100),
      piece('1 9', 200, 100),
      piece('1.9', 200, 100),
    ]);
    expect(texts(content)).toEqual(['Oct 3 1.9']);
  });

  it('keeps a mark drawn over a letter that is not a copy of it, and words side by side', () => {
    const content = page([piece('resume', 60, 100), piece('´', 67, 100), piece('resume', 100, 100)]);
    const all = texts(content).join(' ');
    expect(all).toContain('´');
    expect(all.match(/resume/g)).toHaveLength(2);
  });
});

describe('tables ruled between rows only', () => {
  it('reads the columns from whitespace when the rules only separate rows', () => {
    // Row rules (shading edges) across the table, a frame and two vertical rules around one
    // column only: the other columns are made by whitespace alone.
    const rows = [
      ['Brand', 'Product', 'Yield', 'Moisture', 'Income'],
      ['Kruger', 'K2-1901', '56.4', '7.6', '$846'],
      ['Stine', '19RA02', '55.3', '7.6', '$830'],
      ['Wensman', 'W 3190', '54.5', '7.6', '$818'],
      ['Hefty', 'H17Y12', '53.7', '7.7', '$806'],
    ];
    const xs = [60, 160, 260, 340, 430];
    const pieces = rows.flatMap((row, r) => row.map((cell, c) => piece(cell, xs[c] as number, 112 + r * 20)));
    const segments: Segment[] = [
      ...[0, 1, 2, 3, 4, 5].map((r) => ({ x0: 50, y0: 100 + r * 20, x1: 500, y1: 100 + r * 20 })),
      ...[50, 255, 300, 500].map((x) => ({ x0: x, y0: 100, x1: x, y1: 200 })),
    ];
    const [table] = tables(page(pieces, segments));
    expect(table?.header).toEqual(rows[0]);
    expect(table?.rows).toEqual(rows.slice(1));
  });
});

describe('where an aligned table ends', () => {
  it('ends the table at a paragraph, even one whose justified lines have wide gaps', () => {
    const rows = [
      ['Item', 'Count', 'Share'],
      ['Apples', '120', '40%'],
      ['Pears', '90', '30%'],
      ['Plums', '90', '30%'],
    ];
    const pieces = rows.flatMap((row, r) => row.map((cell, c) => piece(cell, 60 + c * 150, 100 + r * 14)));
    // Two justified paragraph lines: wide gaps between words, as wide as the table's column gaps.
    pieces.push(
      piece('Comments: the harvest was very good this year and the weather', 60, 170),
      piece('kept', 400, 170),
      piece('dry', 440, 170),
      piece('through the whole of the summer until the end of August when', 60, 184),
      piece('rain', 400, 184),
      piece('came', 440, 184),
    );
    const [table] = tables(page(pieces));
    expect(table?.header).toEqual(rows[0]);
    expect(table?.rows).toEqual(rows.slice(1));
    expect(texts(page(pieces)).slice(-2)).toEqual([
      'Comments: the harvest was very good this year and the weather kept dry',
      'through the whole of the summer until the end of August when rain came',
    ]);
  });

  it('keeps a row whose long label is followed by its values', () => {
    const label = 'Above normal range (systolic above 140 mm of Hg and diastolic above 90)';
    const pieces = [
      ['Indicator', 'Total', 'Rural'],
      ['Any injury', '1.9', '2.1'],
      [label, '23.8', '22.8'],
      ['Very high (systolic above 180 mm of Hg and diastolic above 110 mm)', '3.7', '3.1'],
      ['Acute illness', '4.5', '5.6'],
    ].flatMap((row, r) => row.map((cell, c) => piece(cell, c === 0 ? 40 : 400 + c * 60, 100 + r * 14, 6)));
    const [table] = tables(page(pieces));
    expect(table?.rows.map((r) => r[0])).toContain(label);
    expect(table?.rows.at(-1)).toEqual(['Acute illness', '4.5', '5.6']);
  });
});

describe('a table under a block of label/value lines', () => {
  /**
   * A trial report: a form of label/value lines (one value a date, none a figure standing alone),
   * set apart by a wider gap from a two-row header over rows of figures, and summary rows whose
   * labels lie across the columns' borders, right-aligned to the figures they sum up.
   */
  const report = () =>
    page([
      piece('SOIL:', 60, 60),
      piece('Clay loam, well drained', 180, 60),
      piece('TILLAGE:', 60, 74),
      piece('Fall till', 180, 74),
      piece('PEST CONTROL:', 60, 88),
      piece('Sprayed twice', 180, 88),
      piece('SEEDED:', 60, 102),
      piece('May 15', 180, 102),
      // The header, 2.5 lines below the form.
      piece('Seed', 180, 136),
      piece('Yield', 300, 136),
      piece('Gross', 420, 136),
      piece('Brand', 60, 150),
      piece('Product', 180, 150),
      piece('Bu/A', 300, 150),
      piece('Income', 420, 150),
      ...[
        ['Kruger', 'K2-1901', '56.4', '$846'],
        ['Stine', '19RA02', '55.3', '$830'],
        ['Wensman', 'W 3190NR2', '54.5', '$818'],
        ['Hefty', 'H17Y12', '53.7', '$806'],
        ['Dyna-Gro', 'S15RY53', '53.6', '$804'],
        ['LG Seeds', 'C2050R2', '53.6', '$804'],
        ['Titan Pro', '19M42', '53.6', '$804'],
        ['Asgrow', 'AG1832', '52.9', '$794'],
        ['Channel', '1901R2', '52.8', '$791'],
        ['Anderson', '162R2Y', '51.3', '$770'],
      ].flatMap((row, r) => row.map((cell, c) => piece(cell, 60 + c * 120, 164 + r * 14))),
      // "Test Average" starts in the gap between the Brand and Product columns, right of all the
      // brands, and runs into the Product column: the border the other rows leave open (at 142.5)
      // cuts its first word, most of which lies on the Brand side.
      piece('Test Average', 125, 304),
      piece('=', 190, 304),
      piece('47.6', 300, 304),
      piece('$713', 420, 304),
    ]);

  it('leaves the form out of the header: the header stops at the gap wider than its own spacing', () => {
    const [table] = tables(report());
    expect(table?.header).toEqual(['Brand', 'Seed Product', 'Yield Bu/A', 'Gross Income']);
    expect(table?.rows[0]).toEqual(['Kruger', 'K2-1901', '56.4', '$846']);
    expect(texts(report()).slice(0, 4)).toEqual([
      'SOIL: Clay loam, well drained',
      'TILLAGE: Fall till',
      'PEST CONTROL: Sprayed twice',
      'SEEDED: May 15',
    ]);
  });

  it('keeps a summary row label lying across a border in one cell', () => {
    const [table] = tables(report());
    expect(table?.rows.at(-1)).toEqual(['', 'Test Average =', '47.6', '$713']);
  });

  it('still parts two cells that pdf.js joined into one piece, where a border cuts a word of the first', () => {
    const other = (i: number) => [`60094${i}`, 'ENDEAVOR AIR SERVICES', 'ENDEAVOR AIR INC', '73159'];
    const x = [40, 100, 213, 340];
    const pieces = [
      ...[['Code', 'Name', 'Licensee', 'Zip'], ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(other)].flatMap(
        (row, r) => row.map((cell, c) => piece(cell, x[c] as number, 100 + r * 14)),
      ),
      // One piece holds two cells a space apart; "GRILLHOUSE" reaches past the border at 209.
      piece('604941', 40, 254),
      piece('FRESCOS MEXICAN GRILLHOUSE 19 INC', 100, 254),
      piece('74820', 340, 254),
    ];
    const [table] = tables(page(pieces));
    expect(table?.rows.at(-1)).toEqual(['604941', 'FRESCOS MEXICAN GRILLHOUSE', '19 INC', '74820']);
  });

  it('writes each line of a block of label/value lines as a line of its own, not one reflowed paragraph', () => {
    const form = [
      ['2012 Harvest Report for Minnesota Central [ MNCE ]', 'ALL SEASON TEST'],
      ['Doug Toreen, Renville County, MN 55310', '1.3 - 2.0 MAT. GROUP'],
      ['SOIL DESCRIPTION:', 'Canisteo clay loam, mod. well drained, non-irrigated'],
      ['SOIL CONDITIONS:', 'High P, high K, 6.7 pH, 3.9% OM, Low SCN'],
      ['TILLAGE/CULTIVATION:', 'conventional w/ fall till'],
    ];
    const content = page(
      form.flatMap(([label, value], r) => [
        piece(label as string, 60, 60 + r * 14),
        piece(value as string, r < 2 ? 400 : 190, 60 + r * 14),
      ]),
    );
    const builder = new DocumentBuilder('pdf');
    writePages(builder, [{ num: 1, layout: layoutPage(content) }]);
    expect(builder.build().text).toBe(form.map((line) => line.join(' ')).join('\n'));
  });

  it('reflows the wrapped prose around a block of rows and keeps the rows one line each', () => {
    const prose = (text: string[], y: number) => text.map((line, r) => piece(line, 60, y + r * 14));
    const content = page([
      ...prose(
        [
          'The trial compared twenty varieties on one field over a single season,',
          'with three replications of each variety sown on the same day and the',
          'plots harvested together once the last of them was fully mature.',
        ],
        60,
      ),
      piece('SOIL:', 60, 116),
      piece('Clay loam, well drained, non-irrigated', 200, 116),
      piece('TILLAGE:', 60, 130),
      piece('Conventional with fall chisel plough', 200, 130),
      ...prose(
        [
          'Yields were corrected to a common moisture and the varieties ranked by',
          'their mean over the replications, with the least significant difference',
          'given below the table for comparisons between any two of the entries.',
        ],
        144,
      ),
    ]);
    expect(written(content)).toBe(
      [
        'The trial compared twenty varieties on one field over a single season, with three replications of each variety sown on the same day and the plots harvested together once the last of them was fully mature.',
        'SOIL: Clay loam, well drained, non-irrigated\nTILLAGE: Conventional with fall chisel plough',
        'Yields were corrected to a common moisture and the varieties ranked by their mean over the replications, with the least significant difference given below the table for comparisons between any two of the entries.',
      ].join('\n\n'),
    );
  });

  it('leaves a page of short lines unreflowed around rows', () => {
    // A page of short lines: each stays a line, the two long ones too, rows or not. (Reflow judges
    // whether lines are wrapped prose on the page's lines as a whole, not on those between rows.)
    const lines = [
      ['Es sei X ein wegzusammenhängender topologischer Raum'],
      ['mit der Topologie T und der Abbildung f'],
      ['U1 = R \\ N', '(1.2)'],
      ['U2 = R \\ Q', '(1.3)'],
      ['Beweis'],
      ['Klar.'],
      ['Satz 4'],
      ['Ende.'],
    ];
    const content = page(
      lines.flatMap((parts, r) => parts.map((text, k) => piece(text, k === 0 ? 60 : 300, 60 + r * 14))),
    );
    const builder = new DocumentBuilder('pdf');
    writePages(builder, [{ num: 1, layout: layoutPage(content) }]);
    expect(builder.build().text).toBe(lines.map((parts) => parts.join(' ')).join('\n'));
  });

  it('still reflows a paragraph whose first line starts with a label set apart', () => {
    const builder = new DocumentBuilder('pdf');
    const content = page([
      piece('NOTE:', 60, 60),
      piece('Planting conditions were very good here, and growth was', 100, 60),
      piece('exceptional through June, until the rain stopped in July.', 60, 74),
    ]);
    writePages(builder, [{ num: 1, layout: layoutPage(content) }]);
    expect(builder.build().text).toContain(
      'NOTE: Planting conditions were very good here, and growth was exceptional',
    );
  });
});

describe('rows among wrapped text', () => {
  it('wraps a lettered clause set with a hanging indent like any paragraph', () => {
    const content = page([
      piece('(a)', 60, 100),
      piece('The licensee shall keep the premises clean at all times.', 96, 100),
      piece('(b)', 60, 114),
      piece('The licensee shall not assign this licence or any right under it', 96, 114),
      piece('to any third party without the prior written consent of the licensor.', 96, 128),
      piece('(c)', 60, 142),
      piece('The licensor may end this licence on thirty days written notice to', 96, 142),
      piece('the licensee, delivered by hand or by registered post to its address.', 96, 156),
    ]);
    expect(written(content)).toBe(
      [
        '(a) The licensee shall keep the premises clean at all times.',
        '(b) The licensee shall not assign this licence or any right under it to any third party without the prior written consent of the licensor.',
        '(c) The licensor may end this licence on thirty days written notice to the licensee, delivered by hand or by registered post to its address.',
      ].join('\n\n'),
    );
  });

  it('wraps a numbered reference whose text is set three ems after its number', () => {
    const content = page([
      piece('1.', 60, 100),
      piece('Smith, J. (2019). A short paper. Journal of Things 4, 1-10.', 90, 100),
      piece('2.', 60, 114),
      piece('Jones, K. and Brown, L. (2020). A much longer paper title that goes on', 90, 114),
      piece('and wraps onto a second line. Journal of Other Things 12, 100-120.', 90, 128),
    ]);
    expect(written(content)).toContain(
      '2. Jones, K. and Brown, L. (2020). A much longer paper title that goes on and wraps onto a second line.',
    );
  });

  it('joins justified lines whose word gaps are stretched past two ems where the next line goes on in lowercase', () => {
    const content = page([
      piece('The committee reviewed the', 60, 100),
      piece('internationalisation', 215, 100),
      piece('of the', 60, 114),
      piece('recommendations', 120, 114),
      piece('before the vote,', 220, 114),
      piece('and the chair thanked the members for their work on it today.', 60, 128),
    ]);
    expect(written(content)).toBe(
      'The committee reviewed the internationalisation of the recommendations before the vote, and the chair thanked the members for their work on it today.',
    );
  });

  it('starts a block of rows on a line of its own after an unfinished paragraph', () => {
    const content = page([
      piece('The trial was planted on a field with the following characteristics and the', 60, 60),
      piece('plots were managed by the cooperator as described in the farm records below', 60, 74),
      piece('SOIL:', 60, 88),
      piece('Clay loam, well drained, non-irrigated, high organic matter', 160, 88),
      piece('TILLAGE:', 60, 102),
      piece('Conventional with fall chisel and spring field cultivator', 160, 102),
    ]);
    expect(written(content)).toBe(
      'The trial was planted on a field with the following characteristics and the plots were managed by the cooperator as described in the farm records below\n\n' +
        'SOIL: Clay loam, well drained, non-irrigated, high organic matter\n' +
        'TILLAGE: Conventional with fall chisel and spring field cultivator',
    );
  });

  it('keeps the hyphen at the end of a row followed by another row: rows are separate items', () => {
    const content = page([
      piece('Results:', 60, 60),
      piece('the yield advantage of the treated plots was consis-', 140, 60),
      piece('Note:', 60, 74),
      piece('tently above the check across all locations tested here', 140, 74),
    ]);
    expect(written(content)).toBe(
      'Results: the yield advantage of the treated plots was consis-\nNote: tently above the check across all locations tested here',
    );
  });
});

describe('aligned tables: long cells and spaced headers', () => {
  it('keeps the overflowing last word of a long label in its own cell', () => {
    const labels = ['Rent', 'Food', 'Fuel', 'Water', 'Power', 'Phone', 'Tax', 'Travel', 'Books'];
    const pieces = [piece('Item', 60, 80), piece('Amount', 200, 80)];
    [...labels, 'Misc household expenditure', 'Gifts', 'Other'].forEach((label, r) => {
      pieces.push(piece(label, 60, 94 + r * 14), piece(`${(r + 1) * 11}.50`, 200, 94 + r * 14));
    });
    const [table] = tables(page(pieces));
    expect(table?.rows[9]).toEqual(['Misc household expenditure', '110.50']);
  });

  it('takes a double-spaced two-row header whole', () => {
    const pieces = [
      piece('Group', 200, 60),
      piece('Company', 320, 60),
      piece('Actual', 200, 84),
      piece('Actual', 320, 84),
      ...['Revenue', 'Costs', 'Profit', 'Tax', 'Net'].flatMap((label, r) => [
        piece(label, 60, 98 + r * 12),
        piece(`${r + 1}00`, 200, 98 + r * 12),
        piece(`${r + 2}00`, 320, 98 + r * 12),
      ]),
    ];
    const [table] = tables(page(pieces));
    expect(table?.header).toEqual(['', 'Group Actual', 'Company Actual']);
    expect(table?.rows[0]).toEqual(['Revenue', '100', '200']);
  });
});
