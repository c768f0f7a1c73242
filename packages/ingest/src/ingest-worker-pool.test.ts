import { isAppError } from '@grounded/core';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkDocument } from './chunk-document';
import { createDocumentProcessorPool } from './ingest-worker-pool';
import { parseDocument } from './parse-document';
import { renderTextImage } from './testing/ocr-engine-conformance';

/** Issue #16: parsing and chunking in a worker thread give what they give on the caller's thread. */
describe('document processor pool (worker threads)', () => {
  const pool = createDocumentProcessorPool({ threads: 2 });
  afterAll(() => pool.close());

  const text = Array.from(
    { length: 4000 },
    (_, i) => `Paragraph ${i} explains rule ${i * 7} of the handbook in one sentence.\n\n`,
  ).join('');
  const bytes = new TextEncoder().encode(text);

  it('parses and chunks exactly as in-thread, without holding the event loop', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const parsed = await pool.parse(bytes, { filename: 'big.txt', mimeType: 'text/plain' });
    const chunked = await pool.chunk(parsed, { documentKey: 'doc-1' });
    clearInterval(timer);
    const expectedDoc = await parseDocument(bytes, { filename: 'big.txt', mimeType: 'text/plain' });
    expect(parsed).toEqual(expectedDoc);
    expect(chunked).toEqual(chunkDocument(expectedDoc, { documentKey: 'doc-1' }));
    expect(chunked.chunks.length).toBeGreaterThan(10);
    // The timer kept firing while the thread worked.
    expect(ticks).toBeGreaterThan(0);
    // The caller's bytes are intact (the pool transfers a copy).
    expect(bytes.byteLength).toBe(text.length);
  });

  it('serves a small document on the second thread while the first parses a large one', async () => {
    // Two at once start both threads, so the race below is not against a thread's start-up.
    await Promise.all(['a', 'b'].map((name) => pool.parse(bytes, { filename: `${name}.txt` })));
    const large = new TextEncoder().encode(text.repeat(15));
    const order: string[] = [];
    const big = pool.parse(large, { filename: 'large.txt' }).then(() => order.push('large'));
    const small = pool.parse(new TextEncoder().encode('one page'), { filename: 'small.txt' });
    await small.then(() => order.push('small'));
    await big;
    expect(order).toEqual(['small', 'large']);
  });

  it('brings back the typed error of a document that cannot be read', async () => {
    const error = await pool.parse(new Uint8Array(0), { filename: 'empty.txt' }).catch((e: unknown) => e);
    expect(isAppError(error)).toBe(true);
    const expected = await parseDocument(new Uint8Array(0), { filename: 'empty.txt' }).catch(
      (e: unknown) => e,
    );
    expect((error as { code: string }).code).toBe((expected as { code: string }).code);
    // The thread survives a failed request.
    const ok = await pool.parse(new TextEncoder().encode('one line'), { filename: 'a.txt' });
    expect(ok.text).toContain('one line');
  });

  it("relays an OCR parse's progress to the caller's callback, which cannot cross to the thread", async () => {
    const seen: unknown[] = [];
    const doc = await pool.parse(renderTextImage(['Invoice 4471 is due on 30 June']), {
      ocrLanguages: ['eng'],
      onProgress: (progress) => seen.push(progress),
    });
    expect(doc.text).toContain('Invoice 4471');
    expect(seen).toEqual([{ stage: 'ocr', page: 1, pages: 1 }]);
  });

  it('reads with PaddleOCR in the thread when the parse names it (onnxruntime loads there)', async () => {
    const doc = await pool.parse(renderTextImage(['Invoice 4471 is due on 30 June']), {
      ocrLanguages: ['eng'],
      ocrEngineKind: 'paddle',
    });
    // Spaces aside: PaddleOCR at this size reads '30June' (its recogniser drops some narrow spaces).
    expect(doc.text.replace(/\s+/g, '')).toContain('Invoice4471isdueon30June');
    expect(doc.metadata.ocr).toMatchObject({ engine: 'paddleocr-pp-ocrv4' });
  });
});
