import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '@grounded/storage';

/**
 * A secret shared by every process of a deployment (API and workers), created once in Postgres.
 * Concurrent first starts race on the insert; `on conflict do nothing` + re-read makes them agree.
 */
export async function loadOrCreateSecret(db: Queryable, name: string, bytes = 32): Promise<Buffer> {
  await db.query('insert into server_secrets (name, value) values ($1, $2) on conflict (name) do nothing', [
    name,
    randomBytes(bytes),
  ]);
  const { rows } = await db.query<{ value: Uint8Array }>('select value from server_secrets where name = $1', [
    name,
  ]);
  return Buffer.from(rows[0]!.value);
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
