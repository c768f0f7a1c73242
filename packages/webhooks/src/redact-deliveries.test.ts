import type { Queryable } from '@grounded/storage';
import { describe, expect, it } from 'vitest';
import { redactDeliveriesOfConversations, redactDeliveriesQuoting } from './redact-deliveries';

describe('redacting deliveries', () => {
  it('runs no statement (no scan of the delivery log) when there is nothing to match', async () => {
    const statements: string[] = [];
    const tx: Queryable = {
      query: async (sql: string) => {
        statements.push(sql);
        return { rows: [], rowCount: 0 } as never;
      },
      exec: async () => undefined as never,
    };
    expect(await redactDeliveriesQuoting(tx, 't', { documentIds: [], messageIds: [] })).toEqual([]);
    expect(await redactDeliveriesOfConversations(tx, 't', [])).toEqual([]);
    expect(statements).toEqual([]);
    await redactDeliveriesQuoting(tx, 't', { documentIds: [], messageIds: ['msg_1'] });
    expect(statements).toHaveLength(1);
  });
});
