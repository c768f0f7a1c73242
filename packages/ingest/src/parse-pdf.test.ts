import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError, hasShared, sharedPath } from '@grounded/core';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkDocument } from './chunk-document';
import { TesseractOcrEngine } from './ocr/tesseract-engine';
import { parseDocument } from './parse-document';
import type { ExtractedDocument, ParseOptions } from './types';

const PDF_DIR = sharedPath('eval', 'pdfs');
// The PDFs live in ../shared, which a fresh clone may lack: every test here skips without them.
const noPdfs = !hasShared('eval', 'pdfs');
const read = (name: string) => new Uint8Array(readFileSync(path.join(PDF_DIR, name)));

async function failure(name: string, options: ParseOptions = {}, bytes?: Uint8Array): Promise<AppError> {
  try {
    await parseDocument(bytes ?? read(name), options);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`${name} parsed, but a failure was expected`);
}

// One OCR engine for the file (starting tesseract.js costs about a second), closed at the end.
const engine = new TesseractOcrEngine();
afterAll(() => engine.close());
// Scans are rendered at 200 dpi here to keep the file fast; the eval reads them at the default 300.
const OCR: ParseOptions = { ocrEngine: engine, ocrDpi: 200, ocrLanguages: ['eng'] };

type Expectation =
  | { kind: 'text'; pages: number; contains: string; password?: string; options?: ParseOptions }
  | { kind: 'error'; code: string; message: RegExp; options?: ParseOptions };

// The outcome for every file in ../shared/eval/pdfs (see its README.md). A new file without an
// expectation here fails the "covers every PDF" test.
const EXPECTED: Record<string, Expectation> = {
  'encrypted_libreoffice-writer_pw-openpassword.pdf': {
    kind: 'text',
    pages: 1,
    contains: 'Lorem',
    password: 'openpassword',
  },
  'encrypted_pdfplumber-password-example_pw-test.pdf': {
    kind: 'text',
    pages: 4,
    contains: 'Backup4all',
    password: 'test',
  },
  // Kept fast: the 117-page file is asserted through the page limit (pdf.js reads only the
  // page tree for that), not parsed in full.
  'longdoc_GeoTopo-117p-de.pdf': {
    kind: 'error',
    code: 'too_many_pages',
    message: /117 pages; the limit is 100/,
    options: { maxPages: 100 },
  },
  'malformed_empty-0-bytes.pdf': { kind: 'error', code: 'empty_document', message: /empty/ },
  'malformed_ocrmypdf-invalid-header-eof.pdf': {
    kind: 'error',
    code: 'malformed_document',
    message: /corrupt/,
  },
  // pdf.js repairs this file; what is left is a scanned Chinese signature page with a
  // 7-character text layer, which OCR reads instead.
  'malformed_pdfplumber-issue-932.pdf': {
    kind: 'text',
    pages: 1,
    contains: '有限公司',
    options: { ...OCR, ocrLanguages: ['chi_sim', 'eng'] },
  },
  'multicolumn_federal-register-2020-17221.pdf': {
    kind: 'text',
    pages: 15,
    contains: 'flight control computers',
  },
  'multicolumn_pypdf-sample-latex.pdf': { kind: 'text', pages: 3, contains: 'Two-Column Document' },
  'scanned_2col_linn.pdf': { kind: 'text', pages: 1, contains: 'LinnSequencer', options: OCR },
  'scanned_c02-22_huckfinn-p22.pdf': { kind: 'text', pages: 1, contains: 'tip-toeing', options: OCR },
  // Five scanned pages: kept fast through the OCR page limit (checked before any page is read);
  // the eval (npm run eval -- documents) reads all of them.
  'scanned_multipage.pdf': {
    kind: 'error',
    code: 'too_many_pages',
    message: /5 scanned pages to read by OCR; the limit is 1/,
    options: { ...OCR, ocrMaxPages: 1 },
  },
  'scanned_skew.pdf': { kind: 'text', pages: 1, contains: 'state-of-the-art composition', options: OCR },
  'table_ca-WARN-Report-2015-2016.pdf': { kind: 'text', pages: 16, contains: 'Notice Date' },
  'table_nics-background-checks-2015-11.pdf': { kind: 'text', pages: 1, contains: 'Alabama' },
  'table_senate-expenditures.pdf': { kind: 'text', pages: 1, contains: 'LEGISLATIVE CORRESPONDENT' },
  'text_scotus-transcript-p1.pdf': { kind: 'text', pages: 1, contains: 'SUPREME COURT OF THE UNITED STATES' },
  'trivial_minimal-document.pdf': { kind: 'text', pages: 1, contains: 'Lorem ipsum dolor sit amet' },
};

