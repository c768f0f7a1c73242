import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readUploadRows, type UploadRow } from './sentiment-upload-rows';

async function collect(input: string, options: Parameters<typeof readUploadRows>[1]): Promise<UploadRow[]> {
  const rows: UploadRow[] = [];
  for await (const row of readUploadRows(Readable.from([Buffer.from(input)]), options)) rows.push(row);
  return rows;
}

describe('readUploadRows', () => {
  it('reads CSV with quotes, embedded newlines, a BOM, metadata, ids and dates', async () => {
    const csv =
      '\uFEFFid,text,store,day\n1,"Great, really ""great""",north,2024-05-01\n2,"two\nlines",south,2024-05-02T23:00:00Z\n';
    const rows = await collect(csv, {
      format: 'csv',
      textColumn: 'text',
      idColumn: 'id',
      metadataColumns: ['store'],
      dateColumn: 'day',
    });
    expect(rows).toEqual([
      {
        ok: true,
        rowNo: 1,
        externalId: '1',
        text: 'Great, really "great"',
        metadata: { store: 'north' },
        date: '2024-05-01',
      },
      {
        ok: true,
        rowNo: 2,
        externalId: '2',
        text: 'two\nlines',
        metadata: { store: 'south' },
        date: '2024-05-02',
      },
    ]);
  });

  it('takes a column named id as the row id when no idColumn is given (CSV and JSONL)', async () => {
    const csv = await collect('id,text\nA-7,fine\n', { format: 'csv', textColumn: 'text' });
    expect(csv).toMatchObject([{ ok: true, externalId: 'A-7' }]);
    const jsonl = await collect('{"id":42,"text":"fine"}\n{"text":"no id"}\n', {
      format: 'jsonl',
      textColumn: 'text',
    });
    expect(jsonl).toMatchObject([
      { ok: true, externalId: '42' },
      { ok: true, externalId: null },
    ]);
    // A named idColumn still wins.
    const named = await collect('id,ref,text\n1,R1,fine\n', {
      format: 'csv',
      textColumn: 'text',
      idColumn: 'ref',
    });
    expect(named).toMatchObject([{ ok: true, externalId: 'R1' }]);
  });

  it('records malformed CSV rows with their row number and goes on', async () => {
    const csv =
      'text,day\nfine,2024-01-01\n,2024-01-01\ntoo,many,fields\nshort\nbad date,yesterday-ish\nlast,\n';
    const rows = await collect(csv, { format: 'csv', textColumn: 'text', dateColumn: 'day' });
    expect(rows.map((r) => (r.ok ? `${r.rowNo}:ok` : `${r.rowNo}:${r.reason}`))).toEqual([
      '1:ok',
      "2:'text' is empty",
      '3:the row has more fields than the header',
      // A short row still has its text; only the date is missing, which is allowed.
      '4:ok',
      "5:'day' is not a date: yesterday-ish",
      '6:ok',
    ]);
  });

  it('refuses a CSV whose header lacks a requested column', async () => {
    await expect(collect('a,b\n1,2\n', { format: 'csv', textColumn: 'text' })).rejects.toMatchObject({
      code: 'batch_column_missing',
    });
  });

  it('reads JSONL, skipping blank lines, and records bad JSON and missing fields', async () => {
    const jsonl = '{"text":"a","meta":{"k":1}}\n\n{oops\n{"body":"x"}\n{"text":42,"meta":"m"}\n';
    const rows = await collect(jsonl, { format: 'jsonl', textColumn: 'text', metadataColumns: ['meta'] });
    expect(rows).toMatchObject([
      { ok: true, rowNo: 1, text: 'a', metadata: { meta: '{"k":1}' } },
      { ok: false, rowNo: 2, reason: expect.stringMatching(/^not valid JSON/) },
      { ok: false, rowNo: 3, reason: "no 'text' field" },
      { ok: true, rowNo: 4, text: '42', metadata: { meta: 'm' } },
    ]);
  });

  it('streams: the first row comes out long before the input has been produced', async () => {
    const total = 50_000;
    let produced = 0;
    function* lines(): Generator<string> {
      yield 'text\n';
      for (let i = 0; i < total; i++) {
        produced++;
        yield `row number ${i}\n`;
      }
    }
    const input = Readable.from(lines());
    let producedAtFirst = -1;
    let count = 0;
    for await (const row of readUploadRows(input, { format: 'csv', textColumn: 'text' })) {
      if (count === 0) producedAtFirst = produced;
      count++;
      expect(row.ok).toBe(true);
    }
    expect(count).toBe(total);
    expect(producedAtFirst).toBeGreaterThan(0);
    expect(producedAtFirst).toBeLessThan(total / 4);
  });
});
