import { AppError } from '@grounded/core';
import type { OcrLanguageSetting } from '@grounded/ingest';
import type { Embedder } from '@grounded/retrieval';
import type { Database } from '@grounded/storage';
import { type EmbedderResolver, mismatch } from './embedders';
import type { IndexManager } from './index-manager';
import { type Collection, CollectionsRepo, type NewCollection } from './repositories/collections-repo';

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

  /** Sets the collection's OCR language (read at each document's ingestion from then on). */
  async setOcrLanguage(tenantId: string, id: string, setting: OcrLanguageSetting): Promise<Collection> {
    const updated = await this.repo.mergeSettings(tenantId, id, { ocrLanguage: setting });
    if (!updated) throw new AppError('collection_not_found', `collection ${id} does not exist`);
    return updated;
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.repo.get(tenantId, id);
    await this.repo.delete(tenantId, id);
    await this.deps.indexes.forget(id);
  }
}
