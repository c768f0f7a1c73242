import { createCanvas } from '@napi-rs/canvas';
import UTIF from 'utif2';
import { afterAll, describe, expect, it } from 'vitest';
import { TesseractOcrEngine } from './ocr/tesseract-engine';
import { parseDocument } from './parse-document';
import { renderTextImage } from './testing/ocr-engine-conformance';

// One engine for the file: starting tesseract.js costs about a second.
const engine = new TesseractOcrEngine();
afterAll(() => engine.close());

const LINES = ['Invoice 4471 is due on 30 June', 'Payment goes to the Oslo office'];

/** Draws the same PNG onto a canvas and re-encodes it (JPEG) or re-packs its pixels (TIFF). */
async function reencode(png: Uint8Array, as: 'jpeg' | 'tiff'): Promise<Uint8Array> {
  const { loadImage } = await import('@napi-rs/canvas');
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  if (as === 'jpeg') return new Uint8Array(canvas.toBuffer('image/jpeg'));
  const rgba = context.getImageData(0, 0, image.width, image.height).data;
  return new Uint8Array(UTIF.encodeImage(new Uint8Array(rgba.buffer), image.width, image.height));
}

describe('image uploads are read by OCR', () => {
  const png = renderTextImage(LINES);

  for (const kind of ['png', 'jpeg', 'tiff'] as const) {
    it(`${kind}: the text, one page, and the page's OCR confidence`, async () => {
      const bytes = kind === 'png' ? png : await reencode(png, kind);
      const doc = await parseDocument(bytes, { ocrEngine: engine, ocrLanguages: ['eng'] });
      expect(doc.format).toBe('image');
      expect(doc.text).toContain('Invoice 4471 is due on 30 June');
      expect(doc.text).toContain('Oslo office');
      expect(doc.pages).toEqual([{ number: 1, start: 0, end: doc.text.length }]);
      expect(doc.metadata).toMatchObject({ imageType: kind, ocrPages: [1], lowConfidencePages: [] });
      const ocr = doc.metadata.ocr as { pages: { confidence: number }[] };
      expect(ocr.pages[0]?.confidence).toBeGreaterThan(0.8);
    });
  }

  it('keeps two columns apart: each column is read top to bottom', async () => {
    const canvas = createCanvas(1600, 500);
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, 1600, 500);
    context.fillStyle = '#000';
    context.font = '32px "DejaVu Sans"';
    const left = ['The left column starts', 'here and it goes on', 'to its very end.'];
    const right = ['Another column begins', 'on the right side and', 'finishes down here.'];
    for (const [i, line] of left.entries()) context.fillText(line, 40, 80 + i * 52);
    for (const [i, line] of right.entries()) context.fillText(line, 860, 80 + i * 52);
    const doc = await parseDocument(new Uint8Array(canvas.toBuffer('image/png')), {
      ocrEngine: engine,
      ocrLanguages: ['eng'],
    });
    const flat = doc.text.replace(/\s+/g, ' ');
    expect(flat).toContain('The left column starts here and it goes on to its very end.');
    expect(flat).toContain('Another column begins on the right side and finishes down here.');
  });

  it('flags a page read with less confidence than the floor', async () => {
    const doc = await parseDocument(png, {
      ocrEngine: engine,
      ocrLanguages: ['eng'],
      ocrMinConfidence: 0.999,
    });
    expect(doc.metadata.lowConfidencePages).toEqual([1]);
  });

  it('refuses an image when OCR is turned off', async () => {
    await expect(parseDocument(png, { ocr: false })).rejects.toMatchObject({ code: 'unsupported_type' });
  });
});
