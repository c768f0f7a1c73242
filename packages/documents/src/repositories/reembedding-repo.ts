import type { Queryable } from '@grounded/storage';
import type { EmbedderSpec } from '../embedders';
import { decodeVector, encodeVector } from '../vector-codec';
import { type IndexableChunk, LIVE } from './chunks-repo';

/** A chunk as the re-embedding job reads it: with its vector of the next generation, if staged. */
export interface ReembedChunk extends IndexableChunk {
  contentHash: string;
  /** Null until the job embedded this chunk's present text with the target embedder. */
  staged: Float32Array | null;
}

interface Row {
  id: string;
  document_id: string;
  tenant_id: string;
  text: string;
  heading_path: string[];
  content_hash: string;
  embedding: Uint8Array;
  staged: Uint8Array | null;
  allowed_principals: string[];
  tags: string[];
  document_date: Date | string | null;
  metadata: Record<string, unknown>;
  title: string | null;
}

function toChunk(row: Row): ReembedChunk {
  const staged = row.staged ? decodeVector(row.staged) : null;
  return {
    id: row.id,
    documentId: row.document_id,
    tenantId: row.tenant_id,
    text: row.text,
    headingPath: row.heading_path,
    contentHash: row.content_hash,
    // The index being built holds the next generation; chunks not staged yet are not indexed.
    vector: staged ?? decodeVector(row.embedding),
    staged,
    allowedPrincipals: row.allowed_principals,
    tags: row.tags,
    documentDate: row.document_date === null ? null : new Date(row.document_date).getTime(),
    metadata: row.metadata,
    title: row.title,
  };
}

// A staged vector counts only while the chunk's text is the one it was embedded from.
const SELECT = `select c.id, c.document_id, c.tenant_id, c.text, c.heading_path, c.content_hash, c.embedding,
  r.embedding as staged, d.allowed_principals, d.tags, d.document_date, d.metadata, d.title
  from chunks c join documents d on d.id = c.document_id
  left join reembedding_vectors r on r.chunk_id = c.id and r.embedder_id = $2 and r.content_hash = c.content_hash
  where ${LIVE}`;

/** The next generation of a collection's vectors (`reembedding_vectors`), and the swap to it. */
export class ReembeddingRepo {
  constructor(private readonly db: Queryable) {}

  /** Pages through the collection's chunks by id, each with its staged vector or null. */
  async page(
    collectionId: string,
    embedderId: string,
    after: string,
    limit: number,
  ): Promise<ReembedChunk[]> {
    const { rows } = await this.db.query<Row>(
      `${SELECT} and c.collection_id = $1 and c.id > $3 order by c.id limit $4`,
      [collectionId, embedderId, after, limit],
    );
    return rows.map(toChunk);
  }

  /** Chunks with no staged vector yet: added or changed since the job read them. */
  async unstaged(collectionId: string, embedderId: string, limit: number): Promise<ReembedChunk[]> {
    const { rows } = await this.db.query<Row>(
      `${SELECT} and c.collection_id = $1 and r.chunk_id is null order by c.id limit $3`,
      [collectionId, embedderId, limit],
    );
    return rows.map(toChunk);
  }

  async stage(
    collectionId: string,
    embedderId: string,
    vectors: readonly { chunkId: string; contentHash: string; vector: Float32Array }[],
  ): Promise<void> {
    for (const { chunkId, contentHash, vector } of vectors) {
      // A chunk deleted since it was read is skipped rather than failing the foreign key.
      await this.db.query(
        `insert into reembedding_vectors (chunk_id, collection_id, embedder_id, content_hash, embedding)
         select $1, $2, $3, $4, $5 where exists (select 1 from chunks where id = $1)
         on conflict (chunk_id) do update set embedder_id = excluded.embedder_id,
           content_hash = excluded.content_hash, embedding = excluded.embedding`,
        [chunkId, collectionId, embedderId, contentHash, encodeVector(vector)],
      );
    }
  }

  /** Staged vectors of other embedders: left by a cancelled or abandoned re-embedding. */
  async discardOthers(collectionId: string, embedderId: string): Promise<void> {
    await this.db.query('delete from reembedding_vectors where collection_id = $1 and embedder_id <> $2', [
      collectionId,
      embedderId,
    ]);
  }

  async discard(collectionId: string): Promise<void> {
    await this.db.query('delete from reembedding_vectors where collection_id = $1', [collectionId]);
  }

  /** Marks the collection's re-embedding job; false when another live job holds it. */
  async claim(collectionId: string, jobId: string, holderIsLive: (jobId: string) => Promise<boolean>) {
    const { rows } = await this.db.query<{ reembed_job_id: string | null }>(
      'select reembed_job_id from collections where id = $1',
      [collectionId],
    );
    const holder = rows[0]?.reembed_job_id ?? null;
    if (holder && holder !== jobId && (await holderIsLive(holder))) return false;
    const { rowCount } = await this.db.query(
      `update collections set reembed_job_id = $2
       where id = $1 and reembed_job_id is not distinct from $3`,
      [collectionId, jobId, holder],
    );
    return rowCount > 0;
  }

  /** Clears the marker, if this job still holds it. */
  async release(collectionId: string, jobId: string): Promise<void> {
    await this.db.query(
      'update collections set reembed_job_id = null where id = $1 and reembed_job_id = $2',
      [collectionId, jobId],
    );
  }

  async holder(collectionId: string): Promise<string | null> {
    const { rows } = await this.db.query<{ reembed_job_id: string | null }>(
      'select reembed_job_id from collections where id = $1',
      [collectionId],
    );
    return rows[0]?.reembed_job_id ?? null;
  }

  /**
   * The swap, inside the caller's transaction (which holds the collection's change-log lock):
   * every chunk takes its staged vector, the collection its new embedder, and the old vectors
   * are gone. The caller has staged a vector for every chunk first.
   */
  async swap(
    collectionId: string,
    jobId: string,
    target: { embedderId: string; dimension: number; spec: EmbedderSpec },
  ): Promise<{ updated: number }> {
    const { rowCount } = await this.db.query(
      `update chunks c set embedding = r.embedding from reembedding_vectors r
       where r.chunk_id = c.id and c.collection_id = $1 and r.embedder_id = $2 and r.content_hash = c.content_hash`,
      [collectionId, target.embedderId],
    );
    await this.db.query(
      `update collections set embedder_id = $2, embedding_dimension = $3, embedder_spec = $4::jsonb,
         reembed_job_id = null
       where id = $1 and reembed_job_id = $5`,
      [collectionId, target.embedderId, target.dimension, JSON.stringify(target.spec), jobId],
    );
    await this.discard(collectionId);
    return { updated: rowCount };
  }
}
