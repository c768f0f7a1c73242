import { AppError } from '@grounded/core';
import type { Queryable } from '@grounded/storage';
import { vectorFromBase64, vectorToBase64 } from '../vector-codec';
import { READABLE_BY } from './documents-repo';

export interface StoredChunk {
  id: string;
  ordinal: number;
  text: string;
  start: number;
  end: number;
  page: number | null;
  headingPath: string[];
  parentId: string | null;
  tokenCount: number;
  contentHash: string;
  vector: Float32Array;
  flags?: { injection?: boolean };
}

export interface StoredParent {
  id: string;
  text: string;
  start: number;
  end: number;
  page: number | null;
  headingPath: string[];
}

/** A chunk with what the index needs to filter it (the document's ACL, tags, date, metadata). */
export interface IndexableChunk {
  id: string;
  documentId: string;
  tenantId: string;
  text: string;
  headingPath: string[];
  vector: Float32Array;
  allowedPrincipals: string[];
  tags: string[];
  documentDate: number | null;
  metadata: Record<string, unknown>;
  title: string | null;
}

export interface ChunkView {
  id: string;
  documentId: string;
  collectionId: string;
  text: string;
  start: number;
  end: number;
  page: number | null;
  headingPath: string[];
  parentId: string | null;
  documentTitle: string | null;
  filename: string | null;
  flags: { injection?: boolean };
}

export interface ChunkChange {
  seq: number;
  chunkId: string;
  op: 'upsert' | 'delete';
}

interface IndexRow {
  id: string;
  document_id: string;
  tenant_id: string;
  text: string;
  heading_path: string[];
  /** base64 */
  embedding: string;
  allowed_principals: string[];
  tags: string[];
  document_date: Date | string | null;
  metadata: Record<string, unknown>;
  title: string | null;
}

function toIndexable(row: IndexRow): IndexableChunk {
  return {
    id: row.id,
    documentId: row.document_id,
    tenantId: row.tenant_id,
    text: row.text,
    headingPath: row.heading_path,
    vector: vectorFromBase64(row.embedding),
    allowedPrincipals: row.allowed_principals,
    tags: row.tags,
    documentDate: row.document_date === null ? null : new Date(row.document_date).getTime(),
    metadata: row.metadata,
    title: row.title,
  };
}

/** Rows per multi-row insert. */
const WRITE_PAGE = 100;

/** Appends `values` to `params` and returns their placeholders ($n). */
function placeholders(params: unknown[], values: readonly unknown[]): string[] {
  return values.map((value) => {
    params.push(value);
    return `$${params.length}`;
  });
}

/**
 * A chunk row is live while its generation is at most its document's (migration 0015). Rows an
 * ingestion writes ahead of its final transaction carry a newer one until it publishes them, so
 * every reader of `chunks c join documents d` filters on this.
 */
export const LIVE = 'c.generation <= d.chunk_generation';

// Vectors travel as base64 text: PGlite encodes and decodes bytea in JavaScript on the request
// thread, 10-20x slower than base64 (issue #16).
const INDEX_SELECT = `select c.id, c.document_id, c.tenant_id, c.text, c.heading_path, encode(c.embedding, 'base64') as embedding,
  d.allowed_principals, d.tags, d.document_date, d.metadata, d.title
  from chunks c join documents d on d.id = c.document_id
  where ${LIVE}`;

/** A stored chunk's place in its document's text. */
interface PositionRow {
  ordinal: number;
  start_offset: number;
  end_offset: number;
  page: number | null;
  heading_path: string[];
  parent_id: string | null;
  flags: Record<string, unknown> | null;
}

function samePosition(row: PositionRow, chunk: StoredChunk): boolean {
  return (
    row.ordinal === chunk.ordinal &&
    row.start_offset === chunk.start &&
    row.end_offset === chunk.end &&
    row.page === chunk.page &&
    row.parent_id === chunk.parentId &&
    JSON.stringify(row.heading_path) === JSON.stringify(chunk.headingPath) &&
    JSON.stringify(row.flags ?? {}) === JSON.stringify(chunk.flags ?? {})
  );
}

