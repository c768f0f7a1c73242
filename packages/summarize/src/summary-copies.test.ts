import type { Database } from '@grounded/storage';
import { openTestDatabase, type TestDatabase } from '@grounded/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeSummariesOf, SUMMARIZE_JOB } from './summarize-service';

let opened: TestDatabase;
let db: Database;

beforeAll(async () => {
  opened = await openTestDatabase('summary_copies');
  db = opened.db;
}, 60_000);

afterAll(async () => {
  await opened?.close();
});

const KEPT = 'Contact IT for help.';

describe('replacing a summarized document', () => {
  it('keeps a summary whose spans survive, without the dropped sentences that may restate lost text', async () => {
    const result = {
      method: 'abstractive',
      summary: 'Contact IT for help.',
      sentences: [{ text: 'Contact IT for help.', sources: [{ start: 25, end: 45, text: KEPT }] }],
      dropped: ['The access code is 1234.'],
    };
    await db.query(
      `insert into jobs (id, kind, status, tenant_id, payload, result)
       values ('j1', $1, 'succeeded', 'default', $2::jsonb, $3::jsonb)`,
      [
        SUMMARIZE_JOB,
        JSON.stringify({ source: { kind: 'document', documentId: 'd1' } }),
        JSON.stringify(result),
      ],
    );
    const removed = await db.transaction((tx) =>
      removeSummariesOf(tx, 'default', {
        documentIds: ['d1'],
        replacement: { text: `The access code was rotated. ${KEPT}` },
      }),
    );
    expect(removed).toEqual([]);
    const { rows } = await db.query<{ result: Record<string, unknown> }>(
      "select result from jobs where id = 'j1'",
    );
    expect(rows[0]?.result.sentences).toEqual(result.sentences);
    expect(JSON.stringify(rows[0]?.result)).not.toContain('1234');
  });
});
