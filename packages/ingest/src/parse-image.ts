import { AppError } from '@grounded/core';
import { createCanvas, ImageData } from '@napi-rs/canvas';
import UTIF from 'utif2';
import { DocumentBuilder } from './document-builder';
import { ocrMetadata, ocrReport, ocrSession } from './ocr/ocr-pages';
import type { Deadline, ResolvedParseOptions } from './parse-limits';
import { reflowLines } from './reflow';
import type { ExtractedDocument } from './types';

/** Largest TIFF page decoded, in pixels (a 300 dpi A3 scan is about 17.4 million). */
const MAX_TIFF_PIXELS = 40_000_000;

/**
 * TIFF is decoded with utif2 (MIT, pure JavaScript) and re-encoded as PNG for the OCR engine,
 * which reads PNG and JPEG. Each page (IFD) of a multi-page TIFF is one page of the document.
 */
/** A TIFF tag's first value as a number (utif2 types tags loosely). */
function tagNumber(tag: unknown): number {
  const first = Array.isArray(tag) || ArrayBuffer.isView(tag) ? (tag as ArrayLike<unknown>)[0] : tag;
  return Number(first ?? 0);
}

function tiffPages(bytes: Uint8Array): Uint8Array[] {
  const buffer = Buffer.from(bytes);
  let ifds: ReturnType<typeof UTIF.decode>;
  try {
    ifds = UTIF.decode(buffer);
  } catch (error) {
    throw new AppError('malformed_document', 'The TIFF image is corrupt or malformed.', { cause: error });
  }
  const pages: Uint8Array[] = [];
  for (const ifd of ifds) {
    const width = tagNumber(ifd.t256);
    const height = tagNumber(ifd.t257);
    if (width <= 0 || height <= 0) continue; // thumbnails and EXIF directories carry no size
    if (width * height > MAX_TIFF_PIXELS) {
      throw new AppError(
        'document_too_large',
        `A TIFF page is ${width}×${height} pixels; too large to read.`,
        {
          details: { width, height, maxPixels: MAX_TIFF_PIXELS },
        },
      );
    }
    try {
      UTIF.decodeImage(buffer, ifd);
      const rgba = UTIF.toRGBA8(ifd);
      const canvas = createCanvas(width, height);
      canvas.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
      pages.push(new Uint8Array(canvas.toBuffer('image/png')));
    } catch (error) {
      throw new AppError('malformed_document', 'The TIFF image could not be decoded.', {
        details: { reason: error instanceof Error ? error.message : String(error) },
        cause: error,
      });
    }
  }
  if (pages.length === 0) throw new AppError('empty_document', 'The TIFF file holds no image.');
  return pages;
}

/** An image upload (PNG, JPEG, TIFF): its text is what OCR reads, one page per image. */
export async function parseImage(
  bytes: Uint8Array,
  kind: 'png' | 'jpeg' | 'tiff',
  options: ResolvedParseOptions,
  deadline: Deadline,
): Promise<ExtractedDocument> {
  if (!options.ocr) {
    throw new AppError('unsupported_type', 'Images are read by OCR, which is turned off.', {
      details: { detected: `image/${kind}` },
    });
  }
  const images = kind === 'tiff' ? tiffPages(bytes) : [bytes];
  if (images.length > Math.min(options.maxPages, options.ocrMaxPages)) {
    const limit = Math.min(options.maxPages, options.ocrMaxPages);
    throw new AppError('too_many_pages', `The TIFF has ${images.length} pages; the OCR limit is ${limit}.`, {
      details: { pages: images.length, maxPages: limit },
    });
  }
  const session = ocrSession(options, deadline);
  try {
    const builder = new DocumentBuilder('image', { maxChars: options.maxChars });
    const reports = [];
    for (const [i, image] of images.entries()) {
      await deadline.checkpoint();
      const read = await session.read(image);
      reports.push(ocrReport(i + 1, read));
      builder.startPage(i + 1);
      for (const block of reflowLines(read.lines, { dehyphenate: true })) {
        builder.block(block.text, { tight: block.tight });
      }
      options.onProgress?.({ stage: 'ocr', page: i + 1, pages: images.length });
    }
    return builder.build({
      metadata: { imageType: kind, pageCount: images.length, ...ocrMetadata(reports, options, session) },
    });
  } finally {
    await session.release();
  }
}
