import { randomBytes } from 'node:crypto';
import { AppError, sha256Hex } from '@grounded/core';
import type { Queryable } from '@grounded/storage';
import { constantTimeEqual } from './secrets';
import type { Caller, Role } from './types';

/**
 * API keys look like `gk_<id>_<secret>`. Only sha256(secret) is stored, so a database leak does
 * not leak usable keys; the id part lets us find the row without scanning.
 */
const KEY_PATTERN = /^gk_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  role: Role;
  principals: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  rotatedFrom: string | null;
  /** Stays the same across rotations: what the key created (conversations) stays its own. */
  subjectId: string;
}

export interface NewApiKey {
  tenantId: string;
  name: string;
  role: Role;
  principals?: string[] | undefined;
  expiresAt?: string | null | undefined;
}

interface ApiKeyRow {
  id: string;
  tenant_id: string;
  name: string;
  role: Role;
  principals: string[];
  secret_hash: string;
  created_at: Date | string;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
  rotated_from: string | null;
  subject_id: string | null;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    role: row.role,
    principals: row.principals,
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
    rotatedFrom: row.rotated_from,
    subjectId: row.subject_id ?? row.id,
  };
}

export class ApiKeyService {
  constructor(private readonly db: Queryable) {}

  /** Returns the key in clear exactly once; it cannot be recovered later. */
  async create(
    input: NewApiKey,
    rotatedFrom: Pick<ApiKeyRecord, 'id' | 'subjectId'> | null = null,
  ): Promise<{ key: string; record: ApiKeyRecord }> {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const { rows } = await this.db.query<ApiKeyRow>(
      `insert into api_keys (id, tenant_id, name, role, principals, secret_hash, expires_at, rotated_from, subject_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
      [
        id,
        input.tenantId,
        input.name,
        input.role,
        input.principals ?? [],
        sha256Hex(secret),
        input.expiresAt ?? null,
        rotatedFrom?.id ?? null,
        rotatedFrom?.subjectId ?? id,
      ],
    );
    return { key: `gk_${id}_${secret}`, record: toRecord(rows[0]!) };
  }

  /** Checks a presented key. Every failure is the same 'unauthorized', so keys cannot be probed. */
  async authenticate(presented: string): Promise<Caller> {
    const match = KEY_PATTERN.exec(presented);
    const denied = new AppError('unauthorized', 'the API key is not valid');
    if (!match) throw denied;
    const [, id, secret] = match;
    // No cache on purpose: a revoked key must be refused by every process immediately.
    const { rows } = await this.db.query<ApiKeyRow>('select * from api_keys where id = $1', [id]);
    const row = rows[0];
    if (!row || !constantTimeEqual(row.secret_hash, sha256Hex(secret!))) throw denied;
    if (row.revoked_at !== null) throw new AppError('unauthorized', 'the API key has been revoked');
    if (row.expires_at !== null && new Date(row.expires_at).getTime() <= Date.now()) {
      throw new AppError('unauthorized', 'the API key has expired');
    }
    // Best effort, and at most once a minute per key, so authentication stays one cheap query:
    // the row just read says when it was last written, so most requests send no update at all.
    const lastUsed = row.last_used_at === null ? null : new Date(row.last_used_at).getTime();
    if (lastUsed === null || Date.now() - lastUsed >= 60_000) {
      void this.db
        .query(
          `update api_keys set last_used_at = now()
           where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
          [row.id],
        )
        .catch(() => undefined);
    }
    return {
      tenantId: row.tenant_id,
      role: row.role,
      credentialId: row.id,
      subjectId: row.subject_id ?? row.id,
      ...(row.role === 'admin' ? {} : { principals: row.principals }),
    };
  }

  async list(
    tenantId: string,
    options: { limit: number; after?: string | undefined },
  ): Promise<ApiKeyRecord[]> {
    const { rows } = await this.db.query<ApiKeyRow>(
      `select * from api_keys where tenant_id = $1 and ($2::text is null or id > $2) order by id limit $3`,
      [tenantId, options.after ?? null, options.limit],
    );
    return rows.map(toRecord);
  }

  async revoke(tenantId: string, id: string): Promise<ApiKeyRecord> {
    const { rows } = await this.db.query<ApiKeyRow>(
      `update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 and tenant_id = $2 returning *`,
      [id, tenantId],
    );
    if (!rows[0]) throw new AppError('not_found', `API key ${id} does not exist`);
    return toRecord(rows[0]);
  }

  /** A new key with the same name, role and principals; the old one is revoked at once. */
  async rotate(tenantId: string, id: string): Promise<{ key: string; record: ApiKeyRecord }> {
    const old = await this.revoke(tenantId, id);
    return this.create(
      { tenantId, name: old.name, role: old.role, principals: old.principals, expiresAt: old.expiresAt },
      old,
    );
  }

  async countForTenant(tenantId: string): Promise<number> {
    const { rows } = await this.db.query<{ n: string | number }>(
      'select count(*) as n from api_keys where tenant_id = $1 and revoked_at is null',
      [tenantId],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
