import { describeError, type Logger, silentLogger } from '@grounded/core';
import type { IndexManager } from '@grounded/documents';
import {
  assertBuiltWith,
  ChunksRepo,
  type Collection,
  CollectionsRepo,
  type EmbedderResolver,
} from '@grounded/documents';
import {
  type Embedder,
  embedderReads,
  type Reranker,
  type SearchFilter,
  type SearchMode,
} from '@grounded/retrieval';
import type { Database } from '@grounded/storage';

export interface SearchRequest {
  tenantId: string;
  collectionId: string;
  query: string;
  k: number;
  mode: SearchMode;
  /** The caller's user id and groups, for document ACLs. Undefined = unrestricted (admin/internal). */
  principals?: readonly string[];
  filter?: Omit<SearchFilter, 'tenantId' | 'principals'>;
  /** The collection, when the caller has loaded it already (a chat turn loads it once). */
  collection?: Collection;
}

export interface SearchResult {
  chunkId: string;
  documentId: string;
  documentTitle: string | null;
  score: number;
  ranks: { bm25?: number; vector?: number };
  /** The reranker's score, when a reranker reordered this result (higher is better). */
  rerankScore?: number;
  text: string;
  start: number;
  end: number;
  page: number | null;
  headingPath: string[];
  /** Set at ingestion, e.g. { injection: true } for text that addresses the model. */
  flags: { injection?: boolean };
}

/** How search ranks: BM25's document weight, and how hybrid merges the BM25 and vector lists. */
export interface RankingSettings {
  /** BM25: multiple of the chunk's whole-document score added to its own (0 = chunk only). */
  documentWeight: number;
  fusion: 'rrf' | 'score';
  /** The RRF constant (unused by score fusion). */
  rrfK: number;
  weights: { bm25: number; vector: number };
}

/**
 * BM25's settings were chosen on BEIR SciFact TRAIN queries by `npm run eval -- retrieval` (test
 * figures in the closing note of issue #3). BM25 (Porter stemming, k1 1.2, b 0.75) adds twice the
 * chunk's whole-document score: documents whose terms are spread over several chunks were ranked
 * below isolated single-chunk matches (train nDCG@10 0.681 → 0.700).
 * The vector's weight in score fusion is 0.5, by the product-retrieval round of issue #15 (rule and
 * figures in eval/answering.ts). SciFact's scientific claims share their words with the abstracts
 * that answer them, and there no weight beat BM25 alone by more than one standard error, so it was 0.
 * Customers paraphrase ("How long until I get my money back?" for a refund sentence): with weight 0
 * BM25 ranks chunks that share only "long" and "get" first, and the USE-lite list orders only what
 * BM25 did not find. Asked through the product, own dev gold∈answer 69.6 → 74.5% (abstained 70.5 →
 * 68.2%), the Chinese sets at most one answer apart, SciFact train 0.7004 → 0.6925 (weight 1 reached
 * 76.5% but cost SciFact 0.09). The own test half, read once after the choice, did not confirm the
 * gain (60.0 → 58.0%). With a stronger embedder, raise SEARCH_VECTOR_WEIGHT (plain RRF with equal
 * weights let USE-lite drag SciFact down to 0.45).
 */
export const DEFAULT_RANKING: RankingSettings = {
  documentWeight: 2,
  fusion: 'score',
  rrfK: 60,
  weights: { bm25: 1, vector: 0.5 },
};

/** What reranking did to one search: which reranker, and whether it applied or fell back. */
export interface RerankOutcome {
  reranker: string;
  /** False when the reranker failed and the fused order was kept. */
  applied: boolean;
}

/** Candidates a reranker rescored by default: the fused top 20. */
export const DEFAULT_RERANK_TOP_N = 20;

export class SearchService {
  private readonly collections: CollectionsRepo;
  private readonly chunks: ChunksRepo;
  private readonly ranking: RankingSettings;
  private readonly rerankTopN: number;
  private readonly logger: Logger;

  constructor(
    private readonly deps: {
      db: Database;
      embedder: Embedder;
      /** Each collection's own embedder (one re-embedded with another, issue #17). */
      embedders?: EmbedderResolver;
      indexes: IndexManager;
      /** Overrides DEFAULT_RANKING, e.g. for an embedder stronger than USE-lite. */
      ranking?: Partial<RankingSettings>;
      /** Rescores the fused top `rerankTopN` candidates (query, chunk text); none by default. */
      reranker?: Reranker;
      rerankTopN?: number;
      /** Where a failed rerank is reported (search itself still answers). */
      logger?: Logger;
    },
  ) {
    this.collections = new CollectionsRepo(deps.db);
    this.chunks = new ChunksRepo(deps.db);
    this.ranking = { ...DEFAULT_RANKING, ...deps.ranking };
    this.rerankTopN = Math.max(1, Math.floor(deps.rerankTopN ?? DEFAULT_RERANK_TOP_N));
    this.logger = deps.logger ?? silentLogger;
  }

