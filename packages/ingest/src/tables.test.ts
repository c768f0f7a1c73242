import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunk-document';
import { parseDocument } from './parse-document';
import { buildDocx } from './test-support/build-docx';
import type { ExtractedDocument } from './types';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Every row's span holds its line, and that line names each non-empty cell with its column. */
function expectRowsAtTheirSpans(doc: ExtractedDocument): void {
  for (const table of doc.tables) {
    for (const row of table.rows) {
      const line = doc.text.slice(row.start, row.end);
      expect(line).not.toContain('\n');
      row.cells.forEach((cell, i) => {
        if (cell && table.header[i]) expect(line).toContain(`${table.header[i]}: ${cell}`);
      });
    }
  }
}

const WARN = [
  ['Company', 'City', 'Notice Date', 'Employees', 'Layoff/Closure'],
  ['Cisco Systems', 'San Jose', '07/01/2015', '214', 'Layoff Permanent'],
  ['Toyota Motor Sales', 'Torrance', '07/02/2015', '3000', 'Closure Permanent'],
  ['Intel', 'Folsom', '07/10/2015', '144', 'Layoff Permanent'],
];

describe('tables become structured blocks in every format', () => {
  const html = `<html><body><h1>WARN notices</h1><table><caption>Notices, July 2015</caption>
    <thead><tr>${WARN[0]!.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
    <tbody>${WARN.slice(1)
      .map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
      .join('')}</tbody></table><p>Source: EDD.</p></body></html>`;
  const markdown = `# WARN notices\n\n${WARN.map((row, i) => `| ${row.join(' | ')} |${i === 0 ? `\n|${row.map(() => '---').join('|')}|` : ''}`).join('\n')}\n\nSource: EDD.\n`;
  const csv = `${WARN.map((row) => row.join(',')).join('\n')}\n`;

  it.each([
    ['HTML', () => parseDocument(utf8(html))],
    ['Markdown', () => parseDocument(utf8(markdown), { filename: 'warn.md' })],
    ['CSV', () => parseDocument(utf8(csv), { filename: 'warn.csv' })],
    [
      'DOCX',
      async () =>
        parseDocument(await buildDocx([{ text: 'WARN notices', heading: 1 }, { table: WARN }]), {
          filename: 'warn.docx',
        }),
    ],
  ])('%s: header, rows and cells, each cell on its own row', async (_format, parse) => {
    const doc = await parse();
    expect(doc.tables).toHaveLength(1);
    const [table] = doc.tables;
    expect(table?.header).toEqual(WARN[0]);
    expect(table?.rows.map((row) => row.cells)).toEqual(WARN.slice(1));
    expectRowsAtTheirSpans(doc);
    // The cell that a question about Toyota's layoffs needs sits on Toyota's row, not a neighbour's.
    const toyota = table?.rows.find((row) => row.cells[0] === 'Toyota Motor Sales');
    expect(doc.text.slice(toyota?.start, toyota?.end)).toContain(
      'Employees: 3000; Layoff/Closure: Closure Permanent',
    );
  });

  it('keeps the caption as the title and puts it in the heading path of the table section', async () => {
    const doc = await parseDocument(utf8(html));
    expect(doc.tables[0]?.title).toBe('Notices, July 2015');
    const section = doc.sections.find((s) => s.table);
    expect(section?.headingPath).toEqual(['WARN notices', 'Notices, July 2015']);
    // The text after the table is back in the heading's own section.
    expect(doc.sections.at(-1)).toMatchObject({ headingPath: ['WARN notices'] });
    expect(doc.text.slice(doc.sections.at(-1)!.start, doc.sections.at(-1)!.end)).toBe('Source: EDD.');
  });

  it('chunks a small table whole, and a large one by rows with its heading path on every chunk', async () => {
    const small = await parseDocument(utf8(html));
    const smallChunks = chunkDocument(small, { documentKey: 'small' }).chunks.filter((c) =>
      c.text.includes('Cisco'),
    );
    expect(smallChunks).toHaveLength(1);
    expect(smallChunks[0]?.text).toContain('Intel');

    const rows = Array.from({ length: 120 }, (_, i) => [
      `Company ${i}`,
      `City ${i}`,
      '07/01/2015',
      `${i}`,
      'Layoff',
    ]);
    const header = WARN[0]!.map((h) => `<th>${h}</th>`).join('');
    const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
    const big = await parseDocument(
      utf8(
        `<html><body><h1>WARN notices</h1><table><caption>All notices</caption><tr>${header}</tr>${body}</table></body></html>`,
      ),
    );
    const chunks = chunkDocument(big, { documentKey: 'big', maxTokens: 120, overlapTokens: 20 }).chunks;
    const tableChunks = chunks.filter((c) => c.text.includes('Company: '));
    expect(tableChunks.length).toBeGreaterThan(3);
    const seen: string[] = [];
    for (const chunk of tableChunks) {
      expect(chunk.headingPath).toEqual(['WARN notices', 'All notices']);
      // Whole rows only, and no row twice (no overlap between row chunks).
      for (const line of chunk.text.split('\n').filter((l) => l.startsWith('Company: '))) {
        expect(line).toMatch(/^Company: Company \d+; .*Layoff\/Closure: Layoff$/);
        seen.push(line);
      }
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
  });

  it('reads a table without a header row as plain cells', async () => {
    const doc = await parseDocument(
      utf8(
        '<html><body><table><tr><td>a1</td><td>b1</td></tr><tr><td>a2</td><td>b2</td></tr></table></body></html>',
      ),
      { filename: 'plain.html' },
    );
    expect(doc.tables[0]?.header).toEqual([]);
    expect(doc.text).toBe('a1 | b1\na2 | b2');
  });

  it('takes a first row of labels over rows of numbers as the header of an unmarked table', async () => {
    const rows = [
      ['State', 'Permit', 'Handgun'],
      ['Alabama', '24,877', '9,516'],
      ['Alaska', '157', '3,108'],
    ];
    const cells = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
    const doc = await parseDocument(utf8(`<html><body><table>${cells}</table></body></html>`));
    expect(doc.tables[0]?.header).toEqual(['State', 'Permit', 'Handgun']);
    expect(doc.text).toContain('State: Alaska; Permit: 157; Handgun: 3,108');
  });
});

const page = (body: string) => utf8(`<html><body>${body}</body></html>`);
const rowLines = (doc: ExtractedDocument) =>
  doc.tables.flatMap((table) => table.rows.map((row) => doc.text.slice(row.start, row.end)));

describe('HTML tables as real pages write them', () => {
  it('labels every column a spanned header cell covers, and repeats a rowspan value on each row', async () => {
    const doc = await parseDocument(
      page(`<table><thead><tr><th>Name</th><th colspan="2">Phone</th><th>City</th></tr></thead>
      <tbody><tr><td rowspan="2">Ann</td><td>111</td><td>222</td><td>Oslo</td></tr>
      <tr><td>333</td><td>444</td><td>Bergen</td></tr>
      <tr><td colspan="3">Bob</td><td>Rome</td></tr></tbody></table>`),
    );
    expect(doc.tables[0]?.header).toEqual(['Name', 'Phone', 'Phone', 'City']);
    expect(doc.tables[0]?.rows.map((r) => r.cells)).toEqual([
      ['Ann', '111', '222', 'Oslo'],
      ['Ann', '333', '444', 'Bergen'],
      ['Bob', '', '', 'Rome'],
    ]);
    expect(rowLines(doc)).toEqual([
      'Name: Ann; Phone: 111; Phone: 222; City: Oslo',
      'Name: Ann; Phone: 333; Phone: 444; City: Bergen',
      'Name: Bob; City: Rome',
    ]);
    expectRowsAtTheirSpans(doc);
  });

  it('ignores columns an oversized colspan invents past the last real column', async () => {
    const doc = await parseDocument(
      page(`<table><tr><th>A</th><th colspan="50">B</th></tr><tr><td>1</td><td>2</td></tr></table>`),
    );
    expect(doc.tables[0]?.header).toEqual(['A', 'B']);
    expect(doc.text).toBe('A | B\nA: 1; B: 2');
  });

  it('joins a two-row header into "Group Sub" column names', async () => {
    const doc = await parseDocument(
      page(`<table><thead><tr><th rowspan="2">Country</th><th colspan="2">Population</th></tr>
      <tr><th>2010</th><th>2020</th></tr></thead>
      <tbody><tr><td>Norway</td><td>4.9</td><td>5.4</td></tr></tbody></table>`),
    );
    expect(doc.tables[0]?.header).toEqual(['Country', 'Population 2010', 'Population 2020']);
    expect(rowLines(doc)).toEqual(['Country: Norway; Population 2010: 4.9; Population 2020: 5.4']);
  });

  it('takes leading rows of <th> without a <thead> as a multi-row header', async () => {
    const doc = await parseDocument(
      page(`<table><tr><th></th><th colspan="2">Sales</th></tr><tr><th>Region</th><th>Q1</th><th>Q2</th></tr>
      <tr><td>North</td><td>1</td><td>2</td></tr></table>`),
    );
    expect(doc.tables[0]?.header).toEqual(['Region', 'Sales Q1', 'Sales Q2']);
  });

  it('reads a table made of <th> cells only with its first row as the header', async () => {
    const row = (cells: string[]) => `<tr>${cells.map((c) => `<th>${c}</th>`).join('')}</tr>`;
    const doc = await parseDocument(
      page(
        `<table>${row(['Name', 'Role'])}${row(['Ann', 'CEO'])}${row(['Bob', 'CTO'])}${row(['Cy', 'CFO'])}</table>`,
      ),
    );
    expect(doc.tables[0]?.header).toEqual(['Name', 'Role']);
    expect(rowLines(doc)).toEqual(['Name: Ann; Role: CEO', 'Name: Bob; Role: CTO', 'Name: Cy; Role: CFO']);
  });

  it('reads a two-column label/value table (a spec sheet, a form) without a header', async () => {
    const rows = [
      ['Name', 'Ann Smith'],
      ['Age', '30'],
      ['City', 'Oslo'],
    ];
    const cells = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
    const doc = await parseDocument(page(`<table>${cells}</table>`));
    expect(doc.tables[0]?.header).toEqual([]);
    expect(doc.text).toBe('Name | Ann Smith\nAge | 30\nCity | Oslo');
  });

  it('takes a first row of generic column names ("Term | Meaning") as the header of a glossary table', async () => {
    const rows = [
      ['Term', 'Meaning'],
      ['Business Day', 'A day other than a Saturday, Sunday or public holiday.'],
      ['Owner', 'Finance team'],
    ];
    const cells = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
    const doc = await parseDocument(page(`<table>${cells}</table>`));
    expect(doc.tables[0]?.header).toEqual(['Term', 'Meaning']);
    expect(doc.text).toContain(
      'Term: Business Day; Meaning: A day other than a Saturday, Sunday or public holiday.',
    );
    // A label/value pair is no header, even when its label is a column noun.
    const pairs = [
      ['Owner', 'Finance team'],
      ['Name', 'Ann Smith'],
    ];
    const form = pairs.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
    expect((await parseDocument(page(`<table>${form}</table>`))).tables[0]?.header).toEqual([]);
  });

  it('takes no first row as a glossary header when a cell has words outside the header vocabulary (probe3 review)', async () => {
    const rows = [
      ['Type', 'Full-time role'],
      ['Location', 'Oslo'],
      ['Manager', 'Kari Nordmann'],
    ];
    const cells = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
    const doc = await parseDocument(page(`<table>${cells}</table>`));
    expect(doc.tables[0]?.header).toEqual([]);
    expect(doc.text).toContain('Type | Full-time role');
    const defined = [
      ['Defined term', 'Definition'],
      ['Business Day', 'A day other than a Saturday, Sunday or public holiday.'],
    ];
    const glossary = defined.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
    expect((await parseDocument(page(`<table>${glossary}</table>`))).tables[0]?.header).toEqual([
      'Defined term',
      'Definition',
    ]);
  });

  it('reads a header row of empty cells as no header', async () => {
    const doc = await parseDocument(
      page('<table><thead><tr><th></th><th></th></tr></thead><tr><td>a</td><td>b</td></tr></table>'),
    );
    expect(doc.tables[0]?.header).toEqual([]);
    expect(doc.text).toBe('a | b');
  });

  it('takes a first row of bold cells as the header of a table without <th>', async () => {
    const doc = await parseDocument(
      page(`<table><tr><td><b>Item</b></td><td><strong>Owner</strong></td></tr>
      <tr><td>Laptop</td><td>Bob</td></tr><tr><td>Phone</td><td><b>Eve</b></td></tr></table>`),
    );
    expect(doc.tables[0]?.header).toEqual(['Item', 'Owner']);
    expect(rowLines(doc)).toEqual(['Item: Laptop; Owner: Bob', 'Item: Phone; Owner: Eve']);
  });

  it('keeps words apart across <br>, list items and paragraphs inside a cell', async () => {
    const doc = await parseDocument(
      page(`<table><tr><th>Name</th><th>Notes</th></tr>
      <tr><td>Bob</td><td><ul><li>first</li><li>second</li></ul></td></tr>
      <tr><td>Cy</td><td><p>para one</p><p>para two</p></td></tr>
      <tr><td>Di</td><td>line one<br>line two</td></tr></table>`),
    );
    expect(rowLines(doc)).toEqual([
      'Name: Bob; Notes: first second',
      'Name: Cy; Notes: para one para two',
      'Name: Di; Notes: line one line two',
    ]);
  });

  it('reads a data table inside a layout table as a table', async () => {
    const doc = await parseDocument(
      page(`<table width="100%"><tr><td><h2>Prices</h2><p>Left column text.</p></td>
      <td><table><caption>Tea prices</caption><tr><th>Tea</th><th>Price</th></tr><tr><td>Green</td><td>3</td></tr></table></td></tr></table>`),
    );
    expect(doc.tables).toHaveLength(1);
    expect(doc.tables[0]?.title).toBe('Tea prices');
    expect(rowLines(doc)).toEqual(['Tea: Green; Price: 3']);
    expect(doc.text).toContain('Left column text.');
  });

  it('writes a group row spanning the table (a sub-heading inside the body) as a bare line', async () => {
    const doc = await parseDocument(
      page(`<table><thead><tr><th>Country</th><th>Pop</th></tr></thead>
      <tbody><tr><th colspan="2">Europe</th></tr><tr><td>Norway</td><td>5</td></tr></tbody>
      <tbody><tr><td colspan="2"><b>Asia</b></td></tr><tr><td>Japan</td><td>125</td></tr></tbody></table>`),
    );
    expect(doc.tables[0]?.rows.map((r) => r.cells)).toEqual([
      ['Norway', '5'],
      ['Japan', '125'],
    ]);
    expect(doc.text).toBe('Country | Pop\nEurope\nCountry: Norway; Pop: 5\nAsia\nCountry: Japan; Pop: 125');
    expectRowsAtTheirSpans(doc);
  });

  it('starts the body at a group row right under a header of <th> cells, and labels a group by its own cell', async () => {
    const doc = await parseDocument(
      page(`<table><tr><th>Country</th><th>Pop</th></tr><tr><th colspan="2">Europe</th></tr>
      <tr><td>France</td><td>67</td></tr><tr><th colspan="2">Asia</th></tr><tr><td>Japan</td><td>125</td></tr></table>`),
    );
    expect(doc.tables[0]?.header).toEqual(['Country', 'Pop']);
    expect(rowLines(doc)).toEqual(['Country: France; Pop: 67', 'Country: Japan; Pop: 125']);
    // A full-width note beside a rowspan value from above is a row of its own, not that value.
    const note = await parseDocument(
      page(`<table><tr><th>Tea</th><th>Kind</th><th>Price</th></tr>
      <tr><td rowspan="2">Tea</td><td>Green</td><td>3</td></tr><tr><td colspan="99">Note: prices exclude VAT</td></tr></table>`),
    );
    expect(note.text).toContain('Note: prices exclude VAT');
  });

  it('reads a table whose spans would fill millions of grid cells without them, and a huge table without a stack overflow', async () => {
    const wide = Array.from({ length: 50 }, () => '<td colspan="1000" rowspan="0">x</td>').join('');
    const body = '<tr><td>a</td><td>1</td></tr>'.repeat(3000);
    const started = Date.now();
    const doc = await parseDocument(page(`<table><tr>${wide}</tr>${body}</table>`));
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(doc.tables[0]?.rows.length).toBeGreaterThan(2000);
    const many = '<tr><td>1</td><td>2</td></tr>'.repeat(130_000);
    const big = await parseDocument(page(`<table><tr><th>A</th><th>B</th></tr>${many}</table>`));
    expect(big.tables[0]?.rows.length).toBe(130_000);
  }, 120_000);

  it('gives a one-column layout table no header from a bold first line', async () => {
    const doc = await parseDocument(
      page(
        '<table><tr><td><b>ACME Weekly</b></td></tr><tr><td>Our spring sale starts Monday.</td></tr></table>',
      ),
    );
    expect(doc.text).not.toContain('ACME Weekly: ');
    expect(doc.text).toContain('Our spring sale starts Monday.');
  });

  it('puts <tfoot> rows after the body rows', async () => {
    const doc = await parseDocument(
      page(`<table><thead><tr><th>Item</th><th>Cost</th></tr></thead><tfoot><tr><td>Total</td><td>9</td></tr></tfoot>
      <tbody><tr><td>A</td><td>4</td></tr><tr><td>B</td><td>5</td></tr></tbody></table>`),
    );
    expect(doc.tables[0]?.rows.map((r) => r.cells[0])).toEqual(['A', 'B', 'Total']);
  });

  it('ends a rowspan with its row group: rowspan="0" fills its own <tbody>, not the next one or the footer', async () => {
    const doc = await parseDocument(
      page(`<table><thead><tr><th>Region</th><th>Store</th></tr></thead>
      <tbody><tr><td rowspan="0">North</td><td>Oslo</td></tr><tr><td>Bergen</td></tr></tbody>
      <tbody><tr><td>South</td><td>Rome</td></tr></tbody>
      <tfoot><tr><td>Total</td><td>3</td></tr></tfoot></table>`),
    );
    expect(doc.tables[0]?.rows.map((r) => r.cells)).toEqual([
      ['North', 'Oslo'],
      ['North', 'Bergen'],
      ['South', 'Rome'],
      ['Total', '3'],
    ]);
    // The same under a title row: the title still spans the table (review finding).
    const titled = await parseDocument(
      page(`<table><thead><tr><th colspan="2">Stores 2024</th></tr><tr><th>Region</th><th>Store</th></tr></thead>
      <tbody><tr><td rowspan="0">North</td><td>Oslo</td></tr><tr><td>Bergen</td></tr></tbody>
      <tbody><tr><td>South</td><td>Rome</td></tr></tbody></table>`),
    );
    expect(titled.tables[0]?.title).toBe('Stores 2024');
    expect(titled.tables[0]?.header).toEqual(['Region', 'Store']);
  });

  it('takes the heading right before a table, or a "Table N" line, as its title', async () => {
    const headed = await parseDocument(
      page(`<h1>Handbook</h1><p>Intro.</p><h2>Staff list</h2>
      <table><tr><th>Name</th><th>Role</th></tr><tr><td>Ann</td><td>CEO</td></tr></table>`),
    );
    expect(headed.tables[0]?.title).toBe('Staff list');
    expect(headed.sections.find((s) => s.table)?.headingPath).toEqual(['Handbook', 'Staff list']);

    const captioned = await parseDocument(
      page(`<h1>Prices</h1><p>Some prose.</p><p><b>Table 2. Tea prices</b></p>
      <table><tr><th>Tea</th><th>Price</th></tr><tr><td>Green</td><td>3</td></tr></table>`),
    );
    const table = captioned.tables[0];
    expect(table?.title).toBe('Table 2. Tea prices');
    const section = captioned.sections.find((s) => s.table);
    expect(section?.headingPath).toEqual(['Prices', 'Table 2. Tea prices']);
    // The title line now opens the table's section, and the prose section ends before it.
    expect(captioned.text.slice(section?.start, section?.end)).toBe(
      'Table 2. Tea prices\nTea | Price\nTea: Green; Price: 3',
    );
    expect(captioned.sections.map((s) => captioned.text.slice(s.start, s.end))[0]).toBe(
      'Prices\n\nSome prose.',
    );
    expectRowsAtTheirSpans(captioned);
  });

  it('leaves prose about a table ("Table 1 summarises…") and "Table lid: closed" where they are', async () => {
    for (const line of [
      'Table 1 summarises the main results.',
      'Table 1 above shows the prices.',
      'Table lid: closed',
    ]) {
      const doc = await parseDocument(
        page(
          `<h1>Report</h1><p>${line}</p><table><tr><th>Tea</th><th>Price</th></tr><tr><td>Green</td><td>3</td></tr></table>`,
        ),
      );
      expect(doc.tables[0]?.title).toBeNull();
      expect(doc.sections.find((s) => s.table)?.headingPath).toEqual(['Report']);
    }
  });
});

describe('Markdown tables as people write them', () => {
  const md = (source: string) => parseDocument(utf8(source), { filename: 'notes.md' });

  it('keeps an escaped pipe, and a pipe inside inline code, in its cell', async () => {
    const doc = await md('| Op | Meaning |\n|---|---|\n| a \\| b | either |\n| `x|y` | code |\n');
    expect(doc.tables[0]?.rows.map((r) => r.cells)).toEqual([
      ['a | b', 'either'],
      ['x|y', 'code'],
    ]);
    expect(rowLines(doc)).toEqual(['Op: a | b; Meaning: either', 'Op: x|y; Meaning: code']);
  });

  it('reads a table without leading and trailing pipes, and a delimiter row of single dashes', async () => {
    const bare = await md('Intro line.\n\nName | Age\n--- | :---:\nAnn | 30\nBob | 40\n\nAfter.\n');
    expect(bare.tables[0]?.header).toEqual(['Name', 'Age']);
    expect(rowLines(bare)).toEqual(['Name: Ann; Age: 30', 'Name: Bob; Age: 40']);
    expect(bare.text).toContain('After.');

    const short = await md('| A | B |\n|-|-|\n| 1 | 2 |\n');
    expect(short.tables[0]?.header).toEqual(['A', 'B']);
    expect(rowLines(short)).toEqual(['A: 1; B: 2']);
  });

  it('reads <br> inside a cell as a line break, and a table inside a blockquote', async () => {
    const doc = await md('| Name | Notes |\n|---|---|\n| Ann | line one<br>line two<br/>three |\n');
    expect(rowLines(doc)).toEqual(['Name: Ann; Notes: line one line two three']);
    const quoted = await md('> | a | b |\n> |---|---|\n> | 1 | 2 |\n');
    expect(quoted.tables[0]?.header).toEqual(['a', 'b']);
    expect(rowLines(quoted)).toEqual(['a: 1; b: 2']);
  });

  it('reads an HTML table written inside Markdown as a table', async () => {
    const doc = await md(
      '# Readme\n\nIntro.\n\n<table>\n  <tr><th>Key</th><th>Value</th></tr>\n\n  <tr><td>port</td><td>8080</td></tr>\n</table>\n\nAfter.\n',
    );
    expect(doc.tables[0]?.header).toEqual(['Key', 'Value']);
    expect(doc.text).toBe('Readme\n\nIntro.\n\nKey | Value\nKey: port; Value: 8080\n\nAfter.');
  });

  it('takes a "Table N" line or a heading right above the table as its title', async () => {
    const doc = await md(
      '# Team\n\nSome prose.\n\n**Table 1: Staff**\n\n| Name | Role |\n|---|---|\n| Ann | CEO |\n',
    );
    expect(doc.tables[0]?.title).toBe('Table 1: Staff');
    expect(doc.sections.find((s) => s.table)?.headingPath).toEqual(['Team', 'Table 1: Staff']);
    expectRowsAtTheirSpans(doc);
  });
});

describe('HTML tables inside Markdown', () => {
  const md = (source: string) => parseDocument(utf8(source), { filename: 'notes.md' });

  it('reads a nested table to its own closing tag, and ends an unclosed one at a blank line', async () => {
    const nested = await md(
      '<table>\n<tr><td>outer</td><td>\n<table><tr><td>i</td></tr>\n</table>\n</td><td>o</td></tr>\n</table>\n\nAfter.\n',
    );
    expect(nested.text).not.toContain('</td>');
    expect(nested.text).toContain('After.');
    const unclosed = await md('<table><tr><td>a</td><td>1</td></tr>\n\n## Later heading\n\nText.\n');
    expect(unclosed.sections.some((s) => s.headingPath.includes('Later heading'))).toBe(true);
    expect(unclosed.text).not.toContain('## Later');
  });
});

describe('CSV files as spreadsheets export them', () => {
  const csv = (source: string) => parseDocument(utf8(source), { filename: 'export.csv' });

  it('takes a title line above the header as the title, not as the header', async () => {
    for (const source of [
      'Sales report 2020\nregion,q1,q2\nNorth,1,2\nSouth,3,4\n',
      'Sales report 2020,,\nregion,q1,q2\nNorth,1,2\nSouth,3,4\n\n\n',
    ]) {
      const doc = await csv(source);
      expect(doc.title).toBe('Sales report 2020');
      expect(doc.tables[0]?.header).toEqual(['region', 'q1', 'q2']);
      expect(rowLines(doc)).toEqual(['region: North; q1: 1; q2: 2', 'region: South; q1: 3; q2: 4']);
      expect(doc.sections.find((s) => s.table)?.headingPath[0]).toBe('Sales report 2020');
      expectRowsAtTheirSpans(doc);
    }
  });

  it('takes a one-word title line padded by Excel to the table width as the title', async () => {
    const doc = await csv('Inventory,,\nitem,qty,price\nBolt,10,0.5\n');
    expect(doc.title).toBe('Inventory');
    expect(rowLines(doc)).toEqual(['item: Bolt; qty: 10; price: 0.5']);
  });

  it('keeps a header with an unnamed column over rows of numbers as the header, not a title', async () => {
    const doc = await csv('Full name,\nAnn,30\nBob,40\n');
    expect(doc.tables[0]?.header[0]).toBe('Full name');
    expect(rowLines(doc)[0]).toContain('Full name: Ann');
  });

  it('keeps a header with unnamed columns as the header', async () => {
    const pandas = await csv(',value\n0,5\n1,6\n');
    expect(pandas.title).toBeNull();
    expect(rowLines(pandas)).toEqual(['column 1: 0; value: 5', 'column 1: 1; value: 6']);
    const unnamed = await csv('Name,\nAnn,30\nBob,40\n');
    expect(unnamed.title).toBeNull();
    expect(rowLines(unnamed)).toEqual(['Name: Ann; column 2: 30', 'Name: Bob; column 2: 40']);
  });

  it('reads semicolons, a BOM and quoted newlines', async () => {
    const doc = await csv('\uFEFFname;notes;city\nAnn;"line one\nline two";Oslo\nBob;ok;"Ber;gen"\n');
    expect(doc.tables[0]?.header).toEqual(['name', 'notes', 'city']);
    expect(rowLines(doc)).toEqual([
      'name: Ann; notes: line one line two; city: Oslo',
      'name: Bob; notes: ok; city: Ber;gen',
    ]);
  });

  it('is one table, in sections of row groups under its title', async () => {
    const lines = ['Sales report 2020', 'region,amount'];
    for (let i = 1; i <= 45; i++) lines.push(`Region ${i},${i}`);
    const doc = await parseDocument(utf8(lines.join('\n')), { filename: 'sales.csv', csvRowsPerSection: 20 });
    expect(doc.tables).toHaveLength(1);
    expect(doc.tables[0]).toMatchObject({ title: 'Sales report 2020', header: ['region', 'amount'] });
    expect(doc.tables[0]?.rows).toHaveLength(45);
    expect(doc.sections.map((s) => s.headingPath)).toEqual([
      ['Sales report 2020', 'rows 1-20'],
      ['Sales report 2020', 'rows 21-40'],
      ['Sales report 2020', 'rows 41-45'],
    ]);
    expect(doc.sections.every((s) => s.table)).toBe(true);
    expect(doc.text.slice(doc.sections[1]?.start, doc.sections[1]?.end).split('\n')[0]).toBe(
      'region: Region 21; amount: 21',
    );
    expectRowsAtTheirSpans(doc);
  });

  it('chunks 10,000 rows by whole rows, each chunk under the table heading, in reasonable time', async () => {
    const lines = ['id,name,amount'];
    for (let i = 0; i < 10_000; i++) lines.push(`${i},Customer ${i},${(i * 7) % 1000}`);
    const began = performance.now();
    const doc = await csv(`${lines.join('\n')}\n`);
    const { chunks } = chunkDocument(doc, { documentKey: 'big-csv' });
    expect(performance.now() - began).toBeLessThan(10_000);
    const rows = chunks.flatMap((chunk) => chunk.text.split('\n'));
    expect(rows).toHaveLength(10_000);
    expect(rows[9_999]).toBe('id: 9999; name: Customer 9999; amount: 993');
    for (const chunk of chunks) {
      expect(doc.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
      expect(chunk.headingPath[0]).toMatch(/^rows \d+-\d+$/);
    }
  });
});

describe('DOCX tables as Word writes them', () => {
  it('reads merged cells and two repeating header rows, with the caption paragraph above as title', async () => {
    const bytes = await buildDocx([
      { text: 'Team', heading: 1 },
      { text: 'Table 3: Staff by region', style: 'Caption' },
      {
        headerRows: 2,
        table: [
          [
            { text: 'Region', vMerge: 'restart' },
            { text: 'Staff', span: 2 },
          ],
          [{ text: '', vMerge: 'continue' }, '2019', '2020'],
          [{ text: 'North', vMerge: 'restart' }, '10', '12'],
          [{ text: '', vMerge: 'continue' }, '11', '13'],
          ['South', '5', '6'],
        ],
      },
    ]);
    const doc = await parseDocument(bytes, { filename: 'staff.docx' });
    expect(doc.tables[0]?.title).toBe('Table 3: Staff by region');
    expect(doc.tables[0]?.header).toEqual(['Region', 'Staff 2019', 'Staff 2020']);
    expect(rowLines(doc)).toEqual([
      'Region: North; Staff 2019: 10; Staff 2020: 12',
      'Region: North; Staff 2019: 11; Staff 2020: 13',
      'Region: South; Staff 2019: 5; Staff 2020: 6',
    ]);
    expect(doc.sections.find((s) => s.table)?.headingPath).toEqual(['Team', 'Table 3: Staff by region']);
    expectRowsAtTheirSpans(doc);
  });
});

describe('more table shapes', () => {
  it('takes a <figcaption> around a table as its title', async () => {
    const doc = await parseDocument(
      page(`<p>Prose.</p><figure><figcaption>Prices by tea</figcaption>
      <table><tr><th>Tea</th><th>Price</th></tr><tr><td>Green</td><td>3</td></tr></table></figure>`),
    );
    expect(doc.tables[0]?.title).toBe('Prices by tea');
    expect(doc.text).toBe('Prose.\n\nPrices by tea\nTea | Price\nTea: Green; Price: 3');
  });

  it('writes row labels under an empty corner cell bare, not as "column 1"', async () => {
    const doc = await parseDocument(
      page(
        `<table><tr><th></th><th>2019</th><th>2020</th></tr><tr><th>North</th><td>10</td><td>12</td></tr></table>`,
      ),
    );
    expect(doc.tables[0]?.header).toEqual(['', '2019', '2020']);
    expect(doc.text).toBe('2019 | 2020\nNorth; 2019: 10; 2020: 12');
  });

  it("reads Excel's sep= line as the delimiter, not as a title", async () => {
    const doc = await parseDocument(utf8('sep=;\nname;age\nAnn;30\n'), { filename: 'excel.csv' });
    expect(doc.title).toBeNull();
    expect(doc.text).toBe('name: Ann; age: 30');
  });

  it('cuts a row wider than a chunk between cells, never inside one', async () => {
    const header = Array.from({ length: 30 }, (_, i) => `<th>Column heading number ${i}</th>`).join('');
    const row = Array.from({ length: 30 }, (_, i) => `<td>value ${i} with some words</td>`).join('');
    const doc = await parseDocument(page(`<table><tr>${header}</tr><tr>${row}</tr><tr>${row}</tr></table>`));
    const rowChunks = chunkDocument(doc, { documentKey: 'wide' }).chunks.filter((c) => c.text.includes(': '));
    expect(rowChunks.length).toBeGreaterThan(2);
    for (const chunk of rowChunks) {
      expect(chunk.text).toMatch(/^Column heading number \d+: value \d+ with some words(; |$)/);
      expect(chunk.text).toMatch(/value \d+ with some words$/);
      expect(doc.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    }
  });
});

describe('titles written inside or next to the table', () => {
  it('takes a first row of one cell spanning the table as its title, not as a header group', async () => {
    for (const titleRow of [
      '<tr><th colspan="3">Sales 2020</th></tr>',
      '<tr><td colspan="3"><b>Sales 2020</b></td></tr>',
    ]) {
      const doc = await parseDocument(
        page(`<table>${titleRow}<tr><th>Region</th><th>Q1</th><th>Q2</th></tr>
        <tr><td>North</td><td>1</td><td>2</td></tr></table>`),
      );
      expect(doc.tables[0]?.title).toBe('Sales 2020');
      expect(doc.tables[0]?.header).toEqual(['Region', 'Q1', 'Q2']);
      expect(rowLines(doc)).toEqual(['Region: North; Q1: 1; Q2: 2']);
    }
  });

  it('takes a Word paragraph in the Caption style right above a table as its title', async () => {
    const bytes = await buildDocx([
      { text: 'Team', heading: 1 },
      { text: 'Some prose.' },
      { text: 'Staff by region', style: 'Caption' },
      {
        table: [
          ['Region', 'Staff'],
          ['North', '10'],
        ],
      },
    ]);
    const doc = await parseDocument(bytes, { filename: 'staff.docx' });
    expect(doc.tables[0]?.title).toBe('Staff by region');
    expect(doc.sections.find((s) => s.table)?.headingPath).toEqual(['Team', 'Staff by region']);
    expect(rowLines(doc)).toEqual(['Region: North; Staff: 10']);
  });

  it("does not take a Caption-style figure caption ('Figure 2: Map') above a table as the table's title", async () => {
    const bytes = await buildDocx([
      { text: 'Team', heading: 1 },
      { text: 'Figure 2: Map of the regions', style: 'Caption' },
      {
        table: [
          ['Region', 'Staff'],
          ['North', '10'],
        ],
      },
    ]);
    const doc = await parseDocument(bytes, { filename: 'staff.docx' });
    expect(doc.tables[0]?.title ?? null).toBeNull();
    expect(doc.sections.find((s) => s.table)?.headingPath).toEqual(['Team']);
  });

  it("takes the first row of a table in one of Word's header-row styles as its header", async () => {
    const rows = [
      ['Term', 'Meaning'],
      ['API', 'application programming interface'],
      ['SLA', 'service level agreement'],
    ];
    const styled = await parseDocument(
      await buildDocx([{ table: rows, headerRows: 0, style: 'GridTable4-Accent1' }]),
      { filename: 'glossary.docx' },
    );
    expect(styled.tables[0]?.header).toEqual(['Term', 'Meaning']);
    expect(rowLines(styled)[0]).toBe('Term: API; Meaning: application programming interface');
    // "Table Grid" (Word's plain default) draws lines only: its style marks no header row, so a
    // first row of data stays data…
    const plain = await parseDocument(
      await buildDocx([{ table: rows.slice(1), headerRows: 0, style: 'TableGrid' }]),
      { filename: 'plain.docx' },
    );
    expect(plain.tables[0]?.header).toEqual([]);
    // …while a first row of generic column names ("Term | Meaning") is a header by its words (probe3).
    const named = await parseDocument(await buildDocx([{ table: rows, headerRows: 0, style: 'TableGrid' }]), {
      filename: 'named.docx',
    });
    expect(named.tables[0]?.header).toEqual(['Term', 'Meaning']);
  });

  it('takes a bold first row of a Word table without a marked header row as its header', async () => {
    const bold = (text: string) => `<w:r><w:rPr><w:b/></w:rPr><w:t>${text}</w:t></w:r>`;
    const cell = (runs: string) => `<w:tc><w:p>${runs}</w:p></w:tc>`;
    const xml = `<w:tbl><w:tr>${cell(bold('Name'))}${cell(bold('Role'))}</w:tr><w:tr>${cell('<w:r><w:t>Ann</w:t></w:r>')}${cell('<w:r><w:t>CEO</w:t></w:r>')}</w:tr></w:tbl>`;
    const base = await buildDocx([{ text: 'TABLE_HERE' }]);
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(base);
    const documentXml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    zip.file(
      'word/document.xml',
      documentXml.replace(/<w:p><w:r><w:t[^>]*>TABLE_HERE<\/w:t><\/w:r><\/w:p>/, xml),
    );
    const doc = await parseDocument(await zip.generateAsync({ type: 'uint8array' }), { filename: 'b.docx' });
    expect(doc.tables[0]?.header).toEqual(['Name', 'Role']);
    expect(rowLines(doc)).toEqual(['Name: Ann; Role: CEO']);
  });
});
