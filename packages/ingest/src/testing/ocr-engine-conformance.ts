import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrEngine } from '../ocr/ocr-engine';

/**
 * The one conformance suite every OcrEngine adapter passes (DESIGN.md, convention 2).
 * Test-only: it imports vitest, so it is not exported from the package.
 */
export interface OcrEngineConformanceSetup {
  create: () => Promise<OcrEngine>;
}

/** A fallback font that every @napi-rs/canvas build can draw Latin text with. */
function sansFont(): string {
  return GlobalFonts.families.some((f) => f.family === 'DejaVu Sans') ? 'DejaVu Sans' : 'sans-serif';
}

/** Renders lines of black text on white, as a PNG: an image whose text is known. */
export function renderTextImage(
  lines: readonly string[],
  options: { fontSize?: number; width?: number; x?: number; font?: string } = {},
): Uint8Array {
  const fontSize = options.fontSize ?? 36;
  const width = options.width ?? 1400;
  const height = Math.round(fontSize * 1.6 * lines.length + fontSize * 2);
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#000000';
  context.font = `${fontSize}px "${options.font ?? sansFont()}"`;
  context.textBaseline = 'top';
  for (const [i, line] of lines.entries())
    context.fillText(line, options.x ?? 40, fontSize + i * fontSize * 1.6);
  return new Uint8Array(canvas.toBuffer('image/png'));
}

const LINES = ['Quarterly revenue grew by 12 percent', 'The warehouse in Denver closes on Friday'];

export function describeOcrEngineConformance(name: string, setup: OcrEngineConformanceSetup): void {
  describe(`OcrEngine conformance: ${name}`, () => {
    let engine: OcrEngine;
    const image = renderTextImage(LINES);
    beforeAll(async () => {
      engine = await setup.create();
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('has an id', () => {
      expect(engine.id.length).toBeGreaterThan(0);
    });

    it('reads known text with words, boxes inside the image and confidences in [0, 1]', async () => {
      const result = await engine.recognize(image, { languages: ['eng'] });
      expect(result.width).toBe(1400);
      const text = result.lines.map((line) => line.text).join('\n');
      expect(text).toContain('Quarterly revenue grew by 12 percent');
      expect(text).toContain('Denver');
      expect(result.confidence).toBeGreaterThan(0.8);
      expect(result.confidence).toBeLessThanOrEqual(1);
      for (const line of result.lines) {
        expect(line.words.map((w) => w.text).join(' ')).toBe(line.text);
        for (const word of line.words) {
          expect(word.confidence).toBeGreaterThanOrEqual(0);
          expect(word.confidence).toBeLessThanOrEqual(1);
          expect(word.box.x0).toBeGreaterThanOrEqual(0);
          expect(word.box.x1).toBeGreaterThan(word.box.x0);
          expect(word.box.x1).toBeLessThanOrEqual(result.width);
          expect(word.box.y1).toBeLessThanOrEqual(result.height);
        }
      }
      // The first line is above the second.
      const first = result.lines.find((line) => line.text.includes('Quarterly'));
      const second = result.lines.find((line) => line.text.includes('Denver'));
      expect(first?.box.y1 ?? 0).toBeLessThanOrEqual(second?.box.y0 ?? 0);
    });

    it('reads nothing, with confidence 0, from a blank image', async () => {
      const result = await engine.recognize(renderTextImage([]), { languages: ['eng'] });
      expect(result.lines.map((line) => line.text).join('')).toBe('');
      expect(result.confidence).toBe(0);
    });

    it('switches languages between calls (and reads Simplified Chinese where a CJK font can draw it)', async () => {
      // Without a CJK font the canvas draws empty boxes; then Chinese is covered by the scanned
      // Chinese PDF in parse-pdf.test.ts instead (needs ../shared).
      const cjkFont = GlobalFonts.families.find((f) =>
        /CJK|WenQuanYi|Hei|Song|Droid Sans Fallback/i.test(f.family),
      );
      // The canvas does not fall back to another family for missing glyphs: name the CJK one.
      const chinese = renderTextImage(['中文识别测试'], {
        fontSize: 48,
        ...(cjkFont ? { font: cjkFont.family } : {}),
      });
      const result = await engine.recognize(chinese, { languages: ['chi_sim'] });
      if (cjkFont) {
        expect(result.lines.map((line) => line.text).join('')).toMatch(/[\u4e00-\u9fff]/u);
      }
      const again = await engine.recognize(image, { languages: ['eng', 'chi_sim'] });
      expect(again.lines.map((line) => line.text).join(' ')).toContain('revenue');
    });

    it('rejects an aborted call with an AbortError and stays usable', async () => {
      const controller = new AbortController();
      const pending = engine.recognize(image, { languages: ['eng'], signal: controller.signal });
      controller.abort();
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
      const result = await engine.recognize(image, { languages: ['eng'] });
      expect(result.lines.length).toBeGreaterThan(0);
    });

    it('refuses bytes that are not an image with a clean error', async () => {
      await expect(
        engine.recognize(new TextEncoder().encode('not an image'), { languages: ['eng'] }),
      ).rejects.toMatchObject({ code: expect.any(String) });
    });
  });
}
