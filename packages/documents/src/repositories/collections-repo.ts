import { AppError, newId } from '@grounded/core';
import type { Queryable } from '@grounded/storage';
import type { EmbedderSpec } from '../embedders';

export interface Collection {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  embedderId: string;
  embeddingDimension: number;
  /**
   * The settings of the embedder that built the vectors, when they were re-embedded (issue #17);
   * null when the server's configured embedder built them.
   */
  embedderSpec: EmbedderSpec | null;
  /** The re-embedding job in progress, if any. */
  reembedJobId: string | null;
  settings: Record<string, unknown>;
  createdAt: string;
}

interface CollectionRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  embedder_id: string;
  embedding_dimension: number;
  embedder_spec: EmbedderSpec | null;
  reembed_job_id: string | null;
  settings: Record<string, unknown>;
  created_at: Date | string;
}

function toCollection(row: CollectionRow): Collection {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    description: row.description,
    embedderId: row.embedder_id,
    embeddingDimension: row.embedding_dimension,
    embedderSpec: row.embedder_spec ?? null,
    reembedJobId: row.reembed_job_id ?? null,
    settings: row.settings,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export interface NewCollection {
  /** Normally generated; fixed only for well-known collections such as the demo. */
  id?: string;
  tenantId: string;
  name: string;
  description?: string | null;
  embedderId: string;
  embeddingDimension: number;
  settings?: Record<string, unknown>;
}

export class CollectionsRepo {
  constructor(private readonly db: Queryable) {}

  async create(input: NewCollection): Promise<Collection> {
    const { rows } = await this.db.query<CollectionRow>(
      `insert into collections (id, tenant_id, name, description, embedder_id, embedding_dimension, settings)
       values ($1, $2, $3, $4, $5, $6, $7) returning *`,
      [
        input.id ?? newId('col'),
        input.tenantId,
        input.name,
        input.description ?? null,
        input.embedderId,
        input.embeddingDimension,
        JSON.stringify(input.settings ?? {}),
      ],
    );
    return toCollection(rows[0]!);
  }

  async find(tenantId: string, id: string): Promise<Collection | null> {
    const { rows } = await this.db.query<CollectionRow>(
      'select * from collections where id = $1 and tenant_id = $2',
      [id, tenantId],
    );
    return rows[0] ? toCollection(rows[0]) : null;
  }

  async get(tenantId: string, id: string): Promise<Collection> {
    const found = await this.find(tenantId, id);
    if (!found) throw new AppError('collection_not_found', `collection ${id} does not exist`);
    return found;
  }

  async findByName(tenantId: string, name: string): Promise<Collection | null> {
    const { rows } = await this.db.query<CollectionRow>(
      'select * from collections where tenant_id = $1 and name = $2',
      [tenantId, name],
    );
    return rows[0] ? toCollection(rows[0]) : null;
  }

  /** Keyset pagination by (created_at, id), newest last. */
  async list(
    tenantId: string,
    options: { limit: number; after?: string | undefined },
  ): Promise<Collection[]> {
    const { rows } = await this.db.query<CollectionRow>(
      `select * from collections where tenant_id = $1 and ($2::text is null or id > $2)
       order by id limit $3`,
      [tenantId, options.after ?? null, options.limit],
    );
    return rows.map(toCollection);
  }

  /** Every collection of every tenant: used at start-up to load or rebuild indexes. */
  async all(): Promise<Collection[]> {
    const { rows } = await this.db.query<CollectionRow>('select * from collections order by id');
    return rows.map(toCollection);
  }

  /**
   * Sets some keys of the collection's settings and removes others, keeping the rest, in one
   * statement; null when there is no such collection.
   */
  async mergeSettings(
    tenantId: string,
    id: string,
    patch: Record<string, unknown>,
    remove: readonly string[] = [],
  ): Promise<Collection | null> {
    const { rows } = await this.db.query<CollectionRow>(
      `update collections set settings = (settings || $3::jsonb) - $4::text[]
        where id = $1 and tenant_id = $2 returning *`,
      [id, tenantId, JSON.stringify(patch), [...remove]],
    );
    return rows[0] ? toCollection(rows[0]) : null;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('delete from collections where id = $1 and tenant_id = $2', [
      id,
      tenantId,
    ]);
    return rowCount > 0;
  }
}
