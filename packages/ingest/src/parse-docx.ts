import { AppError } from '@grounded/core';
import mammoth from 'mammoth';
import { DocumentBuilder } from './document-builder';
import { markStyledHeaderRows } from './docx-table-style';
import { appendHtml } from './parse-html';
import type { ResolvedParseOptions } from './parse-limits';
import type { ExtractedDocument } from './types';
import { assertZipWithinLimits, readZipDirectory } from './zip-directory';

/**
 * DOCX via mammoth's HTML conversion (it maps Word heading styles to <h1>…<h6>), then the same
 * walker as HTML, so Word headings become sections. The zip is vetted before mammoth sees it.
 */
export async function parseDocx(
  bytes: Uint8Array,
  options: ResolvedParseOptions,
): Promise<ExtractedDocument> {
  const entries = readZipDirectory(bytes);
  if (!entries) {
    throw new AppError('malformed_document', 'The DOCX file is corrupt: its zip directory cannot be read.');
  }
  assertZipWithinLimits(bytes, entries, {
    maxUnpackedBytes: options.maxUnpackedBytes,
    maxXmlBytes: options.maxDocxXmlBytes,
    maxXmlTags: options.maxDocxXmlTags,
    maxCompressionRatio: options.maxCompressionRatio,
    maxEntries: 10_000,
  });
  let html: string;
  let warnings: string[];
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      // mammoth inlines every image as a base64 data URI by default, which cheerio then parses:
      // a 42 MB DOCX of photos grew RSS by 1.8 GB for 214 characters of text (issue #12). The
      // walker ignores images, so their bytes are never read.
      {
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        // Word's built-in Caption style marks "Table 3: …" lines; the walker takes one right above
        // a table as that table's title (mammoth matches style names case-insensitively).
        // Word's Title style (the document's name, set above its Heading 1 sections) is no heading
        // to mammoth: it came out as body text, and the first section's heading became the
        // document's title. As an <h1> it is the title and heads the text up to the first section.
        styleMap: ["p[style-name='caption'] => p.caption:fresh", "p[style-name='title'] => h1:fresh"],
        transformDocument: markStyledHeaderRows,
      },
    );
    html = result.value;
    warnings = result.messages.map((message) => message.message);
  } catch (error) {
    throw new AppError('malformed_document', 'The DOCX file is corrupt or not a Word document.', {
      details: { reason: error instanceof Error ? error.message : String(error) },
      cause: error,
    });
  }
  const builder = new DocumentBuilder('docx', { maxChars: options.maxChars });
  appendHtml(builder, html, { listNumbers: false });
  return builder.build({ metadata: { conversionWarnings: warnings.slice(0, 20) } });
}
