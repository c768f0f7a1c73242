import path from 'node:path';
import { repoRoot } from '@grounded/core';
import { createPgliteDatabase, type Database, runMigrations } from '@grounded/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyService } from './api-keys';
import { loadOrCreateSecret } from './secrets';
import { TenantsRepo } from './tenants';
import { WidgetTokenService } from './widget-tokens';

let db: Database;
beforeAll(async () => {
  db = await createPgliteDatabase();
  await runMigrations(db, { dir: path.join(repoRoot(), 'migrations') });
  await new TenantsRepo(db).ensure('acme');
});
afterAll(async () => db?.close());

describe('ApiKeyService', () => {
  it('stores only a hash, authenticates the key, and refuses it once revoked', async () => {
    const keys = new ApiKeyService(db);
    const { key, record } = await keys.create({
      tenantId: 'acme',
      name: 'support',
      role: 'agent',
      principals: ['g:support'],
    });
    const { rows } = await db.query<{ secret_hash: string }>(
      'select secret_hash from api_keys where id = $1',
      [record.id],
    );
    // The secret is everything after 'gk_<16 hex>_' (it may itself contain '_').
    expect(rows[0]!.secret_hash).not.toContain(key.slice('gk_'.length + 17));
    expect(await keys.authenticate(key)).toMatchObject({
      tenantId: 'acme',
      role: 'agent',
      principals: ['g:support'],
    });
    await keys.revoke('acme', record.id);
    await expect(keys.authenticate(key)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('refuses malformed, unknown, tampered and expired keys alike', async () => {
    const keys = new ApiKeyService(db);
    const { key } = await keys.create({ tenantId: 'acme', name: 'x', role: 'agent' });
    const tampered = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of ['', 'nope', tampered, `gk_0000000000000000_${'a'.repeat(43)}`]) {
      await expect(keys.authenticate(bad)).rejects.toMatchObject({ code: 'unauthorized' });
    }
    const { key: expired } = await keys.create({
      tenantId: 'acme',
      name: 'old',
      role: 'agent',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    await expect(keys.authenticate(expired)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('rotates: the new key works and the old one stops at once', async () => {
    const keys = new ApiKeyService(db);
    const { key, record } = await keys.create({ tenantId: 'acme', name: 'rot', role: 'admin' });
    const rotated = await keys.rotate('acme', record.id);
    expect(rotated.record.rotatedFrom).toBe(record.id);
    expect((await keys.authenticate(rotated.key)).role).toBe('admin');
    await expect(keys.authenticate(key)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('admin keys are unrestricted; other keys carry their principals', async () => {
    const keys = new ApiKeyService(db);
    const admin = await keys.authenticate(
      (await keys.create({ tenantId: 'acme', name: 'a', role: 'admin' })).key,
    );
    expect(admin.principals).toBeUndefined();
    const agent = await keys.authenticate(
      (await keys.create({ tenantId: 'acme', name: 'b', role: 'agent' })).key,
    );
    expect(agent.principals).toEqual([]);
  });
});

describe('WidgetTokenService', () => {
  it('binds a token to its collection and origins, and expires it', async () => {
    const secret = await loadOrCreateSecret(db, 'widget');
    expect(await loadOrCreateSecret(db, 'widget')).toEqual(secret);
    let now = Date.now();
    const tokens = new WidgetTokenService(secret, () => now);
    const { token } = tokens.mint({
      tenantId: 'acme',
      collectionId: 'col_1',
      origins: ['https://shop.example.com/'],
      ttlSeconds: 60,
    });
    expect(tokens.verify(token, 'https://shop.example.com')).toMatchObject({
      tenantId: 'acme',
      role: 'widget',
      collectionId: 'col_1',
      principals: [],
    });
    expect(() => tokens.verify(token, 'https://evil.example.com')).toThrow(/origin/);
    expect(() => tokens.verify(token, undefined)).toThrow(/origin/);
    const other = new WidgetTokenService(Buffer.alloc(32, 7), () => now);
    expect(() => other.verify(token, 'https://shop.example.com')).toThrow(/not valid/);
    now += 61_000;
    expect(() => tokens.verify(token, 'https://shop.example.com')).toThrow(/expired/);
  });
});
