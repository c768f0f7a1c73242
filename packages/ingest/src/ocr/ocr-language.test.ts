import { execFileSync } from 'node:child_process';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../parse-document';
import { resolveParseOptions } from '../parse-limits';
import { ocrLanguagesOf } from './ocr-engine';
import { ocrSession } from './ocr-pages';
import { TesseractOcrEngine } from './tesseract-engine';

// One engine for the file: starting tesseract.js costs about a second.
const engine = new TesseractOcrEngine();
afterAll(() => engine.close());

/** A font family with Han glyphs installed on this machine (fontconfig), or null. */
function cjkFont(): string | null {
  try {
    const out = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
    return out.split('\n')[0]?.split(',')[0]?.trim() || null;
  } catch {
    return null;
  }
}

function render(lines: string[], font: string): Uint8Array {
  const height = 80 + lines.length * 64;
  const canvas = createCanvas(1400, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, 1400, height);
  context.fillStyle = '#000000';
  context.font = `40px "${font}"`;
  context.textBaseline = 'top';
  for (const [i, line] of lines.entries()) context.fillText(line, 40, 30 + i * 64);
  return new Uint8Array(canvas.toBuffer('image/png'));
}

interface OcrMeta {
  languages: string[];
  languageSetting: string;
  languageDetection?: { hanShare: number; chosen: string[]; reread: number };
  pages: { languages: string[] }[];
}

const ocrOf = (metadata: Record<string, unknown>) => metadata.ocr as OcrMeta;

describe('OCR language: a setting, detected by default', () => {
  it('names fixed languages or auto', () => {
    expect(ocrLanguagesOf('auto')).toBe('auto');
    expect(ocrLanguagesOf('eng+chi_sim')).toEqual(['eng', 'chi_sim']);
    expect(ocrLanguagesOf('chi_sim')).toEqual(['chi_sim']);
  });

  it('auto reads an English first page with both models, finds no Han script, and picks English', async () => {
    const png = render(['Invoice 4471 is due on 30 June', 'Payment goes to the Oslo office'], 'DejaVu Sans');
    const doc = await parseDocument(png, { ocrEngine: engine });
    expect(doc.text).toContain('Invoice 4471 is due on 30 June');
    const ocr = ocrOf(doc.metadata);
    expect(ocr.languageSetting).toBe('auto');
    expect(ocr.languageDetection).toMatchObject({ chosen: ['eng'], reread: 0 });
    expect(ocr.languageDetection?.hanShare).toBeLessThan(0.02);
    expect(ocr.pages[0]?.languages).toEqual(['eng', 'chi_sim']);
    expect(ocr.languages).toEqual(['eng']);
  });

  it('a fixed setting reads with those languages and detects nothing', async () => {
    const png = render(['The warehouse in Denver closes on Friday'], 'DejaVu Sans');
    const doc = await parseDocument(png, { ocrEngine: engine, ocrLanguages: ['eng', 'chi_sim'] });
    const ocr = ocrOf(doc.metadata);
    expect(ocr.languages).toEqual(['eng', 'chi_sim']);
    expect(ocr.languageSetting).toBe('eng+chi_sim');
    expect(ocr.languageDetection).toBeUndefined();
  });

  const font = cjkFont();
  // Needs a font with Han glyphs to draw the page (Debian: fonts-wqy-microhei); skipped without one.
  it.skipIf(!font)(
    'auto reads a Chinese page in Chinese, where English alone reads nothing useful',
    async () => {
      const lines = ['发票四四七一号应于六月三十日支付', '付款请汇至奥斯陆办事处'];
      const png = render(lines, font as string);
      const doc = await parseDocument(png, { ocrEngine: engine });
      const flat = doc.text.replace(/\s+/g, '');
      expect(flat).toContain('付款请汇至奥斯陆办事处');
      const ocr = ocrOf(doc.metadata);
      expect(ocr.languageDetection?.hanShare).toBeGreaterThan(0.9);
      expect(ocr.languages).toContain('chi_sim');
      // What the setting is for: English alone turns the same page into noise.
      const english = await parseDocument(png, { ocrEngine: engine, ocrLanguages: ['eng'] });
      expect(english.text.replace(/\s+/g, '')).not.toContain('付款');
      const confidence = (english.metadata.ocr as { pages: { confidence: number }[] }).pages[0]?.confidence;
      expect(confidence).toBeLessThan(0.5);
    },
  );

  it.skipIf(!font)(
    'auto goes on in English after an English page, and reads a Chinese page after it again with both',
    async () => {
      const options = resolveParseOptions({ ocrEngine: engine });
      const session = ocrSession(options, { checkpoint: async () => {}, onAbort: () => {} });
      const first = await session.read(render(['The warehouse in Denver closes on Friday'], 'DejaVu Sans'));
      expect(first.languages).toEqual(['eng', 'chi_sim']);
      const english = await session.read(render(['Payment goes to the Oslo office'], 'DejaVu Sans'));
      expect(english.languages).toEqual(['eng']);
      const chinese = await session.read(render(['付款请汇至奥斯陆办事处'], font as string));
      expect(chinese.languages).toEqual(['eng', 'chi_sim']);
      expect(chinese.lines.join('').replace(/\s+/g, '')).toContain('奥斯陆办事处');
      expect(session.detection()).toMatchObject({ chosen: ['eng', 'chi_sim'], reread: 1 });
      await session.release();
    },
  );
});
