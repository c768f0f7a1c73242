import { AppError } from '@grounded/core';
import { PDFParse } from 'pdf-parse';
import { DocumentBuilder } from './document-builder';
import { type OcrPageReport, ocrMetadata, ocrReport, ocrSession } from './ocr/ocr-pages';
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

/** Longest side of a page rendered for OCR, in pixels: bounds memory for huge page sizes. */
const MAX_RENDER_SIDE = 6000;

/** Renders one page as PNG at `dpi` (pdf.js onto @napi-rs/canvas, both permissively licensed). */
async function renderPage(
  parser: PDFParse,
  num: number,
  dpi: number,
  hasPassword: boolean,
): Promise<Uint8Array> {
  try {
    const info = await parser.getInfo({ partial: [num], parsePageInfo: true });
    const size = info.pages.find((page) => page.pageNumber === num) ?? info.pages[0];
    const longest = Math.max(size?.width ?? 612, size?.height ?? 792);
    const scale = Math.min(dpi / 72, MAX_RENDER_SIDE / longest);
    const shot = await parser.getScreenshot({
      partial: [num],
      scale,
      imageBuffer: true,
      imageDataUrl: false,
    });
    const data = shot.pages[0]?.data;
    if (!data || data.length === 0) throw new Error(`page ${num} rendered empty`);
    return data;
  } catch (error) {
    throw mapPdfError(error, hasPassword);
  }
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
    // --- end PDF layout ---
    if (total === 0) throw new AppError('empty_document', 'The PDF has no pages.');
    const visible = (text: string) => text.replace(/\s+/g, '').length;
    // A page whose text layer is (nearly) empty is a scan, or an image of text: OCR reads it.
    const scanned = pages.filter((page) => visibleChars(page.layout) < options.minPdfCharsPerPage);
    if (!options.ocr) {
      const textChars = pages.reduce((sum, page) => sum + visibleChars(page.layout), 0);
      if (textChars < options.minPdfCharsPerPage * total) {
        throw new AppError(
          'pdf_no_text_layer',
          'The PDF has no usable text layer (it looks scanned or image-only), and OCR is turned off.',
          { details: { pages: total, textCharacters: textChars } },
        );
      }
    }
    const ocrLines = new Map<number, string[]>();
    const reports: OcrPageReport[] = [];
    let session: ReturnType<typeof ocrSession> | null = null;
    if (options.ocr && scanned.length > 0) {
      if (scanned.length > options.ocrMaxPages) {
        throw new AppError(
          'too_many_pages',
          `The PDF has ${scanned.length} scanned pages to read by OCR; the limit is ${options.ocrMaxPages}.`,
          { details: { pages: total, ocrPages: scanned.length, maxPages: options.ocrMaxPages } },
        );
      }
      const ocr = ocrSession(options, deadline);
      session = ocr;
      try {
        for (const [i, page] of scanned.entries()) {
          await deadline.checkpoint();
          const image = await renderPage(parser, page.num, options.ocrDpi, options.password !== undefined);
          await deadline.checkpoint();
          const read = await ocr.read(image);
          // Keep the text layer when OCR reads less than it holds (a sparse but real text page).
          if (visible(read.lines.join('')) > visibleChars(page.layout)) {
            ocrLines.set(page.num, read.lines);
            reports.push(ocrReport(page.num, read));
          }
          options.onProgress?.({ stage: 'ocr', page: i + 1, pages: scanned.length });
        }
      } finally {
        await ocr.release();
      }
    }

    const builder = new DocumentBuilder('pdf', { maxChars: options.maxChars });
    // OCR lines stand in for the page's (empty) text layer, spread down the page in reading order.
    writePages(
      builder,
      pages.map((page) => {
        const lines = ocrLines.get(page.num);
        if (!lines) return page;
        const step = page.layout.height / Math.max(1, lines.length);
        const blocks = lines.map((text, i) => ({
          kind: 'line' as const,
          text,
          top: i * step,
          bottom: (i + 0.8) * step,
          x0: 0,
          x1: page.layout.width,
        }));
        return { num: page.num, layout: { ...page.layout, blocks } };
      }),
    );
    return builder.build({
      title,
      metadata: { pageCount: total, ...(session ? ocrMetadata(reports, options, session) : {}) },
    });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
