import { AppError } from '@grounded/core';
import { describe, expect, it } from 'vitest';
import { parseDocument } from './parse-document';
import { buildDocx } from './test-support/build-docx';
import type { ParseOptions } from './types';

/**
 * Issue #12: a 2.8 MB DOCX unpacked to a 50 MB document.xml, took the server from 0.8 to 3.8 GB
 * for two minutes and queued 52,000 chunks. Per-document limits refuse such a document early,
 * with a code and a message naming the setting to raise.
 */
async function failure(bytes: Uint8Array, options: ParseOptions): Promise<AppError> {
  try {
    await parseDocument(bytes, options);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('parsed, but a failure was expected');
}

/** `count` paragraphs of 100 characters each. */
function paragraphs(count: number): { text: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    text: `Paragraph ${String(i).padStart(4, '0')} of the long report: ${'revenue grew '.repeat(6)}`.slice(
      0,
      100,
    ),
  }));
}

describe('per-document limits (issue #12)', () => {
  it('issue #12: a DOCX whose text passes maxChars fails with document_too_large naming MAX_DOCUMENT_CHARS, stopping early', async () => {
    const bytes = await buildDocx(paragraphs(400)); // ~40,800 characters with the paragraph breaks
    const whole = await parseDocument(bytes);
    expect(whole.text.length).toBeGreaterThan(40_000);

    const error = await failure(bytes, { maxChars: 5000 });
    expect(error.code).toBe('document_too_large');
    expect(error.message).toMatch(
      /has at least 5,\d{3} characters, over the limit of 5,000 \(MAX_DOCUMENT_CHARS\)/,
    );
    expect(error.details).toMatchObject({ limit: 5000, setting: 'MAX_DOCUMENT_CHARS' });
    // The builder stopped at the block that crossed the limit, not after all the text.
    expect(error.details?.actual).toBeGreaterThan(5000);
    expect(error.details?.actual).toBeLessThan(5200);
  });

  it('issue #12: text formats are held to maxChars once parsed', async () => {
    const text = new TextEncoder().encode(
      paragraphs(50)
        .map((p) => p.text)
        .join('\n\n'),
    );
    const error = await failure(text, { filename: 'notes.txt', maxChars: 1000 });
    expect(error.code).toBe('document_too_large');
    expect(error.details).toMatchObject({ limit: 1000, setting: 'MAX_DOCUMENT_CHARS' });
    expect(error.details?.actual).toBe((await parseDocument(text, { filename: 'notes.txt' })).text.length);
  });

  it('issue #12: a DOCX over the XML byte or tag limit is refused before conversion, naming the setting', async () => {
    const bytes = await buildDocx(paragraphs(400));
    // Each paragraph is <w:p><w:r><w:t>…</w:t></w:r></w:p>: six tags.
    const byTags = await failure(bytes, { maxDocxXmlTags: 1000 });
    expect(byTags.code).toBe('document_too_large');
    expect(byTags.message).toMatch(
      /XML has at least [\d,]+ tags, over the limit of 1,000 \(MAX_DOCX_XML_TAGS\)/,
    );
    expect(byTags.details).toMatchObject({ limit: 1000, setting: 'MAX_DOCX_XML_TAGS' });
    expect(byTags.details?.actual).toBeGreaterThan(2400);

    const byBytes = await failure(bytes, { maxDocxXmlBytes: 20_000 });
    expect(byBytes.code).toBe('document_too_large');
    expect(byBytes.message).toMatch(/over the limit of 20,000 \(MAX_DOCX_XML_BYTES\)/);
    expect(byBytes.details?.actual).toBeGreaterThan(400 * 100);

    // Under the limits the same document parses.
    const doc = await parseDocument(bytes, { maxDocxXmlTags: 10_000, maxDocxXmlBytes: 100_000 });
    expect(doc.text).toContain('Paragraph 0399');
  });

  it('issue #12: images in a DOCX are never read (mammoth would inline them as base64)', async () => {
    // The drawing points at a media file the archive does not hold: reading it would fail and
    // leave a conversion warning, so no warning proves the image bytes were never touched.
    const ns =
      'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"';
    const drawing =
      '<w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="plant"/><a:graphic>' +
      '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>' +
      '<pic:blipFill><a:blip r:embed="rId9"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>' +
      '</wp:inline></w:drawing></w:r>';
    const bytes = await buildDocx([], {
      'word/document.xml': `<?xml version="1.0" encoding="UTF-8"?><w:document ${ns}><w:body><w:p><w:r><w:t>Figure 1 shows the plant.</w:t></w:r></w:p><w:p>${drawing}</w:p></w:body></w:document>`,
      'word/_rels/document.xml.rels':
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/missing.png"/></Relationships>',
    });
    const doc = await parseDocument(bytes);
    expect(doc.text).toBe('Figure 1 shows the plant.');
    expect(doc.metadata.conversionWarnings).toEqual([]);
  });
});
