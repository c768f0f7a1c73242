import { readFile } from 'node:fs/promises';
import { hasShared, sharedPath } from '@grounded/core';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestData, startTestServer, type TestServer } from './test-server';

/**
 * Issue #6 sentiment end to end: the synchronous endpoint (real fastText + lexicon for English,
 * lexicon fallback and then a trained model for Chinese), training on ChnSentiCorp through the
 * API, and batches (streamed CSV/JSONL upload, malformed rows, idempotency, aggregates, keyset
 * results, CSV export, cancel). Runs on PGlite + in-process queue, or on the real Postgres and
 * Redis when DATABASE_URL / REDIS_URL are set.
 */
let server: TestServer;
// ChnSentiCorp lives in ../shared, which a fresh clone may lack: the tests that need it skip without
// it. The sentiment models themselves ship under models/ (issue #17).
const CHN_SENTI_CORP = ['eval', 'chnsenticorp', 'ChnSentiCorp_htl_all.csv'];
const noChnSentiCorp = !hasShared(...CHN_SENTI_CORP);

interface SyncResult {
  label: string;
  score: number;
  confidence: number;
  language: string;
  classifier: string;
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { ...server.auth, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function get(path: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: server.auth });
}

async function uploadBatch(
  content: string,
  filename: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = new FormData();
  // Fields first: the file part is streamed as soon as it starts.
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([content]), filename);
  return fetch(`${server.url}/v1/sentiment/batches`, {
    method: 'POST',
    headers: { ...server.auth, ...headers },
    body: form,
  });
}

interface BatchView {
  id: string;
  status: string;
  created?: boolean;
  progress: {
    rowsTotal: number;
    rowsDone: number;
    rowsMalformed: number;
    fraction: number;
    rowsPerSecond: number | null;
  };
  aggregates?: {
    labels: Record<string, number>;
    averageScore: number | null;
    byMetadata: Record<string, { value: string; count: number; labels: Record<string, number> }[]>;
    byDay: { day: string; count: number }[];
  };
  malformed?: { count: number; sample: { rowNo: number; reason: string }[] };
}