export class ChunksRepo {
  /**
   * `bulk` takes the long runs of statements (a document's staged writes, index rebuild pages):
   * pass `Database.background()`, so that on PGlite requests go first.
   */
  constructor(
    private readonly db: Queryable,
    private readonly bulk: Queryable = db,
  ) {}

  /** Vectors of the document's live chunks, by content hash: unchanged text is never re-embedded. */
  async embeddingsByContentHash(documentId: string): Promise<Map<string, Float32Array>> {
    const { rows } = await this.db.query<{ content_hash: string; embedding: string }>(
      `select distinct on (c.content_hash) c.content_hash, encode(c.embedding, 'base64') as embedding
       from chunks c join documents d on d.id = c.document_id where c.document_id = $1 and ${LIVE}`,
      [documentId],
    );
    return new Map(rows.map((row) => [row.content_hash, vectorFromBase64(row.embedding)]));
  }

  /** A generation no other ingestion attempt holds, for `stage` and `publish`. */
  async nextGeneration(): Promise<number> {
    const { rows } = await this.db.query<{ generation: string | number }>(
      "select nextval('chunk_generation_seq') as generation",
    );
    return Number(rows[0]!.generation);
  }

  /**
   * Claims the document's staging for `generation`, then writes the chunks it does not have live
   * yet, and its parents, outside any transaction: one statement per page, each holding PGlite's
   * single connection for a few ms, so chats and searches run between them (issue #16). The rows
   * stay invisible until `publish`. The newest attempt wins: a claim by a later generation or a
   * newer version of the document stops this one, whose pages then write nothing, and no page
   * overwrites a live row or a newer attempt's. Returns false when superseded.
   * `onPage` gets how many of `chunks` are in place.
   */
  async stage(
    target: { documentId: string; collectionId: string; tenantId: string; contentHash: string },
    chunks: readonly StoredChunk[],
    parents: readonly StoredParent[],
    generation: number,
    onPage?: (written: number) => Promise<void>,
  ): Promise<boolean> {
    const claimed = await this.bulk.query(
      `update documents set staging_generation = $3
       where id = $1 and content_hash = $2 and staging_generation < $3`,
      [target.documentId, target.contentHash, generation],
    );
    if (claimed.rowCount === 0) return false;
    const { rows: live } = await this.bulk.query<{ id: string }>(
      `select c.id from chunks c join documents d on d.id = c.document_id where c.document_id = $1 and ${LIVE}`,
      [target.documentId],
    );
    const liveIds = new Set(live.map((row) => row.id));
    const fresh = chunks.filter((chunk) => !liveIds.has(chunk.id));
    for (let i = 0; i < fresh.length; i += WRITE_PAGE) {
      const page = fresh.slice(i, i + WRITE_PAGE);
      const params: unknown[] = [target.documentId, target.collectionId, target.tenantId, generation];
      const values = page.map((chunk) => {
        const at = placeholders(params, [
          chunk.id,
          chunk.ordinal,
          chunk.text,
          chunk.start,
          chunk.end,
          chunk.page,
          chunk.headingPath,
          chunk.parentId,
          chunk.tokenCount,
          chunk.contentHash,
          vectorToBase64(chunk.vector),
          JSON.stringify(chunk.flags ?? {}),
        ]);
        return `(${at[0]}, ${at[1]}::int, ${at[2]}, ${at[3]}::int, ${at[4]}::int, ${at[5]}::int,
          ${at[6]}::text[], ${at[7]}, ${at[8]}::int, ${at[9]}, decode(${at[10]}, 'base64'), ${at[11]}::jsonb)`;
      });
      const written = await this.bulk.query(
        `insert into chunks (id, document_id, collection_id, tenant_id, ordinal, text, start_offset, end_offset,
           page, heading_path, parent_id, token_count, content_hash, embedding, flags, generation)
         select v.id, $1, $2, $3, v.ordinal, v.text, v.start_offset, v.end_offset, v.page, v.heading_path,
           v.parent_id, v.token_count, v.content_hash, v.embedding, v.flags, $4::bigint
         from (values ${values.join(', ')}) as v(id, ordinal, text, start_offset, end_offset, page, heading_path,
           parent_id, token_count, content_hash, embedding, flags)
         where exists (select 1 from documents where id = $1 and staging_generation = $4::bigint)
         on conflict (id) do update set ordinal = excluded.ordinal, start_offset = excluded.start_offset,
           end_offset = excluded.end_offset, page = excluded.page, heading_path = excluded.heading_path,
           parent_id = excluded.parent_id, flags = excluded.flags, embedding = excluded.embedding,
           generation = excluded.generation
         where chunks.generation < excluded.generation
           and chunks.generation > (select chunk_generation from documents where id = chunks.document_id)`,
        params,
      );
      // Fewer rows than sent: a newer attempt holds the claim (or wrote these rows).
      if (written.rowCount < page.length) return false;
      await onPage?.(chunks.length - fresh.length + i + page.length);
    }
    // Nothing reads parents by document yet; their ids are by content, so a kept one only moves.
    for (let i = 0; i < parents.length; i += WRITE_PAGE) {
      const params: unknown[] = [target.documentId, generation];
      const values = parents.slice(i, i + WRITE_PAGE).map((parent) => {
        const at = placeholders(params, [
          parent.id,
          parent.text,
          parent.start,
          parent.end,
          parent.page,
          parent.headingPath,
        ]);
        return `(${at[0]}, ${at[1]}, ${at[2]}::int, ${at[3]}::int, ${at[4]}::int, ${at[5]}::text[])`;
      });
      await this.bulk.query(
        `insert into chunk_parents (id, document_id, text, start_offset, end_offset, page, heading_path)
         select v.id, $1, v.text, v.start_offset, v.end_offset, v.page, v.heading_path
         from (values ${values.join(', ')}) as v(id, text, start_offset, end_offset, page, heading_path)
         where exists (select 1 from documents where id = $1 and staging_generation = $2::bigint)
         on conflict (id) do update set start_offset = excluded.start_offset, end_offset = excluded.end_offset,
           page = excluded.page, heading_path = excluded.heading_path`,
        params,
      );
    }
    return true;
  }

