import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, syncDirectory, writeFileAtomic } from '@grounded/core';
import { z } from 'zod';
import { Bm25Index, type Bm25Options } from './bm25-index';
import { compileFilter } from './filters';
import { normalizedScoreFusion, reciprocalRankFusion } from './fusion';
import { type HnswIndexOptions, HnswVectorIndex } from './hnsw-vector-index';
import { maximalMarginalRelevance } from './mmr';
import type { ChunkMeta, SearchFilter, SearchHit, SearchMode } from './types';

export interface CollectionIndexOptions {
  embedderId: string;
  dimension: number;
  bm25?: Bm25Options;
  hnsw?: Omit<HnswIndexOptions, 'dimension' | 'embedderId'>;
}

export interface CollectionEntry {
  meta: ChunkMeta;
  /** The text BM25 indexes (the embedder's input is the caller's business). */
  text: string;
  /** Weighted as a BM25 title field when given (e.g. the document title or heading path). */
  title?: string;
  vector: Float32Array;
}

export interface CollectionSearchOptions {
  mode: SearchMode;
  query: string;
  /** Required for 'vector' and 'hybrid', and for MMR. */
  queryVector?: Float32Array;
  k: number;
  filter?: SearchFilter;
  /** How hybrid merges the two lists: weighted RRF (default) or min-max normalized scores. */
  fusion?: 'rrf' | 'score';
  /** RRF constant. Default 60. */
  rrfK?: number;
  /** RRF weights per retriever. Default 1 and 1. */
  weights?: { bm25: number; vector: number };
  /** When set (0..1), re-orders the fused candidates by MMR: 1 = pure relevance, 0 = pure diversity. */
  mmrLambda?: number;
  /**
   * BM25: adds this multiple of the chunk's whole-document BM25 score to the chunk's own, so a
   * chunk of a document that matches the query as a whole ranks above an isolated match (see
   * Bm25SearchOptions.groupWeight). Default 0.
   */
  documentWeight?: number;
  /** Hits taken from each retriever before fusion. Default max(50, 4k). */
  candidateK?: number;
  /**
   * 'document' keeps each document's best chunk per retriever before fusion ("max passage"), so
   * k hits name k different documents.
   */
  collapse?: 'chunk' | 'document';
}

export interface CollectionStats {
  chunks: number;
  documents: number;
  vectors: number;
  bm25Documents: number;
  embedderId: string;
  dimension: number;
}

const catalogSchema = z.object({
  format: z.literal(1),
  embedderId: z.string(),
  dimension: z.number().int().positive(),
  chunks: z.array(
    z.object({
      chunkId: z.string(),
      documentId: z.string(),
      tenantId: z.string(),
      allowedPrincipals: z.array(z.string()),
      tags: z.array(z.string()),
      date: z.number().nullable(),
      metadata: z.record(z.string(), z.unknown()),
    }),
  ),
});

/**
 * One collection's search state: the chunk catalog (metadata for filters), the HNSW vectors and
 * the BM25 postings, kept in step. Derived from Postgres; `save`/`load` only spare a rebuild.
 */
export class CollectionIndex {
  readonly embedderId: string;
  readonly dimension: number;
  private readonly catalog = new Map<string, ChunkMeta>();
  private vectors: HnswVectorIndex;
  private bm25: Bm25Index;

  constructor(options: CollectionIndexOptions) {
    this.embedderId = options.embedderId;
    this.dimension = options.dimension;
    this.vectors = new HnswVectorIndex({
      ...options.hnsw,
      dimension: options.dimension,
      embedderId: options.embedderId,
    });
    this.bm25 = new Bm25Index(options.bm25);
  }

  upsert(entries: readonly CollectionEntry[]): void {
    // Vectors first: it validates dimensions, so a bad entry fails before anything changes.
    this.vectors.upsert(entries.map((entry) => ({ id: entry.meta.chunkId, vector: entry.vector })));
    for (const entry of entries) {
      this.catalog.set(entry.meta.chunkId, entry.meta);
      this.bm25.add(entry.meta.chunkId, entry.text, entry.title, entry.meta.documentId);
    }
  }

  /** Removes chunks from the catalog, HNSW and BM25 together; returns the ids that existed. */
  remove(chunkIds: readonly string[]): string[] {
    const removed = chunkIds.filter((id) => this.catalog.has(id));
    this.vectors.remove(removed);
    this.bm25.remove(removed);
    for (const id of removed) this.catalog.delete(id);
    return removed;
  }