async function waitForBatch(id: string, timeoutMs = 60_000): Promise<BatchView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = (await (await get(`/v1/sentiment/batches/${id}`)).json()) as BatchView;
    if (['succeeded', 'failed', 'cancelled'].includes(batch.status)) return batch;
    if (Date.now() > deadline) throw new Error(`batch ${id} still ${batch.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  server = await startTestServer({
    SENTIMENT_ZH_MODEL: 'hotel-zh',
    SENTIMENT_BATCH_CHUNK_ROWS: '50',
  });
});

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

describe('POST /v1/sentiment', () => {
  it('labels English with the fastText ensemble, and Chinese with the shipped model until the tenant trains its own', async () => {
    const response = await post('/v1/sentiment', {
      texts: [
        'This is the best purchase I have made all year, absolutely wonderful.',
        'Terrible quality, it broke after two days and support never answered.',
        '房间很干净，服务也很好，下次还会再来。',
      ],
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: SyncResult[]; notes: string[] };
    const [pos, neg, zh] = body.results;
    expect(pos).toMatchObject({ label: 'positive', language: 'en' });
    expect(neg).toMatchObject({ label: 'negative', language: 'en' });
    expect(pos!.classifier).toMatch(/fasttext/);
    expect(pos!.score).toBeGreaterThan(0);
    expect(neg!.score).toBeLessThan(0);
    // SENTIMENT_ZH_MODEL names 'hotel-zh', not trained yet: the vendored model answers meanwhile.
    expect(zh).toMatchObject({
      language: 'zh',
      label: 'positive',
      classifier: 'ensemble:trained-nb:chnsenticorp+zh-lexicon',
    });
    expect(body.notes).toEqual([]);
  });

  it('refuses more than the per-request limit', async () => {
    const response = await post('/v1/sentiment', { texts: Array.from({ length: 101 }, () => 'ok') });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
  });
});

describe('POST /v1/sentiment/models', () => {
  it.skipIf(noChnSentiCorp)(
    'trains on an uploaded labelled CSV (ChnSentiCorp), reports held-out accuracy, and Chinese uses it (needs ../shared/eval/chnsenticorp)',
    async () => {
      const csv = await readFile(sharedPath(...CHN_SENTI_CORP), 'utf8');
      const form = new FormData();
      form.append('name', 'hotel-zh');
      form.append('textColumn', 'review');
      form.append('labelColumn', 'label');
      form.append('languages', 'zh');
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'hotels.csv');
      const response = await fetch(`${server.url}/v1/sentiment/models`, {
        method: 'POST',
        headers: server.auth,
        body: form,
      });
      expect(response.status).toBe(201);
      const trained = (await response.json()) as {
        heldOutAccuracy: number;
        heldOutCount: number;
        model: { labels: string[] };
      };
      expect(trained.model.labels).toEqual(['0', '1']);
      expect(trained.heldOutCount).toBeGreaterThan(1000);
      // Majority class is 0.685; a working model is well above it.
      expect(trained.heldOutAccuracy).toBeGreaterThan(0.8);

      const classified = await post('/v1/sentiment', {
        texts: ['房间很干净，服务也很好，下次还会再来。', '房间又脏又吵，前台态度很差，再也不住了。'],
      });
      const body = (await classified.json()) as { results: SyncResult[]; notes: string[] };
      expect(body.results.map((r) => r.classifier)).toEqual(['model:hotel-zh', 'model:hotel-zh']);
      expect(body.results.map((r) => r.label)).toEqual(['positive', 'negative']);
      expect(body.notes.join(' ')).not.toMatch(/SENTIMENT_ZH_MODEL/);
    },
  );

  it('trains from JSON rows, and a named model classifies every text', async () => {
    // Each word occurs in two texts: the model keeps features seen at least twice.
    const rows = [
      ...[
        'great product',
        'great service',
        'love it',
        'love this',
        'excellent product',
        'excellent service',
      ].map((t) => ({ text: t, label: 'pos' })),
      ...[
        'awful product',
        'awful service',
        'hate it',
        'hate this',
        'terrible product',
        'terrible service',
      ].map((t) => ({ text: t, label: 'neg' })),
    ];
    const created = await post('/v1/sentiment/models', { name: 'tiny-en', rows, holdoutFraction: 0 });
    expect(created.status).toBe(201);
    const response = await post('/v1/sentiment', {
      texts: ['excellent, love it', 'awful and terrible'],
      model: 'tiny-en',
    });
    const body = (await response.json()) as { results: (SyncResult & { rawLabel: string })[] };
    expect(body.results.map((r) => r.rawLabel)).toEqual(['pos', 'neg']);
    expect(body.results.every((r) => r.classifier === 'model:tiny-en')).toBe(true);
    const unknown = await post('/v1/sentiment', { texts: ['x'], model: 'nope' });
    expect(unknown.status).toBe(404);
  });
});

describe('sentiment batches', () => {
  const rows = [
    ['id', 'comment', 'store', 'day'],
    ...Array.from({ length: 120 }, (_, i) => [
      `c${i}`,
      i % 3 === 0
        ? 'Absolutely wonderful, I love it!'
        : i % 3 === 1
          ? 'Awful, broken and useless.'
          : 'It arrived on Tuesday.',
      i % 2 === 0 ? 'north' : 'south',
      `2024-05-0${1 + (i % 3)}`,
    ]),
  ];
  // Row 121: empty text; row 122: a bad date. Both are recorded, and the batch goes on.
  rows.push(['c120', '', 'north', '2024-05-01']);
  rows.push(['c121', 'Fine.', 'north', 'not a date']);
  const csv = Papa.unparse(rows);

  // Set by the first test, whose batch the default (fastText) classifier labels; the next two reuse it.
  let batchId: string;

  it('streams a CSV upload, records malformed rows, and aggregates the results', async () => {
    const fields = { textColumn: 'comment', idColumn: 'id', metadataColumns: 'store', dateColumn: 'day' };
    const response = await uploadBatch(csv, 'comments.csv', fields, { 'idempotency-key': 'batch-1' });
    expect(response.status).toBe(202);
    const created = (await response.json()) as BatchView;
    batchId = created.id;
    expect(created.progress.rowsTotal).toBe(122);
    expect(created.progress.rowsMalformed).toBe(2);

    const done = await waitForBatch(batchId);
    expect(done.status).toBe('succeeded');
    expect(done.progress.rowsDone).toBe(120);
    expect(done.progress.fraction).toBe(1);
    expect(done.progress.rowsPerSecond).toBeGreaterThan(0);
    const agg = done.aggregates!;
    expect(Object.values(agg.labels).reduce((a, b) => a + b, 0)).toBe(120);
    expect(agg.labels.positive).toBeGreaterThanOrEqual(40);
    expect(agg.labels.negative).toBeGreaterThanOrEqual(40);
    expect(agg.byMetadata.store!.map((g) => [g.value, g.count]).sort()).toEqual([
      ['north', 60],
      ['south', 60],
    ]);
    expect(agg.byDay.map((d) => [d.day, d.count])).toEqual([
      ['2024-05-01', 40],
      ['2024-05-02', 40],
      ['2024-05-03', 40],
    ]);
    const light = (await (
      await get(`/v1/sentiment/batches/${batchId}?aggregates=false`)
    ).json()) as BatchView;
    expect(light.aggregates).toBeUndefined();
    expect(light.progress.rowsDone).toBe(120);
    expect(done.malformed!.sample).toEqual([
      { rowNo: 121, reason: "'comment' is empty" },
      { rowNo: 122, reason: "'day' is not a date: not a date" },
    ]);
  });

  it('returns the same batch for the same Idempotency-Key and refuses the key with another body', async () => {
    const fields = { textColumn: 'comment', idColumn: 'id', metadataColumns: 'store', dateColumn: 'day' };
    const again = await uploadBatch(csv, 'comments.csv', fields, { 'idempotency-key': 'batch-1' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as BatchView).id).toBe(batchId);
    const other = await uploadBatch(`${csv}\nc999,Another row,north,2024-05-01`, 'comments.csv', fields, {
      'idempotency-key': 'batch-1',
    });
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
    const list = (await (await get('/v1/sentiment/batches')).json()) as { items: BatchView[] };
    expect(list.items.filter((b) => b.id === batchId)).toHaveLength(1);
  });

  it('pages results by row and exports them as CSV', async () => {
    const seen: number[] = [];
    let after: number | null = 0;
    while (after !== null) {
      const page = (await (
        await get(`/v1/sentiment/batches/${batchId}/results?limit=50&after=${after}`)
      ).json()) as {
        items: { rowNo: number; id: string; label: string; metadata: Record<string, string> }[];
        nextAfter: number | null;
      };
      seen.push(...page.items.map((r) => r.rowNo));
      after = page.nextAfter;
    }
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));

    const exported = await get(`/v1/sentiment/batches/${batchId}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/text\/csv/);
    const parsed = Papa.parse<Record<string, string>>((await exported.text()).trim(), { header: true });
    expect(parsed.data).toHaveLength(120);
    expect(parsed.data[0]).toMatchObject({
      row: '1',
      id: 'c0',
      label: 'positive',
      store: 'north',
      date: '2024-05-01',
    });
    expect(new Set(parsed.data.map((r) => r.row)).size).toBe(120);

    const errors = (await (await get(`/v1/sentiment/batches/${batchId}/errors`)).json()) as {
      items: unknown[];
    };
    expect(errors.items).toHaveLength(2);
  });

  it('accepts a raw JSONL body with a trained model by name', async () => {
    const jsonl = [
      JSON.stringify({ text: 'excellent, love it' }),
      '{not json',
      JSON.stringify({ text: 'awful and terrible' }),
      JSON.stringify({ other: 'no text field' }),
    ].join('\n');
    const response = await fetch(`${server.url}/v1/sentiment/batches?model=tiny-en`, {
      method: 'POST',
      headers: { ...server.auth, 'content-type': 'application/x-ndjson' },
      body: jsonl,
    });
    expect(response.status).toBe(202);
    const done = await waitForBatch(((await response.json()) as BatchView).id);
    expect(done.status).toBe('succeeded');
    expect(done.progress.rowsMalformed).toBe(2);
    expect(done.malformed!.sample.map((e) => e.rowNo)).toEqual([2, 4]);
    expect(done.aggregates!.labels).toEqual({ positive: 1, negative: 1 });
  });

  it('refuses a CSV without the text column and an unknown model before storing anything', async () => {
    const missing = await uploadBatch('a,b\n1,2\n', 'x.csv', { textColumn: 'comment' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('batch_column_missing');
    const unknown = await uploadBatch(csv, 'x.csv', { textColumn: 'comment', model: 'nope' });
    expect(unknown.status).toBe(404);
  });

  it('cancels a batch: no further chunks are processed', async () => {
    const big = Papa.unparse([
      ['text'],
      ...Array.from({ length: 3000 }, (_, i) => [
        `Review number ${i}: the product was ${i % 2 ? 'great' : 'bad'}.`,
      ]),
    ]);
    const response = await uploadBatch(big, 'big.csv', {});
    const { id } = (await response.json()) as BatchView;
    const cancelled = await post(`/v1/sentiment/batches/${id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as BatchView).status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const first = (await (await get(`/v1/sentiment/batches/${id}`)).json()) as BatchView;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = (await (await get(`/v1/sentiment/batches/${id}`)).json()) as BatchView;
    expect(second.status).toBe('cancelled');
    expect(second.progress.rowsDone).toBe(first.progress.rowsDone);
    expect(second.progress.rowsDone).toBeLessThan(3000);
  });

  it("hides another tenant's batch", async () => {
    const missing = await get('/v1/sentiment/batches/sbat_doesnotexist');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('batch_not_found');
  });
});

describe('batch row limit', () => {
  let small: TestServer;

  beforeAll(async () => {
    small = await startTestServer({ SENTIMENT_BATCH_MAX_ROWS: '100', SENTIMENT_BATCH_CHUNK_ROWS: '20' });
  });

  afterAll(async () => {
    await small?.stop();
    if (small) await removeTestData(small);
  });

  const upload = (rows: number) =>
    fetch(`${small.url}/v1/sentiment/batches`, {
      method: 'POST',
      headers: { ...small.auth, 'content-type': 'text/csv', 'idempotency-key': 'limit-1' },
      body: ['text', ...Array.from({ length: rows }, (_, i) => `comment ${i} was good`)].join('\n'),
    });

  it('refuses an upload over the row limit, and a retry with the same key and fewer rows succeeds', async () => {
    const tooBig = await upload(101);
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { error: { code: string } }).error.code).toBe('batch_too_many_rows');
    // The failed upload left nothing behind that blocks the key.
    const retry = await upload(100);
    expect(retry.status).toBe(202);
    const body = (await retry.json()) as BatchView;
    expect(body.progress.rowsTotal).toBe(100);
    const { rows } = await small.container.db.query<{ n: number }>(
      'select count(*)::int as n from sentiment_batches',
    );
    expect(rows[0]?.n).toBe(1);
  });
});