  /**
   * In the final transaction: makes exactly `chunks`
   * the document's live chunks — the rows staged as `generation` join the live rows it keeps — and
   * removes the rest, logging every index-relevant change. Vectors and text were written by
   * `stage`; a kept row is rewritten only when its position in the new text moved. Returns null
   * when a newer attempt holds the claim (this one is superseded).
   */
  async publish(
    tx: Queryable,
    target: { documentId: string; collectionId: string; tenantId: string },
    chunks: readonly StoredChunk[],
    generation: number,
  ): Promise<{ removed: string[]; upserted: string[] } | null> {
    const { rows: documents } = await tx.query<{
      chunk_generation: string | number;
      staging_generation: string | number;
    }>(
      // The row lock makes a newer attempt's claim (an update of this row) wait until we commit,
      // so its writes never land between the check below and our commit.
      'select chunk_generation, staging_generation from documents where id = $1 for update',
      [target.documentId],
    );
    if (!documents[0] || Number(documents[0].staging_generation) !== generation) return null;
    const liveGeneration = Number(documents[0].chunk_generation);
    // Everything but this attempt's own rows (the live ones it keeps or removes, and leftovers of
    // other attempts): for a new document, nothing. Its own rows are only counted, so that this
    // transaction reads ids, not tens of thousands of rows (issue #16).
    const { rows: existing } = await tx.query<PositionRow & { id: string; generation: string | number }>(
      `select id, generation, ordinal, start_offset, end_offset, page, heading_path, parent_id, flags
       from chunks where document_id = $1 and generation <> $2`,
      [target.documentId, generation],
    );
    const { rows: counted } = await tx.query<{ n: string | number }>(
      'select count(*) as n from chunks where document_id = $1 and generation = $2',
      [target.documentId, generation],
    );
    const live = new Map(
      existing.filter((row) => Number(row.generation) <= liveGeneration).map((row) => [row.id, row]),
    );
    const fresh = chunks.filter((chunk) => !live.has(chunk.id)).length;
    if (Number(counted[0]?.n ?? 0) !== fresh) {
      // Only the claim holder stages and publishes, so this means a bug, not a race to retry.
      throw new AppError('internal', 'staged chunks are missing at publish');
    }
    const ids = chunks.map((chunk) => chunk.id);
    const keep = new Set(ids);
    const removed = [...live.keys()].filter((id) => !keep.has(id));
    // The removed live rows, and rows of other attempts that are not part of this version.
    const gone = existing.map((row) => row.id).filter((id) => !keep.has(id));
    if (gone.length > 0) await tx.query('delete from chunks where id = any($1::text[])', [gone]);
    const parents = new Set(chunks.map((chunk) => chunk.parentId));
    const { rows: storedParents } = await tx.query<{ id: string }>(
      'select id from chunk_parents where document_id = $1',
      [target.documentId],
    );
    const goneParents = storedParents.map((row) => row.id).filter((id) => !parents.has(id));
    if (goneParents.length > 0) {
      await tx.query('delete from chunk_parents where id = any($1::text[])', [goneParents]);
    }
    // Same bytes again (a new ACL or tags) moves nothing; an edit moves what follows it.
    const moved = chunks.filter((chunk) => {
      const row = live.get(chunk.id);
      return row !== undefined && !samePosition(row, chunk);
    });
    for (let i = 0; i < moved.length; i += WRITE_PAGE) {
      const params: unknown[] = [];
      const values = moved.slice(i, i + WRITE_PAGE).map((chunk) => {
        const at = placeholders(params, [
          chunk.id,
          chunk.ordinal,
          chunk.start,
          chunk.end,
          chunk.page,
          chunk.headingPath,
          chunk.parentId,
          JSON.stringify(chunk.flags ?? {}),
        ]);
        return `(${at[0]}, ${at[1]}::int, ${at[2]}::int, ${at[3]}::int, ${at[4]}::int, ${at[5]}::text[], ${at[6]}, ${at[7]}::jsonb)`;
      });
      await tx.query(
        `update chunks c set ordinal = v.ordinal, start_offset = v.start_offset, end_offset = v.end_offset,
           page = v.page, heading_path = v.heading_path, parent_id = v.parent_id, flags = v.flags
         from (values ${values.join(', ')}) as v(id, ordinal, start_offset, end_offset, page, heading_path, parent_id, flags)
         where c.id = v.id`,
        params,
      );
    }
    await tx.query('update documents set chunk_generation = $2 where id = $1', [
      target.documentId,
      generation,
    ]);
    await this.logChanges(tx, target.collectionId, removed, 'delete');
    // Upserts are logged for every chunk, unchanged ones too: the document's ACL, tags or date
    // may have changed with it, and the indexes filter on those.
    // Read from the table, not sent: every row of the document is now exactly the new set.
    await tx.query(
      `insert into chunk_changes (collection_id, chunk_id, op)
       select $1, id, 'upsert' from chunks where document_id = $2`,
      [target.collectionId, target.documentId],
    );
    return { removed, upserted: ids };
  }

