import type { Queryable } from '@grounded/storage';
import { describe, expect, it } from 'vitest';
import { type DocumentCopies, removeDocumentCopies } from './document-copies';

/** A transaction that only counts statements: the removers below never reach a database. */
const tx: Queryable = {
  query: async () => ({ rows: [], rowCount: 0 }) as never,
  exec: async () => undefined as never,
};

describe('removeDocumentCopies', () => {
  it('does not scan the delivery log when a replacement redacted no answer', async () => {
    const calls: string[] = [];
    const copies: DocumentCopies = {
      answers: async () => {
        calls.push('answers');
        return [];
      },
      summaries: async () => {
        calls.push('summaries');
        return [];
      },
      events: async () => {
        calls.push('events');
        return [];
      },
    };
    const removed = await removeDocumentCopies(tx, copies, 't', {
      documentIds: ['doc_1'],
      replacement: { text: 'new text' },
    });
    expect(removed.deliveriesRedacted).toEqual([]);
    expect(calls).toEqual(['answers', 'summaries']);

    // An answer was redacted: the payloads quoting it go, keyed by its id only.
    const quoted: unknown[] = [];
    await removeDocumentCopies(
      tx,
      {
        answers: async () => ['msg_1'],
        events: async (_tx, _tenant, q) => {
          quoted.push(q);
          return [];
        },
      },
      't',
      { documentIds: ['doc_1'], replacement: { text: 'new text' } },
    );
    expect(quoted).toEqual([{ documentIds: [], messageIds: ['msg_1'] }]);
  });

  it('runs no remover for no documents', async () => {
    let called = false;
    const mark = async () => {
      called = true;
      return [];
    };
    await removeDocumentCopies(tx, { answers: mark, summaries: mark, events: mark }, 't', {
      documentIds: [],
    });
    expect(called).toBe(false);
  });
});
