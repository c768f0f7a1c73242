import { AppError } from '@grounded/core';
import { PDFParse } from 'pdf-parse';
import { DocumentBuilder } from './document-builder';
import { type OcrPageReport, ocrMetadata, ocrReport, ocrSession } from './ocr/ocr-pages';
import type { Deadline, ResolvedParseOptions } from './parse-limits';
import { reflowLines } from './reflow';
import type { ExtractedDocument } from './types';

/** Lines this close to a page's top or bottom are header/footer candidates. */
const EDGE_LINES = 2;

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

function normalizeEdgeLine(line: string): string {
  return line.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/** Long lines repeated this often are print furniture wherever pdf.js happens to place them. */
const LONG_REPEAT_MIN_CHARS = 20;

/**
 * Drops lines that repeat on most pages: short ones (page numbers, "Page 3 of 9") only at a page's
 * top or bottom, long ones (running heads, print-shop slugs) anywhere, since pdf.js does not
 * always emit them at the edges. They carry no content and would be glued into many chunks.
 */
function stripRepeatedLines(pages: string[][]): string[][] {
  if (pages.length < 3) return pages;
  const edgeIndexes = (lines: string[]): Set<number> => {
    const nonEmpty = lines.map((line, i) => (line.trim() ? i : -1)).filter((i) => i >= 0);
    return new Set([...nonEmpty.slice(0, EDGE_LINES), ...nonEmpty.slice(-EDGE_LINES)]);
  };
  const edgeCounts = new Map<string, number>();
  const anywhereCounts = new Map<string, number>();
  const bump = (counts: Map<string, number>, keys: Iterable<string>) => {
    for (const key of new Set(keys)) counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const lines of pages) {
    bump(
      edgeCounts,
      [...edgeIndexes(lines)].map((i) => normalizeEdgeLine(lines[i] ?? '')),
    );
    bump(
      anywhereCounts,
      lines.map(normalizeEdgeLine).filter((key) => key.length >= LONG_REPEAT_MIN_CHARS),
    );
  }
  const threshold = Math.max(3, Math.ceil(pages.length * 0.6));
  const frequent = (counts: Map<string, number>) =>
    new Set([...counts].filter(([key, n]) => key && n >= threshold).map(([key]) => key));
  const atEdges = frequent(edgeCounts);
  const anywhere = frequent(anywhereCounts);
  if (atEdges.size === 0 && anywhere.size === 0) return pages;
  return pages.map((lines) => {
    const edges = edgeIndexes(lines);
    return lines.filter((line, i) => {
      const key = normalizeEdgeLine(line);
      return !(anywhere.has(key) || (edges.has(i) && atEdges.has(key)));
    });
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
    const pages: { num: number; text: string }[] = [];
    for (let num = 1; num <= total; num++) {
      await deadline.checkpoint();
      try {
        pages.push(...(await parser.getText({ partial: [num], pageJoiner: '' })).pages);
      } catch (error) {
        throw mapPdfError(error, options.password !== undefined);
      }
    }

    if (total === 0) throw new AppError('empty_document', 'The PDF has no pages.');
    const visible = (text: string) => text.replace(/\s+/g, '').length;
    // A page whose text layer is (nearly) empty is a scan, or an image of text: OCR reads it.
    const scanned = pages.filter((page) => visible(page.text) < options.minPdfCharsPerPage);
    if (!options.ocr) {
      const visibleChars = pages.reduce((sum, page) => sum + visible(page.text), 0);
      if (visibleChars < options.minPdfCharsPerPage * total) {
        throw new AppError(
          'pdf_no_text_layer',
          'The PDF has no usable text layer (it looks scanned or image-only), and OCR is turned off.',
          { details: { pages: total, textCharacters: visibleChars } },
        );
      }
    }
    const ocrLines = new Map<number, string[]>();
    const reports: OcrPageReport[] = [];
    if (options.ocr && scanned.length > 0) {
      if (scanned.length > options.ocrMaxPages) {
        throw new AppError(
          'too_many_pages',
          `The PDF has ${scanned.length} scanned pages to read by OCR; the limit is ${options.ocrMaxPages}.`,
          { details: { pages: total, ocrPages: scanned.length, maxPages: options.ocrMaxPages } },
        );
      }
      const session = ocrSession(options, deadline);
      try {
        for (const [i, page] of scanned.entries()) {
          await deadline.checkpoint();
          const image = await renderPage(parser, page.num, options.ocrDpi, options.password !== undefined);
          await deadline.checkpoint();
          const read = await session.read(image);
          // Keep the text layer when OCR reads less than it holds (a sparse but real text page).
          if (visible(read.lines.join('')) > visible(page.text)) {
            ocrLines.set(page.num, read.lines);
            reports.push(ocrReport(page.num, read));
          }
          options.onProgress?.({ stage: 'ocr', page: i + 1, pages: scanned.length });
        }
      } finally {
        await session.release();
      }
    }

    const builder = new DocumentBuilder('pdf', { maxChars: options.maxChars });
    const lines = stripRepeatedLines(pages.map((page) => ocrLines.get(page.num) ?? page.text.split('\n')));
    pages.forEach((page, i) => {
      builder.startPage(page.num);
      for (const block of reflowLines(lines[i] ?? [], { dehyphenate: true })) {
        builder.block(block.text, { tight: block.tight });
      }
    });
    return builder.build({ title, metadata: { pageCount: total, ...ocrMetadata(reports, options) } });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
