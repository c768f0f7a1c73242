import { AppError } from '@grounded/core';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunk-document';
import { detectFormat } from './detect-format';
import { documentFromText, parseDocument } from './parse-document';
import { buildDocx, patchDeclaredSize } from './test-support/build-docx';
import type { ExtractedDocument, ParseOptions } from './types';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function failure(bytes: Uint8Array, options: ParseOptions = {}): Promise<AppError> {
  try {
    await parseDocument(bytes, options);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('parsed, but a failure was expected');
}

function sectionText(doc: ExtractedDocument, headingPath: string[]): string {
  const section = doc.sections.find((s) => s.headingPath.join(' > ') === headingPath.join(' > '));
  if (!section) throw new Error(`no section ${headingPath.join(' > ')}`);
  return doc.text.slice(section.start, section.end);
}

describe('detectFormat', () => {
  it('detects from the bytes, not the name', async () => {
    expect(detectFormat(utf8('%PDF-1.7\n%âãÏÓ\n'), { filename: 'notes.txt' })).toBe('pdf');
    expect(detectFormat(await buildDocx([{ text: 'Hello' }]), { filename: 'x.pdf' })).toBe('docx');
    expect(detectFormat(utf8('<!doctype html><html><body><p>Hi</p></body></html>'))).toBe('html');
    expect(detectFormat(utf8('From: a@example.com\nTo: b@example.com\nSubject: Hi\n\nBody'))).toBe('eml');
    expect(detectFormat(utf8('# Title\n\nSome *text* with a [link](http://x.y).\n'))).toBe('markdown');
    expect(detectFormat(utf8('name,age,city\nAda,36,London\nAlan,41,Wilmslow\nGrace,85,Arlington\n'))).toBe(
      'csv',
    );
    expect(detectFormat(utf8('Just a plain sentence. And another one.'))).toBe('text');
  });

  it('reads UTF-8 text whose 8 KiB sniff cuts a multi-byte character in two', () => {
    // 'ab,' then 3-byte CJK characters: byte 8192 falls inside one of them.
    const rows = Array.from({ length: 400 }, (_, i) => `${i % 2},很快好吃味道足量大`);
    const bytes = utf8(`label,review\n${rows.join('\n')}\n`);
    expect(bytes.length).toBeGreaterThan(8192);
    expect((bytes[8192] ?? 0) & 0xc0).toBe(0x80);
    expect(detectFormat(bytes, { filename: 'reviews.csv' })).toBe('csv');
  });

  it('lets the hint choose only among markdown, text and CSV', () => {
    const ambiguous = utf8('a,b\n1,2\n3,4\n');
    expect(detectFormat(ambiguous)).toBe('csv');
    expect(detectFormat(ambiguous, { filename: 'numbers.txt' })).toBe('text');
    expect(detectFormat(utf8('plain words here'), { mimeType: 'text/markdown; charset=utf-8' })).toBe(
      'markdown',
    );
    // A hint cannot turn HTML into CSV.
    expect(detectFormat(utf8('<html><body><p>x</p></body></html>'), { filename: 'a.csv' })).toBe('html');
  });

  it('refuses unknown binary and non-Word zips as unsupported_type', async () => {
    // A GIF: images are read by OCR only in the formats scanners write (PNG, JPEG, TIFF).
    const gif = Uint8Array.from([
      0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff,
    ]);
    expect(() => detectFormat(gif)).toThrowError(expect.objectContaining({ code: 'unsupported_type' }));
    const error = await failure(gif);
    expect(error.code).toBe('unsupported_type');
    expect(error.message).toContain('image/gif');
    const JSZip = (await import('jszip')).default;
    const zip = new JSZip();
    zip.file('readme.txt', 'not a word document');
    const plainZip = await zip.generateAsync({ type: 'uint8array' });
    expect(() => detectFormat(plainZip)).toThrowError(expect.objectContaining({ code: 'unsupported_type' }));
  });

  it('says empty_document for 0 bytes and whitespace-only text', async () => {
    expect((await failure(new Uint8Array())).code).toBe('empty_document');
    expect((await failure(utf8('  \n\n \t '))).code).toBe('empty_document');
  });
});

describe('DOCX', () => {
  it('extracts text with Word headings as sections', async () => {
    const bytes = await buildDocx([
      { text: 'Employee Handbook', heading: 1 },
      { text: 'Welcome to the company. Read this first.' },
      { text: 'Leave', heading: 2 },
      { text: 'Employees get 25 days of paid leave per year.' },
      { text: 'Sick leave', heading: 3 },
      { text: 'Report sickness to your manager before 10:00.' },
    ]);
    const doc = await parseDocument(bytes);
    expect(doc.format).toBe('docx');
    expect(doc.title).toBe('Employee Handbook');
    expect(sectionText(doc, ['Employee Handbook', 'Leave'])).toContain('25 days of paid leave');
    expect(sectionText(doc, ['Employee Handbook', 'Leave', 'Sick leave'])).toContain('before 10:00');
    const { chunks } = chunkDocument(doc, { documentKey: 'handbook' });
    const sick = chunks.find((c) => c.text.includes('Report sickness'));
    expect(sick?.headingPath).toEqual(['Employee Handbook', 'Leave', 'Sick leave']);
    expect(sick?.page).toBeNull();
  });

  it("takes a paragraph in Word's Title style as the document's title, not the first section", async () => {
    const bytes = await buildDocx([
      { text: 'Leave and Absence Policy', style: 'Title' },
      { text: 'Effective from 1 January 2027.' },
      { text: '1. Annual leave', heading: 1 },
      { text: 'Full-time employees receive 25 days of paid annual leave.' },
    ]);
    const doc = await parseDocument(bytes);
    expect(doc.title).toBe('Leave and Absence Policy');
    expect(sectionText(doc, ['Leave and Absence Policy'])).toContain('Effective from 1 January 2027.');
    expect(sectionText(doc, ['1. Annual leave'])).toContain('25 days of paid annual leave');
  });

  it('refuses a zip bomb by its declared sizes, before unpacking', async () => {
    const zeros = new Uint8Array(30 * 1024 * 1024);
    const bytes = await buildDocx([{ text: 'Looks harmless' }], { 'word/media/padding.bin': zeros });
    expect(bytes.length).toBeLessThan(200_000); // ~30 MiB of zeros squeezed ~1000:1
    const byRatio = await failure(bytes);
    expect(byRatio.code).toBe('docx_zip_bomb');
    expect(byRatio.message).toMatch(/expands \d+x/);
    const bySize = await failure(bytes, { maxUnpackedBytes: 10 * 1024 * 1024, maxCompressionRatio: 1e9 });
    expect(bySize.code).toBe('docx_zip_bomb');
    expect(bySize.details).toMatchObject({ maxUnpackedBytes: 10 * 1024 * 1024 });
  });

  it('catches an archive that lies about its sizes while inflating under a cap', async () => {
    const zeros = new Uint8Array(30 * 1024 * 1024);
    const honest = await buildDocx([{ text: 'Looks harmless' }], { 'word/media/padding.bin': zeros });
    const lying = patchDeclaredSize(honest, 'word/media/padding.bin', 1000);
    const error = await failure(lying, { maxUnpackedBytes: 5 * 1024 * 1024 });
    expect(error.code).toBe('docx_zip_bomb');
  });

  it('reports a corrupt DOCX as malformed_document', async () => {
    const bytes = await buildDocx([{ text: 'Hello' }]);
    // Keep the zip signature and directory, wreck the compressed data.
    const broken = new Uint8Array(bytes);
    for (let i = 60; i < Math.min(broken.length - 400, 600); i++) broken[i] = 0x55;
    const error = await failure(broken);
    expect(error.code).toBe('malformed_document');
    expect(error.details?.reason).toEqual(expect.any(String));
  });
});

describe('HTML', () => {
  const page = `<!doctype html><html><head><title>Refund policy | Shop</title><style>p{color:red}</style></head>
<body>
<header class="site-header"><a href="/">Shop</a><nav><a href="/a">Products</a><a href="/b">Cart</a></nav></header>
<aside>Related: Our summer sale!</aside>
<main>
  <article>
    <h1>Refund policy</h1>
    <p>You can return any item within <b>30 days</b> of delivery.</p>
    <h2>Damaged items</h2>
    <p>Send a photo of the damage &amp; we refund you in full.</p>
    <ul><li>Keep the box</li><li>Keep the receipt</li></ul>
    <table><tr><th>Item</th><th>Days</th></tr><tr><td>Shoes</td><td>60</td></tr></table>
  </article>
</main>
<footer>© 2026 Shop Inc. Privacy · Terms</footer>
<script>trackVisitor()</script>
</body></html>`;

  it('keeps the main content and drops nav, header, footer, aside, script and style', async () => {
    const doc = await parseDocument(utf8(page));
    expect(doc.format).toBe('html');
    expect(doc.title).toBe('Refund policy | Shop');
    expect(doc.text).toContain('You can return any item within 30 days of delivery.');
    expect(doc.text).toContain('Send a photo of the damage & we refund you in full.');
    expect(doc.text).toContain('Keep the box\nKeep the receipt');
    expect(doc.text).toContain('Item | Days\nItem: Shoes; Days: 60');
    for (const boilerplate of [
      'Products',
      'Cart',
      'summer sale',
      '© 2026',
      'Privacy',
      'trackVisitor',
      'color:red',
    ]) {
      expect(doc.text).not.toContain(boilerplate);
    }
  });

  it("drops a help article's own widgets: feedback vote and related-article links", async () => {
    const article = `<html><body><main><article><h1>Refunds</h1><p>Monthly plans are not refundable.</p>
<div class="article-feedback">Was this article helpful? <span>Yes</span> <span>No</span></div>
<section class="related-articles"><h3>Related articles</h3><ul><li><a href="#">How seats are counted</a></li></ul></section>
<p class="shared-drive-note">Invoices are kept in the shared drive.</p></article></main></body></html>`;
    const doc = await parseDocument(utf8(article), { filename: 'refunds.html' });
    expect(doc.text).toContain('Monthly plans are not refundable.');
    expect(doc.text).toContain('Invoices are kept in the shared drive.');
    for (const widget of ['helpful', 'Related articles', 'How seats are counted'])
      expect(doc.text).not.toContain(widget);
  });

  it('keeps sentences, figures and tables that a page put in a widget-classed box (second review)', async () => {
    const page = `<html><body><main><h1>Leave</h1><p>Annual leave is 25 days.</p>
<div class="related-links">Carry-over is capped at 5 days. <a href="#">Sick leave</a></div>
<div class="related-links"><p>Note: part-time staff get leave pro rata</p><a href="#">Pay</a></div>
<div class="article-feedback"><table><tr><td>Late fee</td><td>25 EUR</td></tr></table></div>
<div class="social-share">Call 0800 123 456 for urgent help</div></main></body></html>`;
    const doc = await parseDocument(utf8(page), { filename: 'leave.html' });
    for (const kept of ['Carry-over is capped at 5 days.', 'Late fee', '25 EUR', 'Call 0800 123 456'])
      expect(doc.text).toContain(kept);
  });

  it("writes an ordered list's item numbers, which the browser (or Word) draws", async () => {
    const steps = `<html><body><main><h1>Claims</h1><ol><li>Keep the receipt.</li><li><p>Log in to the portal.</p></li>
<li>Submit the report.</li></ol><p>Then wait.</p><ol start="4" type="a"><li>Ask Finance.</li></ol>
<ul><li>No number here</li></ul></main></body></html>`;
    const doc = await parseDocument(utf8(steps), { filename: 'steps.html' });
    expect(doc.text).toContain('1. Keep the receipt.\n2. Log in to the portal.\n3. Submit the report.');
    expect(doc.text).toContain('d. Ask Finance.');
    expect(doc.text).toContain('\nNo number here');
  });

  it('turns h1–h6 into sections with heading paths', async () => {
    const doc = await parseDocument(utf8(page));
    expect(doc.sections.map((s) => [s.headingPath, s.table ?? false])).toEqual([
      [['Refund policy'], false],
      [['Refund policy', 'Damaged items'], false],
      [['Refund policy', 'Damaged items'], true],
    ]);
    expect(sectionText(doc, ['Refund policy', 'Damaged items'])).toContain('Keep the receipt');
  });
});

describe('Markdown', () => {
  const markdown = `---
title: ignored front matter
---
# Install

Run the installer and follow the [setup guide](https://example.com/setup).
It takes **two minutes**, _once_; keep my_config_file and \`_internal_\`.
See [the \`grounded.yaml\` reference](https://docs.example.com/config). **Always run \`npm ci\` in CI.**

## On Linux

\`\`\`bash
# not a heading
sudo apt install grounded
\`\`\`

- Check the service
- Open the dashboard

Usage
-----

Type a question.
`;

  it('makes headings sections and keeps the text readable', async () => {
    const doc = await parseDocument(utf8(markdown), { filename: 'install.md' });
    expect(doc.format).toBe('markdown');
    expect(doc.text).not.toContain('front matter');
    expect(doc.text).toContain(
      'Run the installer and follow the setup guide. It takes two minutes, once; keep my_config_file and _internal_.',
    );
    expect(doc.text).not.toContain('https://example.com');
    expect(doc.text).toContain('See the grounded.yaml reference. Always run npm ci in CI.');
    expect(doc.text).not.toContain('docs.example.com');
    expect(sectionText(doc, ['Install', 'On Linux'])).toContain('# not a heading\nsudo apt install grounded');
    expect(sectionText(doc, ['Install', 'On Linux'])).toContain('- Check the service\n- Open the dashboard');
    expect(sectionText(doc, ['Install', 'Usage'])).toBe('Usage\n\nType a question.');
  });

  it('documentFromText handles markdown and plain text bodies', () => {
    const md = documentFromText('# Title\n\nBody text here.', 'markdown');
    expect(md.sections[0]?.headingPath).toEqual(['Title']);
    const text = documentFromText('Line one of a note.\n\nSecond paragraph.');
    expect(text.format).toBe('text');
    expect(text.text).toBe('Line one of a note.\n\nSecond paragraph.');
    expect(() => documentFromText('   ')).toThrowError(expect.objectContaining({ code: 'empty_document' }));
  });
});

describe('plain text', () => {
  it('re-joins hard-wrapped prose and cleans the text', async () => {
    const wrapped =
      'The quick brown fox jumps over the lazy dog while the\n' +
      'cat watches from the window sill and the sun goes down\n' +
      'behind the hills.\n\n' +
      'Second\u00a0paragraph\u0007 uses the \ufb01ne ligature and ＡＢＣ１２３ letters，保留中文标点。\n';
    const doc = await parseDocument(utf8(wrapped), { filename: 'note.txt' });
    expect(doc.text).toBe(
      'The quick brown fox jumps over the lazy dog while the cat watches from the window sill and the sun goes down behind the hills.\n\n' +
        'Second paragraph uses the fine ligature and ABC123 letters，保留中文标点。',
    );
  });
});

describe('CSV', () => {
  const rows = Array.from(
    { length: 45 },
    (_, i) => `${i + 1},Customer ${i + 1},"Said ""great"", ok",${i % 5}`,
  );
  const csv = `id,name,comment,rating\n${rows.join('\n')}\n`;

  it('renders each row as column: value lines grouped into sections', async () => {
    const doc = await parseDocument(utf8(csv));
    expect(doc.format).toBe('csv');
    expect(doc.metadata).toMatchObject({ rowCount: 45, columns: ['id', 'name', 'comment', 'rating'] });
    expect(doc.text.split('\n')[0]).toBe('id: 1; name: Customer 1; comment: Said "great", ok; rating: 0');
    expect(doc.sections.map((s) => s.headingPath[0])).toEqual(['rows 1-20', 'rows 21-40', 'rows 41-45']);
    const { chunks } = chunkDocument(doc, { documentKey: 'csv', maxTokens: 60, overlapTokens: 0 });
    // Chunks hold whole rows and never straddle a row group.
    for (const chunk of chunks) {
      for (const line of chunk.text.split('\n')) expect(line).toMatch(/^id: \d+; .*rating: \d$/);
      const section = doc.sections.find((s) => s.start <= chunk.start && chunk.end <= s.end);
      expect(section?.headingPath).toEqual(chunk.headingPath);
    }
  });

  it('refuses more rows than maxCsvRows', async () => {
    const error = await failure(utf8(csv), { maxCsvRows: 10 });
    expect(error.code).toBe('csv_too_many_rows');
  });
});

describe('EML', () => {
  it('keeps the headers and the text body', async () => {
    const eml = [
      'From: Alice Example <alice@example.com>',
      'To: Support <support@example.com>',
      'Subject: Printer on floor 3 is broken',
      'Date: Tue, 3 Mar 2026 10:00:00 +0000',
      'Message-ID: <abc@example.com>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello team,',
      '',
      'the printer shows error E42 since this morning. Can someone look at it?',
      '',
    ].join('\r\n');
    const doc = await parseDocument(utf8(eml));
    expect(doc.format).toBe('eml');
    expect(doc.title).toBe('Printer on floor 3 is broken');
    expect(doc.text).toContain('Subject: Printer on floor 3 is broken');
    expect(doc.text).toContain('From: "Alice Example" <alice@example.com>');
    expect(doc.text).toContain('Date: 2026-03-03T10:00:00.000Z');
    expect(doc.text).toContain('the printer shows error E42 since this morning.');
    expect(doc.sections[0]?.headingPath).toEqual(['Printer on floor 3 is broken']);
  });

  it("reads a reply's quoted messages without their '>' markers, each message a paragraph", async () => {
    const eml = [
      'From: Priya <priya@example.com>',
      'To: Tom <tom@example.com>',
      'Subject: RE: Quote',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Thanks, we accept the revised quote for the trays and the delivery in the week of 12 May.',
      '',
      '--',
      'Priya Shah',
      'Senior Buyer | Orbit Foods',
      'Mobile: +31 6 5550 1234',
      '',
      'On Wed, 16 Apr 2025 at 16:05, Tom <tom@example.com> wrote:',
      '> Here is the revised quote: 40,000 trays at EUR 0.118 per unit, lead time three',
      '> weeks from the confirmation of the order, payment 45 days net from the invoice date.',
      '>',
      '>> We would like to order 40,000 trays. Can you improve the price for that volume?',
      '',
    ].join('\r\n');
    const doc = await parseDocument(utf8(eml));
    expect(doc.text).not.toMatch(/(^|\s)>/u);
    expect(doc.text).toContain(
      'Here is the revised quote: 40,000 trays at EUR 0.118 per unit, lead time three weeks from the confirmation of the order, payment 45 days net from the invoice date.\n\nWe would like',
    );
    expect(doc.text).toContain('\n\nOn Wed, 16 Apr 2025 at 16:05, Tom <tom@example.com> wrote:\n\nHere is');
    expect(doc.text).toContain('Priya Shah\nSenior Buyer | Orbit Foods\nMobile: +31 6 5550 1234');
  });

  it('converts an HTML-only body', async () => {
    const eml = [
      'From: news@example.com',
      'To: you@example.com',
      'Subject: Release notes',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><body><h1>Version 2</h1><p>Search is <b>faster</b>.</p><script>x()</script></body></html>',
    ].join('\r\n');
    const doc = await parseDocument(utf8(eml));
    expect(doc.text).toContain('Version 2\n\nSearch is faster.');
    expect(doc.text).not.toContain('VERSION 2');
    expect(doc.text).not.toContain('x()');
  });
});

describe("probe2 review: ingestion keeps what the round's fixes lost", () => {
  const page = (body: string) =>
    parseDocument(utf8(`<html><body>${body}</body></html>`), { filename: 'x.html' });

  it.each([
    [
      'social-media section, share plan',
      '<main><h1>Handbook</h1><section id="social-media"><h2>Social media</h2><p>Staff must not post client names online.</p></section><section class="share-plan"><h2>Employee share plan</h2><p>Staff may buy shares at a 15% discount.</p></section></main>',
      [
        'Social media',
        'Staff must not post client names online.',
        'Employee share plan',
        'Staff may buy shares at a 15% discount.',
      ],
    ],
    [
      'heading ids',
      '<main><h1>Policy</h1><h2 id="share-your-feedback">Share your feedback</h2><p>Complaints are answered within 10 working days.</p><h2 id="related">Related questions</h2><p>Can I get a refund? Yes, within 30 days.</p></main>',
      [
        'Share your feedback',
        'Complaints are answered within 10 working days.',
        'Related questions',
        'Yes, within 30 days.',
      ],
    ],
    [
      'helpful-tips, faq related',
      '<main><h1>Travel</h1><div class="helpful-tips"><p>Book trains at least 14 days ahead.</p></div><div class="faq related"><p>Q: Can I fly business? A: Only over 6 hours.</p></div></main>',
      ['Book trains at least 14 days ahead.', 'A: Only over 6 hours.'],
    ],
    [
      'body class',
      '</body><body class="single social"><main><h1>X</h1><p>Real content here.</p></main>',
      ['Real content here.'],
    ],
    [
      'prose in a widget-classed box',
      '<main><h1>Refunds</h1><div class="related-articles"><p>Refunds for annual plans are paid pro rata for every full month left on the plan, after a deduction of the setup fee, which is never refunded once the account has been used.</p></div></main>',
      ['Refunds for annual plans are paid pro rata'],
    ],
  ])('keeps content whose class or id only resembles a widget: %s', async (_, body, kept) => {
    const doc = await page(body);
    for (const text of kept) expect(doc.text).toContain(text);
  });

  it('writes no second number before an item that numbers itself', async () => {
    const doc = await page(
      '<main><h1>Steps</h1><ol><li>1. Open the portal.</li><li>2. Log in.</li></ol></main>',
    );
    expect(doc.text).toContain('1. Open the portal.\n2. Log in.');
  });

  it("takes an item's own type over its list's, and numbers the heading an item opens with", async () => {
    const doc = await page(
      '<main><h1>S</h1><ol type="a"><li type="i">li-type</li></ol><ol><li><h3>Prepare</h3><p>Collect receipts.</p></li></ol></main>',
    );
    expect(doc.text).toContain('i. li-type');
    expect(doc.text).toContain('1. Prepare\n');
    expect(doc.text).not.toContain('1. Collect receipts.');
  });

  it("writes no numbers for Word's automatic numbering, which mammoth restarts after a paragraph", async () => {
    const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const item = (text: string, level = 0) =>
      `<w:p><w:pPr><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
    const zip = new JSZip();
    zip.file(
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`,
    );
    zip.file(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="word/document.xml"/></Relationships>`,
    );
    zip.file(
      'word/_rels/document.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="${rel}/numbering" Target="numbering.xml"/></Relationships>`,
    );
    zip.file(
      'word/numbering.xml',
      `<?xml version="1.0" encoding="UTF-8"?><w:numbering ${w}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`,
    );
    zip.file(
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8"?><w:document ${w}><w:body><w:p><w:r><w:t>Claims procedure</w:t></w:r></w:p>${item('Keep the receipt.')}${item('Log in to the portal.')}<w:p><w:r><w:t>Note: receipts older than 90 days are not accepted.</w:t></w:r></w:p>${item('Submit the report.')}${item('Attach the receipt scan.', 1)}${item('Wait for approval.')}</w:body></w:document>`,
    );
    const doc = await parseDocument(await zip.generateAsync({ type: 'uint8array' }), { filename: 'x.docx' });
    expect(doc.text).toContain('Submit the report.\nAttach the receipt scan.');
    expect(doc.text).not.toMatch(/(^|\n)\d\. /u);
  });

  const eml = (body: string[]) =>
    parseDocument(
      utf8(
        [
          'From: Priya <p@x.com>',
          'To: Tom <t@x.com>',
          'Subject: Thresholds',
          'Content-Type: text/plain; charset=utf-8',
          '',
          ...body,
          '',
        ].join('\r\n'),
      ),
    );

  it("keeps a '>' that means 'more than' in a mail's own text", async () => {
    const doc = await eml([
      'Approval limits for purchase orders from next month:',
      '',
      '> 10,000 EUR needs the CFO.',
      '<= 10,000 EUR needs the budget holder.',
    ]);
    expect(doc.text).toContain('> 10,000 EUR needs the CFO.');
  });

  it("keeps a 'more than' sign inside a quoted message (second review)", async () => {
    const doc = await eml([
      'On Mon, 2 Jun 2025, Tom <t@x.example> wrote:',
      '> > 5,000 EUR needs two signatures.',
      '> Please confirm.',
    ]);
    expect(doc.text).toContain('> 5,000 EUR needs two signatures.');
  });

  it("reads 'On the question of …, the customer writes:' as prose, not a quote's attribution", async () => {
    const doc = await eml([
      'We discussed the complaint at length.',
      'On the question of refunds, the customer writes:',
      'the refund must be paid within 14 days of the cancellation of the order.',
    ]);
    expect(doc.text).toContain('the customer writes: the refund must be paid');
  });

  it('ends a signature at the blank line after it', async () => {
    const doc = await eml([
      'Please see the decision below, which applies to all teams from Monday.',
      '',
      '-- ',
      'Priya Shah',
      'Senior Buyer',
      '',
      'The board has decided that all travel outside the European Union must be approved',
      'by the CFO in advance. Economy class is mandatory for flights under six hours and',
      'Business class may be booked only for longer flights with the approval of a director.',
    ]);
    expect(doc.text).toContain('Priya Shah\nSenior Buyer');
    expect(doc.text).toContain(
      'must be approved by the CFO in advance. Economy class is mandatory for flights under six hours and Business class',
    );
  });
});
