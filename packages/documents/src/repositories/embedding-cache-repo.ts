import type { Queryable } from '@grounded/storage';
import { vectorFromBase64, vectorToBase64 } from '../vector-codec';

/** Lookups and writes per statement: a bound on the parameter list and on one statement's time. */
const LOOKUP_BATCH = 500;

/**
 * Vectors by the sha256 of the exact text embedded, per tenant and embedder (issue #16): survives
 * a crashed ingestion (its finished batches are reused on retry) and deduplicates across the
 * tenant's documents and collections that share an embedder. Each row belongs to the document
 * that embedded it and is deleted with it (migration 0014).
 */
export class EmbeddingCacheRepo {
  constructor(private readonly db: Queryable) {}

  async find(
    scope: { tenantId: string; embedderId: string },
    textHashes: readonly string[],
  ): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    for (let i = 0; i < textHashes.length; i += LOOKUP_BATCH) {
      const { rows } = await this.db.query<{ text_hash: string; embedding: string }>(
        `select text_hash, encode(embedding, 'base64') as embedding from embedding_cache
         where tenant_id = $1 and embedder_id = $2 and text_hash = any($3::text[])`,
        [scope.tenantId, scope.embedderId, textHashes.slice(i, i + LOOKUP_BATCH)],
      );
      for (const row of rows) found.set(row.text_hash, vectorFromBase64(row.embedding));
    }
    return found;
  }

  /** One multi-row statement per call, owned by `documentId`; a text it already cached keeps its first vector. */
  async store(
    scope: { tenantId: string; embedderId: string; documentId: string },
    entries: ReadonlyArray<{ textHash: string; vector: Float32Array }>,
  ): Promise<void> {
    if (entries.length === 0) return;
    const params: unknown[] = [scope.tenantId, scope.embedderId, scope.documentId];
    const rows = entries.map((entry) => {
      params.push(entry.textHash, vectorToBase64(entry.vector));
      return `($1, $2, $${params.length - 1}, decode($${params.length}, 'base64'), $3)`;
    });
    await this.db.query(
      `insert into embedding_cache (tenant_id, embedder_id, text_hash, embedding, document_id)
       values ${rows.join(', ')} on conflict do nothing`,
      params,
    );
  }
}
