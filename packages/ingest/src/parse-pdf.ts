import { AppError } from '@grounded/core';
import { PDFParse } from 'pdf-parse';
import { DocumentBuilder } from './document-builder';
import type { Deadline, ResolvedParseOptions } from './parse-limits';
import { type PageLayout, pdfDocumentOf, readPageLayout, visibleChars, writePages } from './pdf-layout';
import type { ExtractedDocument } from './types';

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function mapPdfError(error: unknown, hasPassword: boolean): AppError {
  if (error instanceof AppError) return error;
  const name = error instanceof Error ? error.name : '';
  const reason = reasonOf(error);
  if (name === 'PasswordException') {
    // pdf.js says "No password given" vs "Incorrect Password"; a wrong password given to a PDF
    // that needs one is the second case.
    if (hasPassword || /incorrect/i.test(reason)) {
      return new AppError(
        'pdf_password_incorrect',
        'The password supplied for this encrypted PDF is incorrect.',
        {
          cause: error,
        },
      );
    }
    return new AppError(
      'pdf_encrypted',
      'The PDF is encrypted (password-protected); supply its password to ingest it.',
      { cause: error },
    );
  }
  if (name === 'InvalidPDFException' && /empty|zero bytes/i.test(reason)) {
    return new AppError('empty_document', 'The PDF file is empty (0 bytes).', { cause: error });
  }
  return new AppError('malformed_document', 'The PDF is corrupt or malformed and cannot be read.', {
    details: { reason },
    cause: error,
  });
}

export async function parsePdf(
  bytes: Uint8Array,
  options: ResolvedParseOptions,
  deadline: Deadline,
): Promise<ExtractedDocument> {
  // pdf.js may transfer (detach) the buffer it is given; the caller's bytes must stay intact.
  const parser = new PDFParse({
    data: new Uint8Array(bytes),
    verbosity: 0,
    ...(options.password === undefined ? {} : { password: options.password }),
  });
  deadline.onAbort(() => parser.destroy());
  try {
    let total: number;
    let title: string | null = null;
    try {
      const info = await parser.getInfo();
      total = info.total;
      const infoTitle = (info.info as { Title?: unknown } | undefined)?.Title;
      if (typeof infoTitle === 'string') title = infoTitle;
    } catch (error) {
      throw mapPdfError(error, options.password !== undefined);
    }
    if (total > options.maxPages) {
      throw new AppError('too_many_pages', `The PDF has ${total} pages; the limit is ${options.maxPages}.`, {
        details: { pages: total, maxPages: options.maxPages },
      });
    }
    // Page by page, so the deadline is checked between pages (pdf.js itself never yields to timers).
    // --- PDF layout (issue #14): lines, columns and tables rebuilt from glyph positions ---
    const pages: { num: number; layout: PageLayout }[] = [];
    for (let num = 1; num <= total; num++) {
      await deadline.checkpoint();
      try {
        pages.push({ num, layout: await readPageLayout(await pdfDocumentOf(parser), num) });
      } catch (error) {
        throw mapPdfError(error, options.password !== undefined);
      }
    }
    const textChars = pages.reduce((sum, page) => sum + visibleChars(page.layout), 0);
    // --- end PDF layout ---
    if (total > 0 && textChars < options.minPdfCharsPerPage * total) {
      throw new AppError(
        'pdf_no_text_layer',
        'The PDF has no usable text layer (it looks scanned or image-only); OCR is not supported yet.',
        { details: { pages: total, textCharacters: textChars } },
      );
    }
    if (total === 0) throw new AppError('empty_document', 'The PDF has no pages.');

    const builder = new DocumentBuilder('pdf', { maxChars: options.maxChars });
    writePages(builder, pages);
    return builder.build({ title, metadata: { pageCount: total } });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
