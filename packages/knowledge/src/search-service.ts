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
  /** Set at ingestion, e.g. { injection: true } for text that addresses the model. */
  flags: { injection?: boolean };
}

/** How hybrid search merges the BM25 and vector lists. */
export interface FusionSettings {
  fusion: 'rrf' | 'score';
  /** The RRF constant (unused by score fusion). */
  rrfK: number;
  weights: { bm25: number; vector: number };
}

/**
 * The hybrid defaults chosen on BEIR SciFact TRAIN queries by `npm run eval -- retrieval`, whose
 * grid covers RRF (k × vector weight) and min-max score fusion (vector weight), × BM25 title
 * weight. The final run chose score fusion with vector weight 0.1 (train nDCG@10 0.6858 against
 * 0.6816 for BM25 alone; test 0.660 against 0.661: USE-lite adds nothing measurable on this set).
 * Plain RRF (k 60, equal weights) let the weak vector list drag hybrid to 0.442 (issue #3); with
 * a small weight the vector score mostly re-orders BM25's near-ties. The eval also chose BM25
 * title weight 2; collection indexes keep the default of 1 for now (changing it means rebuilding
 * every persisted BM25 index), a known divergence from the eval's setting.
 */
export const DEFAULT_FUSION: FusionSettings = {
  fusion: 'score',
  rrfK: 60,
  weights: { bm25: 1, vector: 0.1 },
};

export class SearchService {
  private readonly collections: CollectionsRepo;
  private readonly chunks: ChunksRepo;
  private readonly fusion: FusionSettings;

  constructor(
    private readonly deps: {
      db: Database;
      embedder: Embedder;
      indexes: IndexManager;
      /** Overrides DEFAULT_FUSION, e.g. for an embedder stronger than USE-lite. */
      fusion?: Partial<FusionSettings>;
    },
  ) {
    this.collections = new CollectionsRepo(deps.db);
    this.chunks = new ChunksRepo(deps.db);
    this.fusion = { ...DEFAULT_FUSION, ...deps.fusion };
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
      fusion: this.fusion.fusion,
      rrfK: this.fusion.rrfK,
      weights: this.fusion.weights,
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
        flags: view.flags,
      });
    }
    return { collection, results };
  }
}