  /** Removes what an attempt staged, when it did not publish (failed, cancelled, superseded). */
  async dropStaged(documentId: string, generation: number): Promise<void> {
    await this.bulk.query(
      `delete from chunks c using documents d
       where d.id = c.document_id and c.document_id = $1 and c.generation = $2 and d.chunk_generation < $2`,
      [documentId, generation],
    );
  }

  async deleteForDocument(tx: Queryable, documentId: string, collectionId: string): Promise<string[]> {
    // Staged rows go too, but only live ones were ever indexed or shown: the receipt lists those.
    const { rows } = await tx.query<{ id: string; live: boolean }>(
      `delete from chunks c using documents d where d.id = c.document_id and c.document_id = $1
       returning c.id, ${LIVE} as live`,
      [documentId],
    );
    const removed = rows.filter((row) => row.live).map((row) => row.id);
    await this.logChanges(tx, collectionId, removed, 'delete');
    return removed;
  }

  private async logChanges(
    tx: Queryable,
    collectionId: string,
    chunkIds: readonly string[],
    op: 'upsert' | 'delete',
  ): Promise<void> {
    if (chunkIds.length === 0) return;
    await tx.query(
      `insert into chunk_changes (collection_id, chunk_id, op)
       select $1, id, $3 from unnest($2::text[]) as id`,
      [collectionId, chunkIds, op],
    );
  }

