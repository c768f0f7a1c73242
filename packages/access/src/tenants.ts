import { AppError } from '@grounded/core';
import type { Queryable } from '@grounded/storage';

export interface Tenant {
  id: string;
  name: string;
  createdAt: string;
}

export class TenantsRepo {
  constructor(private readonly db: Queryable) {}

  async ensure(id: string, name = id): Promise<Tenant> {
    if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(id)) {
      throw new AppError('validation_failed', 'a tenant id is 1-63 lowercase letters, digits, - or _');
    }
    await this.db.query('insert into tenants (id, name) values ($1, $2) on conflict (id) do nothing', [
      id,
      name,
    ]);
    const { rows } = await this.db.query<{ id: string; name: string; created_at: Date | string }>(
      'select * from tenants where id = $1',
      [id],
    );
    const row = rows[0]!;
    return { id: row.id, name: row.name, createdAt: new Date(row.created_at).toISOString() };
  }
}