  /** The collection a search would run on: the tenant's, or collection_not_found. */
  collection(tenantId: string, collectionId: string): Promise<Collection> {
    return this.collections.get(tenantId, collectionId);
  }

  async search(request: SearchRequest): Promise<{
    collection: Collection;
    results: SearchResult[];
    /** The mode that ranked: a hybrid search the embedder cannot read ranks by BM25 alone. */
    mode: SearchMode;
    rerank?: RerankOutcome;
  }> {
    const collection =
      request.collection?.id === request.collectionId && request.collection.tenantId === request.tenantId
        ? request.collection
        : await this.collections.get(request.tenantId, request.collectionId);
    // A BM25 search reads no vectors, so it works whatever embedder built the collection.
    let index = await this.deps.indexes.ready(collection);
    let queryVector: Float32Array | undefined;
    let mode = request.mode;
    if (mode !== 'bm25') {
      let embedder: Embedder;
      const { embedders } = this.deps;
      if (!embedders) {
        assertBuiltWith(collection, this.deps.embedder);
        embedder = this.deps.embedder;
      } else if (index.embedderId === collection.embedderId) {
        embedder = await embedders.forCollection(collection);
      } else {
        // Just re-embedded (issue #17): the old index serves until the new one is built, and
        // its queries are embedded by the embedder that built it, when this process has it.
        const old = embedders.built(index.embedderId);
        if (old) {
          embedder = old;
        } else {
          embedder = await embedders.forCollection(collection);
          index = await this.deps.indexes.ready(collection, { current: true });
        }
      }
      // A hybrid search in a language the embedder does not read ranks by BM25 alone: USE-lite's
      // vector of a Chinese query would add noise to BM25's order (Chinese retrieval round of #15).
      if (mode === 'hybrid' && !embedderReads(embedder, request.query)) mode = 'bm25';
      else queryVector = (await embedder.embed([request.query], { cacheScope: request.tenantId }))[0];
    }
    const reranker = this.deps.reranker;
    const hits = index.search({
      mode,
      query: request.query,
      ...(queryVector ? { queryVector } : {}),
      // With a reranker, the fused list is cut at rerankTopN (or k, if larger) and then reordered.
      k: reranker ? Math.max(request.k, this.rerankTopN) : request.k,
      documentWeight: this.ranking.documentWeight,
      fusion: this.ranking.fusion,
      rrfK: this.ranking.rrfK,
      weights: this.ranking.weights,
      filter: {
        ...request.filter,
        tenantId: request.tenantId,
        ...(request.principals ? { principals: request.principals } : {}),
      },
    });
    // Postgres is the source of truth: a hit whose row is gone (deleted a moment ago), or whose
    // document's ACL no longer admits the caller, is dropped.
    const views = new Map(
      (
        await this.chunks.views(
          hits.map((hit) => hit.chunkId),
          request.principals,
        )
      ).map((v) => [v.id, v]),
    );
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
    if (!reranker || results.length === 0) return { collection, results, mode };
    const applied = await this.rerank(reranker, request, results);
    return {
      collection,
      mode,
      results: (applied ?? results).slice(0, request.k),
      rerank: { reranker: reranker.id, applied: applied !== null },
    };
  }

  /**
   * The top rerankTopN results reordered by the reranker's score (ties keep the fused order),
   * followed by the rest in fused order; null when the reranker failed.
   */
  private async rerank(
    reranker: Reranker,
    request: SearchRequest,
    results: SearchResult[],
  ): Promise<SearchResult[] | null> {
    const head = results.slice(0, this.rerankTopN);
    let scores: number[];
    try {
      scores = await reranker.score(
        request.query,
        head.map((result) => result.text),
      );
      if (scores.length !== head.length || !scores.every(Number.isFinite))
        throw new Error(
          `the reranker gave ${scores.length} scores (not all finite) for ${head.length} passages`,
        );
    } catch (error) {
      // Reranking refines an order that is already good: a reranker that is down, slow or broken
      // must not fail a search or a chat turn. Degrade gracefully to the fused order, and warn so
      // that an operator sees the reranker needs attention.
      this.logger.warn(
        { reranker: reranker.id, collectionId: request.collectionId, error: describeError(error) },
        'reranking failed; results keep the fused order',
      );
      return null;
    }
    const reordered = head
      .map((result, position) => ({ result, position, score: scores[position] as number }))
      .sort((a, b) => b.score - a.score || a.position - b.position)
      .map(({ result, score }) => ({ ...result, rerankScore: score }));
    return [...reordered, ...results.slice(this.rerankTopN)];
  }
}