  async latestChangeSeq(collectionId: string): Promise<number> {
    const { rows } = await this.db.query<{ seq: string | number | null }>(
      'select max(seq) as seq from chunk_changes where collection_id = $1',
      [collectionId],
    );
    return Number(rows[0]?.seq ?? 0);
  }

  /**
   * The latest change number of each collection, null for one that no longer exists: one backward
   * index probe each (a grouped max would read every change of every collection), so an API
   * replica can poll it every second.
   */
  async latestChangeSeqs(collectionIds: readonly string[]): Promise<Map<string, number | null>> {
    if (collectionIds.length === 0) return new Map();
    const { rows } = await this.db.query<{ id: string; present: boolean; seq: string | number | null }>(
      `select c.id, exists (select 1 from collections where id = c.id) as present,
              (select max(seq) from chunk_changes where collection_id = c.id) as seq
       from unnest($1::text[]) as c(id)`,
      [collectionIds],
    );
    return new Map(rows.map((row) => [row.id, row.present ? Number(row.seq ?? 0) : null]));
  }

  /** Collections other than these, with what their index is built with (new to a replica). */
  async collectionsExcept(
    collectionIds: readonly string[],
  ): Promise<{ id: string; embedderId: string; embeddingDimension: number }[]> {
    const { rows } = await this.db.query<{ id: string; embedder_id: string; embedding_dimension: number }>(
      'select id, embedder_id, embedding_dimension from collections where not (id = any($1::text[]))',
      [collectionIds],
    );
    return rows.map((row) => ({
      id: row.id,
      embedderId: row.embedder_id,
      embeddingDimension: row.embedding_dimension,
    }));
  }

  async changesSince(collectionId: string, seq: number, limit = 10_000): Promise<ChunkChange[]> {
    const { rows } = await this.db.query<{ seq: string | number; chunk_id: string; op: 'upsert' | 'delete' }>(
      `select seq, chunk_id, op from chunk_changes where collection_id = $1 and seq > $2 order by seq limit $3`,
      [collectionId, seq, limit],
    );
    return rows.map((row) => ({ seq: Number(row.seq), chunkId: row.chunk_id, op: row.op }));
  }

  /** The embedder the collection's stored vectors come from now (null: no such collection). */
  async builtWith(
    collectionId: string,
  ): Promise<{ id: string; embedderId: string; embeddingDimension: number } | null> {
    const { rows } = await this.db.query<{ embedder_id: string; embedding_dimension: number }>(
      'select embedder_id, embedding_dimension from collections where id = $1',
      [collectionId],
    );
    const row = rows[0];
    return row
      ? { id: collectionId, embedderId: row.embedder_id, embeddingDimension: row.embedding_dimension }
      : null;
  }

