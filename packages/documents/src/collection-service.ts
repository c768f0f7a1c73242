import { AppError, INSTANCE_ID } from '@grounded/core';
import type { OcrLanguageSetting } from '@grounded/ingest';
import { type Embedder, idsVersion } from '@grounded/retrieval';
import type { Database } from '@grounded/storage';
import { type CollectionSettingsPatch, collectionSettingsPatchSchema } from './collection-settings';
import { type DocumentCopies, removeDocumentCopies } from './document-copies';
import { type EmbedderResolver, mismatch } from './embedders';
import type { IndexManager } from './index-manager';
import { ChunksRepo } from './repositories/chunks-repo';
import { type Collection, CollectionsRepo, type NewCollection } from './repositories/collections-repo';
import { DocumentsRepo } from './repositories/documents-repo';

/** One part of an index (catalog, HNSW or BM25) against the chunks Postgres holds. */
export interface IndexPartReport {
  count: number;
  /** Checksum of the sorted ids: equal checksums, equal sets. */
  idsVersion: string;
  /** Ids Postgres has and this part lacks, and ids it holds that Postgres no longer has. */
  missing: number;
  extra: number;
  ids?: string[];
}

/** This process's index of a collection against Postgres (issue #16's equality check). */
export interface IndexReport {
  collectionId: string;
  /**
   * Which process answered: behind a load balancer each replica holds its own index. An opaque id
   * (`INSTANCE_ID`), not the host and pid, which are the operator's business, not a tenant's.
   */
  instance: { id: string };
  /** False: this process has not loaded the collection's index (only with `catchUp: false`). */
  loaded: boolean;
  embedderId: string | null;
  /** The last change applied here, and the latest in Postgres's change log. */
  changeSeq: { applied: number | null; latest: number };
  postgres: { count: number; idsVersion: string; ids?: string[] };
  catalog: IndexPartReport | null;
  hnsw: IndexPartReport | null;
  bm25: IndexPartReport | null;
  /** Every part holds exactly Postgres's chunk ids. */
  equal: boolean;
}

type EmbedderId = Pick<Embedder, 'id' | 'dimension'>;

/**
 * A collection's vectors all come from the embedder that built it. Whatever writes or queries
 * them (an upload, the ingestion worker, a vector search) checks this first, here, so that a
 * server running another embedder refuses the work instead of mixing vector spaces. Where an
 * `EmbedderResolver` is at hand, it also accepts collections re-embedded with an embedder this
 * server can build (issue #17).
 */
export function assertBuiltWith(collection: Collection, embedder: EmbedderId): void {
  if (collection.embedderId === embedder.id) return;
  throw mismatch(collection, embedder);
}

/** Collections of a tenant: created with this server's embedder, deleted with their indexes. */
export class CollectionService {
  private readonly repo: CollectionsRepo;

  constructor(
    private readonly deps: {
      db: Database;
      embedder: EmbedderId;
      indexes: IndexManager;
      /** Accepts uploads into collections re-embedded with another embedder this server can build. */
      embedders?: EmbedderResolver;
      /** Other features' copies of each document's text, removed with the collection. */
      copies?: DocumentCopies;
    },
  ) {
    this.repo = new CollectionsRepo(deps.db);
  }

  async create(input: Omit<NewCollection, 'embedderId' | 'embeddingDimension'>): Promise<Collection> {
    if (await this.repo.findByName(input.tenantId, input.name)) {
      throw new AppError('conflict', `a collection named '${input.name}' already exists`);
    }
    return this.repo.create({
      ...input,
      embedderId: this.deps.embedder.id,
      embeddingDimension: this.deps.embedder.dimension,
    });
  }

  list(tenantId: string, page: { limit: number; after?: string | undefined }): Promise<Collection[]> {
    return this.repo.list(tenantId, page);
  }

  get(tenantId: string, id: string): Promise<Collection> {
    return this.repo.get(tenantId, id);
  }

  find(tenantId: string, id: string): Promise<Collection | null> {
    return this.repo.find(tenantId, id);
  }

  findByName(tenantId: string, name: string): Promise<Collection | null> {
    return this.repo.findByName(tenantId, name);
  }

  /** Every collection of every tenant: at start-up, to load or rebuild their indexes. */
  all(): Promise<Collection[]> {
    return this.repo.all();
  }