function expectWellFormed(doc: ExtractedDocument): void {
  for (const page of doc.pages) {
    expect(page.start).toBeLessThanOrEqual(page.end);
    expect(page.end).toBeLessThanOrEqual(doc.text.length);
  }
  for (let i = 1; i < doc.pages.length; i++) {
    expect(doc.pages[i]?.start).toBeGreaterThanOrEqual(doc.pages[i - 1]?.end ?? 0);
  }
}

describe.skipIf(noPdfs)('parseDocument on every PDF in ../shared/eval/pdfs', () => {
  it('takes no title from junk metadata, and no private-use bullet glyph into the text', async () => {
    const transcript = await parseDocument(read('text_scotus-transcript-p1.pdf'));
    expect(transcript.title).not.toBe('10811.exe');
    const manual = await parseDocument(read('encrypted_pdfplumber-password-example_pw-test.pdf'), {
      password: 'test',
    });
    expect(manual.title ?? '').not.toMatch(/Microsoft Word|\.doc$/);
    expect(manual.text).not.toMatch(/[\uE000-\uF8FF]/u);
  });

  it('covers every PDF in the folder', () => {
    const files = readdirSync(PDF_DIR).filter((name) => name.endsWith('.pdf'));
    expect(files.length).toBeGreaterThanOrEqual(17);
    expect(files.filter((name) => !EXPECTED[name])).toEqual([]);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    if (expected.kind === 'text') {
      it(`${name}: text with ${expected.pages} page(s)`, async () => {
        const doc = await parseDocument(read(name), {
          ...expected.options,
          ...(expected.password ? { password: expected.password } : {}),
        });
        expect(doc.format).toBe('pdf');
        expect(doc.pages.map((p) => p.number)).toEqual(
          Array.from({ length: expected.pages }, (_, i) => i + 1),
        );
        expect(doc.text).toContain(expected.contains);
        expectWellFormed(doc);
      });
    } else {
      it(`${name}: ${expected.code}`, async () => {
        const error = await failure(name, expected.options);
        expect(error.code).toBe(expected.code);
        expect(error.message).toMatch(expected.message);
      });
    }
  }
});

describe.skipIf(noPdfs)('scanned PDFs read by OCR (needs ../shared/eval/pdfs)', () => {
  it('reads a two-column scan column by column, with its confidence, and reports progress', async () => {
    const progress: unknown[] = [];
    const doc = await parseDocument(read('scanned_2col_linn.pdf'), {
      ...OCR,
      onProgress: (p) => progress.push(p),
    });
    const flat = doc.text.replace(/\s+/g, ' ');
    // Consecutive sentences of the left column stay together, not interleaved with the right one.
    expect(flat).toContain(
      'To record a sequence, simply press RECORD and PLAY, then play your MIDI keyboard',
    );
    expect(flat).toContain('One way to create a song is to record each track all the way through');
    expect(doc.metadata).toMatchObject({ ocrPages: [1], lowConfidencePages: [] });
    expect(progress).toEqual([{ stage: 'ocr', page: 1, pages: 1 }]);
  });

  it('with OCR turned off, a scan still fails with pdf_no_text_layer', async () => {
    const error = await failure('scanned_skew.pdf', { ocr: false });
    expect(error.code).toBe('pdf_no_text_layer');
    expect(error.message).toMatch(/OCR is turned off/);
  });

  it('gives up with parse_timeout while OCR runs past the deadline', async () => {
    const error = await failure('scanned_2col_linn.pdf', { ...OCR, timeoutMs: 1500 });
    expect(error.code).toBe('parse_timeout');
  });
});

describe.skipIf(noPdfs)('PDF failure modes (needs ../shared/eval/pdfs)', () => {
  it('says an encrypted PDF is encrypted and that a password can be supplied', async () => {
    const error = await failure('encrypted_pdfplumber-password-example_pw-test.pdf');
    expect(error.code).toBe('pdf_encrypted');
    expect(error.message).toMatch(/encrypted/);
    expect(error.message).toMatch(/password/);
  });

  it('tells a wrong password apart from a missing one', async () => {
    const error = await failure('encrypted_pdfplumber-password-example_pw-test.pdf', { password: 'not-it' });
    expect(error.code).toBe('pdf_password_incorrect');
  });

  it('puts the library reason for a malformed PDF in details', async () => {
    const error = await failure('malformed_ocrmypdf-invalid-header-eof.pdf');
    expect(error.details?.reason).toEqual(expect.any(String));
  });

  it('turns truncated and garbled copies of a real PDF into malformed_document, never a raw error', async () => {
    const full = read('multicolumn_pypdf-sample-latex.pdf');
    const garbled = new Uint8Array(full);
    for (let i = 2000; i < garbled.length; i += 7) garbled[i] = ((garbled[i] ?? 0) * 31 + 7) & 255;
    for (const broken of [full.slice(0, full.length / 3), full.slice(0, full.length - 500), garbled]) {
      const error = await failure('', {}, broken);
      expect(error.code).toBe('malformed_document');
    }
  });

  it('refuses a file over maxBytes before parsing', async () => {
    const error = await failure('trivial_minimal-document.pdf', { maxBytes: 1000 });
    expect(error.code).toBe('file_too_large');
    expect(error.details).toMatchObject({ maxBytes: 1000 });
  });

  it('gives up with parse_timeout when the deadline passes', async () => {
    const error = await failure('multicolumn_federal-register-2020-17221.pdf', { timeoutMs: 1 });
    expect(error.code).toBe('parse_timeout');
    expect(error.retryable).toBe(true);
  });
});

describe.skipIf(noPdfs)('PDF text quality and chunks (needs ../shared/eval/pdfs)', () => {
  it('de-hyphenates line-break hyphenation and reflows wrapped lines', async () => {
    const doc = await parseDocument(read('multicolumn_pypdf-sample-latex.pdf'));
    expect(doc.text).toContain('consectetuer adipiscing elit');
    expect(doc.text).not.toMatch(/adip-\s*iscing/);
    // Reflowed: most paragraphs are far longer than one printed column line.
    const longest = Math.max(...doc.text.split('\n').map((line) => line.length));
    expect(longest).toBeGreaterThan(300);
  });

  it('drops running heads and print slugs repeated on most pages', async () => {
    const doc = await parseDocument(read('multicolumn_federal-register-2020-17221.pdf'));
    expect(doc.text.match(/Federal Register \/ Vol\. 85/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(doc.text).not.toContain('VerDate');
  });

  it('chunks a multi-page PDF: spans exact, one page per chunk, page recorded', async () => {
    const doc = await parseDocument(read('multicolumn_federal-register-2020-17221.pdf'));
    const { chunks, parents } = chunkDocument(doc, { documentKey: 'federal-register' });
    expect(chunks.length).toBeGreaterThan(30);
    const parentIds = new Set(parents.map((p) => p.id));
    for (const chunk of chunks) {
      expect(doc.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
      const page = doc.pages.find((p) => p.start <= chunk.start && chunk.start < p.end);
      expect(chunk.page).toBe(page?.number);
      expect(chunk.end).toBeLessThanOrEqual(page?.end ?? -1);
      expect(parentIds.has(chunk.parentId)).toBe(true);
    }
    expect(new Set(chunks.map((c) => c.page)).size).toBe(15);
  });
});

describe.skipIf(noPdfs)('PDF layout: reading order and tables (needs ../shared/eval/pdfs)', () => {
  const flat = (text: string) => text.replace(/\s+/g, ' ');

  it('reads a two-column paper column by column: wrapped sentences stay contiguous', async () => {
    const doc = await parseDocument(read('multicolumn_pypdf-sample-latex.pdf'));
    const text = flat(doc.text);
    // Left column, lines 1-4 (broken by "adip-" hyphenation), then the right column's first lines.
    expect(text).toContain(
      'Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Ut purus elit, vestibulum ut, placerat ac, adipiscing vitae, felis. Curabitur dictum gravida mauris.',
    );
    expect(text).toContain(
      'Phasellus adipiscing semper elit. Proin fermentum massa ac quam. Sed diam turpis, molestie vitae, placerat a, molestie nec, leo. Maecenas lacinia. Nam ipsum ligula, eleifend at, accumsan nec, suscipit a, ipsum.',
    );
    // The table under the columns keeps its caption and rows.
    const table = doc.tables.find((t) => t.title?.startsWith('Table 1'));
    expect(table?.header).toContain('Capital');
  });

  it('reads the Federal Register multi-column pages in column order', async () => {
    const doc = await parseDocument(read('multicolumn_federal-register-2020-17221.pdf'));
    const text = flat(doc.text);
    expect(text).toContain(
      'Investigation of the accident has been completed by the Indonesian authorities (Komite Nasional Keselamatan Transportasi (KNKT)) with assistance from the National Transportation Safety Board (NTSB) and the FAA of the United States, the manufacturer, and the operator.',
    );
    expect(text).toContain(
      'The FAA proposes mandating the following changes to the 737 MAX type design, to address the various aspects of the unsafe condition.',
    );
  });

  it("keeps each company's cells on its own row in the WARN report, on every page", async () => {
    const doc = await parseDocument(read('table_ca-WARN-Report-2015-2016.pdf'));
    expect(doc.tables.length).toBeGreaterThanOrEqual(10);
    const rowOf = (company: string, city: string) =>
      doc.tables
        .flatMap((t) => t.rows.map((row) => ({ header: t.header, cells: row.cells, row })))
        .find((r) => r.cells.includes(company) && r.cells.includes(city));
    const cisco = rowOf('Cisco Systems, Inc.', 'San Jose');
    expect(cisco?.header).toEqual([
      'Notice Date',
      'Effective',
      'Received',
      'Company',
      'City',
      'No. Of',
      'Layoff/Closure',
    ]);
    expect(cisco?.cells).toEqual([
      '07/21/2015',
      '07/22/2015',
      '07/22/2015',
      'Cisco Systems, Inc.',
      'San Jose',
      '192',
      'Layoff Permanent',
    ]);
    const toyota = rowOf('Toyota Motor North America', 'Torrance');
    expect(toyota?.cells[5]).toBe('3000');
    expect(toyota?.cells[6]).toBe('Closure Permanent');
    // The row's line in the text names each value and cites exactly.
    const row = cisco?.row;
    expect(doc.text.slice(row?.start, row?.end)).toBe(
      'Notice Date: 07/21/2015; Effective: 07/22/2015; Received: 07/22/2015; Company: Cisco Systems, Inc.; City: San Jose; No. Of: 192; Layoff/Closure: Layoff Permanent',
    );
  });
});

describe.skipIf(!hasShared('eval', 'tables_camelot'))(
  'PDF tables from the Camelot set (needs ../shared/eval/tables_camelot)',
  () => {
    const readTable = (name: string) =>
      new Uint8Array(readFileSync(sharedPath('eval', 'tables_camelot', name, `${name}.pdf`)));

    it('reads the periods a bold font maps to " ." (which pdf.js takes for spaces) from the drawn glyphs', async () => {
      const doc = await parseDocument(readTable('12s0324'));
      const total = doc.tables[0]?.rows[0]?.cells;
      expect(total?.[0]).toMatch(/^Total \. \. \./);
      expect(total?.slice(1, 4)).toEqual(['11,062.6', '1,540.0', '9,522.6']);
    });

    it('reads an electoral roll of boxed voter cards one card per cell, the number box and photo box inside it', async () => {
      const doc = await parseDocument(readTable('electoral_roll'));
      const table = doc.tables.find((t) => t.rows.length === 10);
      expect(table?.header).toEqual([]);
      expect(table?.rows[0]?.cells).toHaveLength(3);
      expect(table?.rows[0]?.cells[0]).toBe(
        "1 NEL0000001 Name : JohnDoe Father's Name : House No : 0 Age : 55 Sex : Male",
      );
      expect(table?.rows[9]?.cells[2]).toMatch(/^30 NEL0000030 Name : /);
    });
  },
);