  async countForCollection(collectionId: string): Promise<number> {
    const { rows } = await this.db.query<{ n: string | number }>(
      `select count(*) as n from chunks c join documents d on d.id = c.document_id
       where c.collection_id = $1 and ${LIVE}`,
      [collectionId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Every chunk id of a collection: the source of truth an index's ids are compared with. */
  async idsForCollection(collectionId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `select c.id from chunks c join documents d on d.id = c.document_id where c.collection_id = $1 and ${LIVE}`,
      [collectionId],
    );
    return rows.map((row) => row.id);
  }

  async indexableByIds(ids: readonly string[]): Promise<IndexableChunk[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.bulk.query<IndexRow>(`${INDEX_SELECT} and c.id = any($1::text[])`, [ids]);
    return rows.map(toIndexable);
  }

  /** Pages through a collection's chunks by id, for index rebuilds of any size. */
  async *indexableForCollection(collectionId: string, pageSize = 2_000): AsyncGenerator<IndexableChunk[]> {
    let after = '';
    for (;;) {
      const { rows } = await this.bulk.query<IndexRow>(
        `${INDEX_SELECT} and c.collection_id = $1 and c.id > $2 order by c.id limit $3`,
        [collectionId, after, pageSize],
      );
      if (rows.length === 0) return;
      yield rows.map(toIndexable);
      after = rows[rows.length - 1]!.id;
    }
  }

  /** The current rows for ids, in no particular order; ids that no longer exist are absent. */
  /**
   * The chunks, with their documents' titles. With `principals`, only chunks of documents those
   * principals may read now: the indexes' copy of an ACL lags a change until the re-ingestion
   * commits, and stays old if it fails (issue #12), so the row decides.
   */
  async views(ids: readonly string[], principals?: readonly string[]): Promise<ChunkView[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.db.query<{
      id: string;
      document_id: string;
      collection_id: string;
      text: string;
      start_offset: number;
      end_offset: number;
      page: number | null;
      heading_path: string[];
      parent_id: string | null;
      title: string | null;
      filename: string | null;
      flags: { injection?: boolean } | null;
    }>(
      `select c.id, c.document_id, c.collection_id, c.text, c.start_offset, c.end_offset, c.page, c.heading_path,
         c.parent_id, c.flags, d.title, d.filename
       from chunks c join documents d on d.id = c.document_id
       where c.id = any($1::text[]) and ${LIVE} and ${READABLE_BY('$2')}`,
      [ids, principals ?? null],
    );
    return rows.map((row) => ({
      id: row.id,
      documentId: row.document_id,
      collectionId: row.collection_id,
      text: row.text,
      start: row.start_offset,
      end: row.end_offset,
      page: row.page,
      headingPath: row.heading_path,
      parentId: row.parent_id,
      documentTitle: row.title,
      filename: row.filename,
      flags: row.flags ?? {},
    }));
  }

  async listForDocument(
    documentId: string,
    options: { limit: number; offset: number },
  ): Promise<ChunkView[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `select c.id from chunks c join documents d on d.id = c.document_id
       where c.document_id = $1 and ${LIVE} order by c.ordinal limit $2 offset $3`,
      [documentId, options.limit, options.offset],
    );
    const views = await this.views(rows.map((row) => row.id));
    const order = new Map(rows.map((row, i) => [row.id, i]));
    return views.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }
}

/**
 * Call first in every transaction that appends to `chunk_changes` for a collection. The log's
 * sequence numbers are taken at insert but become visible at commit; two writers on one
 * collection could commit out of order, and a tail that had already read the later number would
 * skip the earlier change forever (a chunk never indexed, or a deleted one still found). Holding
 * this lock until commit makes the numbers of one collection commit in order. It is a
 * transaction-scoped advisory lock, so it blocks only writers of the same collection.
 */
export async function lockChangeLog(tx: Queryable, collectionId: string): Promise<void> {
  await tx.query("select pg_advisory_xact_lock(hashtext('chunk_changes:' || $1))", [collectionId]);
}
