import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sharedPath } from '@grounded/core';
import { type OcrLanguage, PaddleOcrEngine, parseDocument, TesseractOcrEngine } from '@grounded/ingest';
import { run as runOcrDev } from './documents-ocr-dev';
import { run as runTables } from './documents-tables';
import { characterErrorRate } from './metrics/cer';
import { markdownTable } from './sentiment-metrics';

/**
 * `npm run eval -- documents [--only tables|ocr|ocr-dev] [--engine tesseract|paddle|all] [--misses] [--dpi N]
 *   [--languages eng+chi_sim|eng|chi_sim|auto]`
 *
 * Tables (issue #14, point 1): cell placement against the Camelot benchmark CSVs (documents-tables.ts).
 *
 * OCR (issue #14, point 3), on ../shared/eval/pdfs:
 * - character error rate of the parsed text of scanned_2col_linn.pdf against its ground truth
 *   (see metrics/cer.ts for the normalisation: whitespace runs only);
 * - pages per second of each OCR engine over every scanned page (render + OCR, this machine);
 * - that every scanned PDF (scanned_*.pdf and malformed_pdfplumber-issue-932.pdf) now parses.
 */
export async function run(args: string[]): Promise<void> {
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  // The table part takes seconds and the OCR part minutes: `--only` runs one of them.
  const only = opt('--only');
  if (only !== undefined && only !== 'tables' && only !== 'ocr' && only !== 'ocr-dev')
    throw new Error(`--only takes 'tables', 'ocr' or 'ocr-dev', not '${only}'`);
  // The dev pages PaddleOCR's settings were chosen on (documents-ocr-dev.ts): only when asked.
  if (only === 'ocr-dev') return runOcrDev(args);
  if (only !== 'ocr') {
    console.log('## Tables: ../shared/eval/tables_camelot\n');
    await runTables(args);
  }
  if (only === 'tables') return;
  const dpi = Number(opt('--dpi') ?? 300);
  const chosen = opt('--languages') ?? 'eng+chi_sim';
  const languages = chosen === 'auto' ? 'auto' : (chosen.split('+') as OcrLanguage[]);
  const dir = sharedPath('eval', 'pdfs');
  const files = (await readdir(dir))
    .filter((name) => /^scanned_.*\.pdf$/.test(name) || name === 'malformed_pdfplumber-issue-932.pdf')
    .sort();
  const chosenEngine = opt('--engine') ?? 'all';
  if (!['tesseract', 'paddle', 'all'].includes(chosenEngine))
    throw new Error(`--engine takes 'tesseract', 'paddle' or 'all', not '${chosenEngine}'`);
  const engines = [
    { kind: 'tesseract', name: 'tesseract.js 7 (LSTM best_int)', create: () => new TesseractOcrEngine() },
    {
      kind: 'paddle',
      name: 'PaddleOCR PP-OCRv4 (onnxruntime-node, 1 thread)',
      create: () => new PaddleOcrEngine(),
    },
  ].filter((engine) => chosenEngine === 'all' || engine.kind === chosenEngine);

  for (const { name: engineName, create } of engines) {
    const engine = create();
    const rows: string[][] = [];
    let ocrPages = 0;
    let ocrSeconds = 0;
    let failures = 0;
    let cerLine = '';
    try {
      // Warm-up outside the timings: starting the worker and loading the models.
      await parseDocument(await readFile(path.join(dir, 'scanned_skew.pdf')), {
        ocrEngine: engine,
        ocrLanguages: languages,
        ocrDpi: 72,
        timeoutMs: 600_000,
      });
      for (const file of files) {
        const bytes = new Uint8Array(await readFile(path.join(dir, file)));
        const started = performance.now();
        try {
          const doc = await parseDocument(bytes, {
            ocrEngine: engine,
            ocrLanguages: languages,
            ocrDpi: dpi,
            timeoutMs: 600_000,
          });
          const seconds = (performance.now() - started) / 1000;
          const pages = (doc.metadata.ocrPages as number[] | undefined)?.length ?? 0;
          ocrPages += pages;
          ocrSeconds += seconds;
          const ocr = doc.metadata.ocr as
            | { pages: { confidence: number }[]; languages: string[] | string }
            | undefined;
          const confidences = ocr?.pages.map((p) => p.confidence.toFixed(2)).join(' ') ?? '';
          rows.push([
            file,
            'parsed',
            String(doc.pages.length),
            String(pages),
            Array.isArray(ocr?.languages) ? ocr.languages.join('+') : (ocr?.languages ?? ''),
            confidences,
            JSON.stringify(doc.metadata.lowConfidencePages ?? []),
            seconds.toFixed(1),
            // What was read, briefly: the Chinese signature page has no ground truth to score.
            JSON.stringify(doc.text.replace(/\s+/gu, ' ').trim().slice(0, 24)),
          ]);
          if (file === 'scanned_2col_linn.pdf') {
            const truth = await readFile(path.join(dir, 'scanned_2col_linn.groundtruth.txt'), 'utf8');
            const { cer, edits, length } = characterErrorRate(truth, doc.text);
            cerLine = `CER scanned_2col_linn.pdf: ${(cer * 100).toFixed(2)} % (${edits} edits / ${length} characters; target ≤ 5 %)`;
          }
        } catch (error) {
          failures++;
          rows.push([
            file,
            `FAILED: ${error instanceof Error ? error.message : String(error)}`,
            '',
            '',
            '',
            '',
            '',
            '',
            '',
          ]);
        }
      }
    } finally {
      await engine.close();
    }
    console.log(`\n## OCR: ${engineName}, ${chosen}, ${dpi} dpi\n`);
    console.log(
      markdownTable(
        [
          'file',
          'outcome',
          'pages',
          'OCR pages',
          'languages read',
          'confidence per page',
          'low-confidence pages',
          's',
          'text (start)',
        ],
        rows,
      ),
    );
    console.log(`\n${cerLine}`);
    console.log(
      `pages/second: ${(ocrPages / ocrSeconds).toFixed(3)} (${ocrPages} OCR pages in ${ocrSeconds.toFixed(1)} s, render + OCR, one worker)`,
    );
    console.log(`scanned PDFs parsed: ${files.length - failures}/${files.length}`);
  }
}
