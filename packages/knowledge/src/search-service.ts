import { AppError } from '@grounded/core';
import type { Embedder, SearchFilter, SearchMode } from '@grounded/retrieval';
import type { Database } from '@grounded/storage';
import type { IndexManager } from './index-manager';
import { ChunksRepo } from './repositories/chunks-repo';
import { type Collection, CollectionsRepo } from './repositories/collections-repo';

export interface SearchRequest {
  tenantId: string;
  collectionId: string;
  query: string;
  k: number;
  mode: SearchMode;
  /** The caller's user id and groups, for document ACLs. Undefined = unrestricted (admin/internal). */
  principals?: readonly string[];
  filter?: Omit<SearchFilter, 'tenantId' | 'principals'>;
}

export interface SearchResult {
  chunkId: string;
  documentId: string;
  documentTitle: string | null;
  score: number;
  ranks: { bm25?: number; vector?: number };
  text: string;
  start: number;
  end: number;
  page: number | null;
  headingPath: string[];
}

export class SearchService {
  private readonly collections: CollectionsRepo;
  private readonly chunks: ChunksRepo;

  constructor(private readonly deps: { db: Database; embedder: Embedder; indexes: IndexManager }) {
    this.collections = new CollectionsRepo(deps.db);
    this.chunks = new ChunksRepo(deps.db);
  }

  async search(request: SearchRequest): Promise<{ collection: Collection; results: SearchResult[] }> {
    const collection = await this.collections.get(request.tenantId, request.collectionId);
    if (request.mode !== 'bm25' && collection.embedderId !== this.deps.embedder.id) {
      throw new AppError(
        'embedder_mismatch',
        `collection ${collection.id} was embedded with '${collection.embedderId}'; this server embeds queries with '${this.deps.embedder.id}'`,
        { details: { collectionEmbedder: collection.embedderId, serverEmbedder: this.deps.embedder.id } },
      );
    }
    const index = await this.deps.indexes.ready(collection);
    const queryVector =
      request.mode === 'bm25' ? undefined : (await this.deps.embedder.embed([request.query]))[0];
    const hits = index.search({
      mode: request.mode,
      query: request.query,
      ...(queryVector ? { queryVector } : {}),
      k: request.k,
      filter: {
        ...request.filter,
        tenantId: request.tenantId,
        ...(request.principals ? { principals: request.principals } : {}),
      },
    });
    // Postgres is the source of truth: a hit whose row is gone (deleted a moment ago) is dropped.
    const views = new Map((await this.chunks.views(hits.map((hit) => hit.chunkId))).map((v) => [v.id, v]));
    const results: SearchResult[] = [];
    for (const hit of hits) {
      const view = views.get(hit.chunkId);
      if (!view) continue;
      results.push({
        chunkId: hit.chunkId,
        documentId: hit.documentId,
        documentTitle: view.documentTitle ?? view.filename,
        score: hit.score,
        ranks: hit.ranks,
        text: view.text,
        start: view.start,
        end: view.end,
        page: view.page,
        headingPath: view.headingPath,
      });
    }
    return { collection, results };
  }
}