  /** Chunk ids of a document, for deleting a document's chunks in one call. */
  chunksOfDocument(documentId: string): string[] {
    const ids: string[] = [];
    for (const meta of this.catalog.values()) if (meta.documentId === documentId) ids.push(meta.chunkId);
    return ids;
  }

  has(chunkId: string): boolean {
    return this.catalog.has(chunkId);
  }

  stats(): CollectionStats {
    const documents = new Set<string>();
    for (const meta of this.catalog.values()) documents.add(meta.documentId);
    return {
      chunks: this.catalog.size,
      documents: documents.size,
      vectors: this.vectors.size,
      bm25Documents: this.bm25.size,
      embedderId: this.embedderId,
      dimension: this.dimension,
    };
  }

  /**
   * The chunk ids each of the three parts holds. They are kept in step, so the three lists are the
   * same set unless a bug let them drift; the index-equality diagnostic reports each one.
   */
  ids(): { catalog: string[]; vectors: string[]; bm25: string[] } {
    return { catalog: [...this.catalog.keys()], vectors: this.vectors.ids(), bm25: this.bm25.ids() };
  }

  /** Checksum of the chunk ids held, to compare with the source of truth. */
  version(): string {
    return this.vectors.version();
  }

  search(options: CollectionSearchOptions): SearchHit[] {
    const k = Math.floor(options.k);
    if (k <= 0) return [];
    const { mode, queryVector } = options;
    if ((mode !== 'bm25' || options.mmrLambda !== undefined) && !queryVector) {
      throw new AppError('query_vector_required', `search mode '${mode}' needs the query's vector`);
    }
    if (queryVector && queryVector.length !== this.dimension) {
      throw new AppError(
        'embedder_mismatch',
        `query vector has ${queryVector.length} dimensions; this collection was built by '${this.embedderId}' with ${this.dimension}`,
        { details: { expected: this.dimension, got: queryVector.length, embedderId: this.embedderId } },
      );
    }
    const predicate = compileFilter(options.filter);
    const filter = predicate
      ? (id: string) => {
          const meta = this.catalog.get(id);
          return meta !== undefined && predicate(meta);
        }
      : undefined;
    const byDocument = options.collapse === 'document';
    const wanted = options.mmrLambda !== undefined ? Math.max(k * 4, 50) : k;
    const candidateK = Math.max(options.candidateK ?? Math.max(50, 4 * k), wanted);
    // Collapsing keeps one chunk per document, so fetch deeper to still fill the list.
    const fetchK = byDocument ? candidateK * 4 : candidateK;

    const bm25 =
      mode === 'vector'
        ? []
        : this.collapse(
            this.bm25.search(options.query, fetchK, {
              ...(filter ? { filter } : {}),
              groupWeight: options.documentWeight ?? 0,
            }),
            byDocument,
            candidateK,
          );
    const vector =
      mode === 'bm25' || !queryVector
        ? []
        : this.collapse(this.vectors.search(queryVector, fetchK, filter), byDocument, candidateK);

    const keyOf = (id: string) => (byDocument ? (this.catalog.get(id)?.documentId ?? id) : id);
    const bm25ByKey = new Map(bm25.map((hit, index) => [keyOf(hit.id), { ...hit, rank: index + 1 }]));
    const vectorByKey = new Map(vector.map((hit, index) => [keyOf(hit.id), { ...hit, rank: index + 1 }]));
    // Weights balance the two lists of hybrid; a single-retriever mode ranks by its own list.
    const weights = mode === 'hybrid' ? (options.weights ?? { bm25: 1, vector: 1 }) : { bm25: 1, vector: 1 };
    const fused =
      options.fusion === 'score'
        ? normalizedScoreFusion(
            [
              { name: 'bm25', hits: bm25.map((hit) => ({ id: keyOf(hit.id), score: hit.score })) },
              { name: 'vector', hits: vector.map((hit) => ({ id: keyOf(hit.id), score: hit.score })) },
            ],
            { weights },
          )
        : reciprocalRankFusion(
            [
              { name: 'bm25', ids: bm25.map((hit) => keyOf(hit.id)) },
              { name: 'vector', ids: vector.map((hit) => keyOf(hit.id)) },
            ],
            { k: options.rrfK ?? 60, weights },
          );

    let hits: SearchHit[] = fused.slice(0, wanted).map((item) => {
      const fromBm25 = bm25ByKey.get(item.id);
      const fromVector = vectorByKey.get(item.id);
      // The representative chunk: the one the stronger-ranked retriever found.
      const chunkId =
        fromBm25 && (!fromVector || fromBm25.rank <= fromVector.rank)
          ? fromBm25.id
          : ((fromVector ?? fromBm25) as { id: string }).id;
      const meta = this.catalog.get(chunkId) as ChunkMeta;
      const hit: SearchHit = {
        chunkId,
        documentId: meta.documentId,
        score:
          mode === 'bm25'
            ? (fromBm25?.score ?? 0)
            : mode === 'vector'
              ? (fromVector?.score ?? 0)
              : item.score,
        ranks: {},
        scores: {},
      };
      if (fromBm25) {
        hit.ranks.bm25 = fromBm25.rank;
        hit.scores.bm25 = fromBm25.score;
      }
      if (fromVector) {
        hit.ranks.vector = fromVector.rank;
        hit.scores.vector = fromVector.score;
      }
      return hit;
    });
    if (options.mmrLambda !== undefined) {
      hits = maximalMarginalRelevance(
        hits,
        (hit) => this.vectors.getVector(hit.chunkId),
        k,
        options.mmrLambda,
      );
    }
    return hits.slice(0, k);
  }

