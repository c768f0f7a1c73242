import { DocumentBuilder } from './document-builder';
import { reflowLines } from './reflow';
import type { ExtractedDocument } from './types';

/** Plain text: paragraphs are separated by blank lines; hard-wrapped prose is re-joined. */
export function parseText(source: string): ExtractedDocument {
  const builder = new DocumentBuilder('text');
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  // Hyphenation in plain text is usually intended ("e-\nmail" from a 72-column wrap is rare), so
  // only PDFs get de-hyphenated.
  for (const block of reflowLines(lines, { dehyphenate: false }))
    builder.block(block.text, { tight: block.tight });
  return builder.build({ title: null });
}
