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