  private collapse<T extends { id: string }>(hits: T[], byDocument: boolean, limit: number): T[] {
    if (!byDocument) return hits.slice(0, limit);
    const seen = new Set<string>();
    const out: T[] = [];
    for (const hit of hits) {
      const documentId = this.catalog.get(hit.id)?.documentId ?? hit.id;
      if (seen.has(documentId)) continue;
      seen.add(documentId);
      out.push(hit);
      if (out.length === limit) break;
    }
    return out;
  }

  /**
   * Persists to `dir`: HNSW (its own manifest), then BM25 and the catalog, each written
   * atomically. `load` cross-checks their versions, so a crash between the files is detected.
   */
  async save(dir: string): Promise<void> {
    // Snapshot BM25 and the catalog, then start the HNSW save (whose graph snapshot is also taken
    // synchronously), all before the first await: concurrent upserts cannot split the three files.
    const version = this.vectors.version();
    const bm25 = JSON.stringify({ version, ...this.bm25.toJSON() });
    const catalog = JSON.stringify({
      format: 1,
      version,
      embedderId: this.embedderId,
      dimension: this.dimension,
      chunks: [...this.catalog.values()],
    });
    const vectorsSaved = this.vectors.save(path.join(dir, 'hnsw'));
    await vectorsSaved;
    await writeFileAtomic(path.join(dir, 'bm25.json'), bm25);
    await writeFileAtomic(path.join(dir, 'catalog.json'), catalog);
    await syncDirectory(dir);
  }

  /**
   * Null when nothing was saved in `dir`; throws 'index_corrupt' / 'index_stale' /
   * 'embedder_mismatch' (from the HNSW load) when the caller must rebuild from Postgres.
   */
  static async load(
    dir: string,
    options: { embedderId?: string; dimension?: number; expectedVersion?: string; bm25?: Bm25Options } = {},
  ): Promise<CollectionIndex | null> {
    const vectors = await HnswVectorIndex.load(path.join(dir, 'hnsw'), options);
    if (!vectors) return null;
    let catalogRaw: unknown;
    let bm25Raw: { version?: unknown };
    try {
      catalogRaw = JSON.parse(await readFile(path.join(dir, 'catalog.json'), 'utf8'));
      bm25Raw = JSON.parse(await readFile(path.join(dir, 'bm25.json'), 'utf8')) as { version?: unknown };
    } catch (cause) {
      throw new AppError('index_corrupt', `the catalog or BM25 file in ${dir} is missing or unreadable`, {
        cause,
      });
    }
    const catalog = catalogSchema.safeParse(catalogRaw);
    const version = vectors.version();
    if (
      !catalog.success ||
      (catalogRaw as { version?: unknown }).version !== version ||
      bm25Raw.version !== version
    ) {
      throw new AppError('index_corrupt', `the catalog, BM25 and HNSW files in ${dir} disagree`, {
        details: { dir },
      });
    }
    const index = new CollectionIndex({ embedderId: vectors.embedderId, dimension: vectors.dimension });
    index.vectors = vectors;
    index.bm25 = Bm25Index.fromJSON(bm25Raw);
    for (const meta of catalog.data.chunks) index.catalog.set(meta.chunkId, meta);
    if (index.catalog.size !== vectors.size || index.bm25.size !== vectors.size) {
      throw new AppError('index_corrupt', `the catalog, BM25 and HNSW files in ${dir} hold different counts`);
    }
    return index;
  }
}
