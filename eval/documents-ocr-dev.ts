import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { sharedPath } from '@grounded/core';
import { type OcrEngine, PaddleOcrEngine, parseDocument, readingOrder } from '@grounded/ingest';
import { createCanvas } from '@napi-rs/canvas';
import { characterErrorRate } from './metrics/cer';
import { markdownTable } from './sentiment-metrics';

/**
 * `npm run eval -- documents --only ocr-dev [--sizes 1280,1600]`: the dev pages PaddleOCR's
 * settings were chosen on, never the Linn scan the OCR eval reports. Three letter-size pages at
 * 300 dpi rendered here from the text layer of another PDF (the Federal Register notice in
 * ../shared/eval/pdfs): one in two columns of 10 pt serif, one like it with a 3 mm gutter, one in
 * a single column of 11 pt sans, tilted by 0.6°; the last two softened by rendering at half size
 * and scaling back up, as a scan would be.
 */
interface DevPage {
  name: string;
  png: Uint8Array;
  truth: string;
}

const PAGE = { width: 2550, height: 3300, margin: 225 };

function wrap(
  context: ReturnType<ReturnType<typeof createCanvas>['getContext']>,
  words: string[],
  width: number,
): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (context.measureText(next).width > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function renderPage(
  words: string[],
  layout: { columns: number; font: string; size: number; tilt: number; soften: boolean; gap?: number },
): { png: Uint8Array; truth: string; used: number } {
  const canvas = createCanvas(PAGE.width, PAGE.height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, PAGE.width, PAGE.height);
  context.fillStyle = '#111111';
  context.font = `${layout.size}px "${layout.font}"`;
  context.textBaseline = 'top';
  const gap = layout.gap ?? 75;
  const columnWidth = (PAGE.width - 2 * PAGE.margin - (layout.columns - 1) * gap) / layout.columns;
  const lineHeight = Math.round(layout.size * 1.3);
  const perColumn = Math.floor((PAGE.height - 2 * PAGE.margin) / lineHeight);
  const lines = wrap(context, words, columnWidth).slice(0, perColumn * layout.columns);
  context.translate(PAGE.width / 2, PAGE.height / 2);
  context.rotate((layout.tilt * Math.PI) / 180);
  context.translate(-PAGE.width / 2, -PAGE.height / 2);
  for (const [i, line] of lines.entries()) {
    const column = Math.floor(i / perColumn);
    context.fillText(
      line,
      PAGE.margin + column * (columnWidth + gap),
      PAGE.margin + (i % perColumn) * lineHeight,
    );
  }
  let out = canvas;
  if (layout.soften) {
    const half = createCanvas(PAGE.width / 2, PAGE.height / 2);
    half.getContext('2d').drawImage(canvas, 0, 0, PAGE.width / 2, PAGE.height / 2);
    out = createCanvas(PAGE.width, PAGE.height);
    out.getContext('2d').drawImage(half, 0, 0, PAGE.width, PAGE.height);
  }
  const used = lines.join(' ').split(' ').length;
  return { png: new Uint8Array(out.toBuffer('image/png')), truth: lines.join('\n'), used };
}

export async function devPages(): Promise<DevPage[]> {
  const source = await readFile(sharedPath('eval', 'pdfs', 'multicolumn_federal-register-2020-17221.pdf'));
  const doc = await parseDocument(new Uint8Array(source), { ocr: false });
  const words = doc.text.split(/\s+/u).filter((word) => word !== '');
  const first = renderPage(words, { columns: 2, font: 'Liberation Serif', size: 42, tilt: 0, soften: false });
  const second = renderPage(words.slice(first.used), {
    columns: 1,
    font: 'Liberation Sans',
    size: 46,
    tilt: 0.6,
    soften: true,
  });
  const third = renderPage(words.slice(first.used + second.used), {
    columns: 2,
    font: 'Liberation Serif',
    size: 42,
    tilt: 0,
    soften: true,
    gap: 36,
  });
  return [
    { name: 'two columns, 10 pt serif', png: first.png, truth: first.truth },
    { name: 'two columns 3 mm apart, soft', png: third.png, truth: third.truth },
    { name: 'one column, 11 pt sans, tilted, soft', png: second.png, truth: second.truth },
  ];
}

export async function readPage(engine: OcrEngine, png: Uint8Array): Promise<string> {
  const result = await engine.recognize(png, { languages: ['eng'] });
  return readingOrder(result.lines)
    .map((block) => block.lines.map((line) => line.text).join('\n'))
    .join('\n\n');
}

export async function run(args: string[] = []): Promise<void> {
  const i = args.indexOf('--sizes');
  const sizes = i >= 0 ? (args[i + 1] ?? '').split(',').map(Number) : [960, 1280, 1600, 1920, 2560, 3328];
  const pages = await devPages();
  const rows: string[][] = [];
  for (const maxSide of sizes) {
    const engine = new PaddleOcrEngine({ detectionMaxSide: maxSide });
    try {
      await readPage(engine, pages[0]!.png);
      for (const page of pages) {
        const started = performance.now();
        const text = await readPage(engine, page.png);
        const seconds = (performance.now() - started) / 1000;
        const { cer, edits, length } = characterErrorRate(page.truth, text);
        rows.push([
          String(maxSide),
          page.name,
          `${(cer * 100).toFixed(2)} % (${edits}/${length})`,
          seconds.toFixed(1),
        ]);
      }
    } finally {
      await engine.close();
    }
  }
  console.log('## PaddleOCR detection size on rendered dev pages (not the Linn scan)\n');
  console.log(markdownTable(['detection max side', 'page', 'CER', 's'], rows));
}