  /** A collection this server may add content to (see `assertBuiltWith`). */
  async writable(tenantId: string, id: string): Promise<Collection> {
    const collection = await this.repo.get(tenantId, id);
    if (this.deps.embedders) await this.deps.embedders.forCollection(collection);
    else assertBuiltWith(collection, this.deps.embedder);
    return collection;
  }

  /**
   * Compares this process's index of the collection with its chunks in Postgres. A write that
   * commits between reading the index and reading Postgres shows as a difference with
   * `changeSeq.applied` behind `changeSeq.latest`, which says why; ask again once writes settle.
   */
  async indexReport(
    tenantId: string,
    id: string,
    options: { catchUp: boolean; ids: boolean },
  ): Promise<IndexReport> {
    const collection = await this.repo.get(tenantId, id);
    const chunks = new ChunksRepo(this.deps.db);
    const contents = await this.deps.indexes.contents(collection, { catchUp: options.catchUp });
    const latest = await chunks.latestChangeSeq(id);
    const truth = await chunks.idsForCollection(id);
    const truthSet = new Set(truth);
    const part = (ids: string[]): IndexPartReport => {
      const held = new Set(ids);
      let missing = 0;
      for (const chunkId of truthSet) if (!held.has(chunkId)) missing++;
      let extra = 0;
      for (const chunkId of held) if (!truthSet.has(chunkId)) extra++;
      return {
        count: held.size,
        idsVersion: idsVersion(held),
        missing,
        extra,
        ...(options.ids ? { ids: [...held].sort() } : {}),
      };
    };
    const catalog = contents ? part(contents.ids.catalog) : null;
    const hnsw = contents ? part(contents.ids.vectors) : null;
    const bm25 = contents ? part(contents.ids.bm25) : null;
    const same = (report: IndexPartReport | null) =>
      report !== null && report.missing === 0 && report.extra === 0;
    return {
      collectionId: id,
      instance: { id: INSTANCE_ID },
      loaded: contents !== null,
      embedderId: contents?.embedderId ?? null,
      changeSeq: { applied: contents?.lastSeq ?? null, latest },
      postgres: {
        count: truth.length,
        idsVersion: idsVersion(truth),
        ...(options.ids ? { ids: [...truth].sort() } : {}),
      },
      catalog,
      hnsw,
      bm25,
      equal: same(catalog) && same(hnsw) && same(bm25),
    };
  }

  /** Sets the collection's OCR language (read at each document's ingestion from then on). */
  setOcrLanguage(tenantId: string, id: string, setting: OcrLanguageSetting): Promise<Collection> {
    return this.updateSettings(tenantId, id, { ocrLanguage: setting });
  }

  /**
   * Applies a settings change (collectionSettingsPatchSchema: each key given replaces its setting,
   * null removes it). Chat reads the guardrail policy at each turn and ingestion reads the OCR
   * language and PII policy at each document, so a change applies from the next one on.
   */
  async updateSettings(tenantId: string, id: string, input: unknown): Promise<Collection> {
    const patch = collectionSettingsPatchSchema.parse(input);
    const sent = input as CollectionSettingsPatch;
    const set: Record<string, unknown> = {};
    const remove: string[] = [];
    for (const key of ['ocrLanguage', 'guardrails'] as const) {
      if (patch[key] === null) remove.push(key);
      // Stored as sent, not with the defaults filled: see collectionSettingsPatchSchema.
      else if (patch[key] !== undefined) set[key] = sent[key];
    }
    const updated = await this.repo.mergeSettings(tenantId, id, set, remove);
    if (!updated) throw new AppError('collection_not_found', `collection ${id} does not exist`);
    return updated;
  }

  /**
   * Deletes the collection as deleting each of its documents would: the cascade removes rows that
   * reference the collection, not the copies other features keep of its documents' text (stored
   * answers, summaries, webhook payloads), which go here in the same transaction.
   */
  async delete(tenantId: string, id: string): Promise<void> {
    await this.repo.get(tenantId, id);
    await this.deps.db.transaction(async (tx) => {
      const documentIds = await new DocumentsRepo(tx).idsInCollection(id);
      // One statement per kind of copy for all of them: each scans the tenant's answers (or
      // summaries, or deliveries) once, matching ids against the array (hashed by Postgres).
      await removeDocumentCopies(tx, this.deps.copies ?? {}, tenantId, { documentIds });
      await new CollectionsRepo(tx).delete(tenantId, id);
    });
    await this.deps.indexes.forget(id);
  }
}
