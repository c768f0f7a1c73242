/**
 * Contracts of the retrieval package. Vectors are unit-length Float32Arrays; scores are cosine
 * similarities for vector search and BM25 scores for lexical search.
 */
export interface Embedder {
  /** Stable identity recorded on a collection, e.g. 'use-lite' or 'hf:Xenova/bge-small-en-v1.5'. */
  readonly id: string;
  readonly dimension: number;
  /**
   * The languages (ISO 639-1) whose text it embeds with meaning; absent: any (embedderReads). Search
   * ranks a query it cannot read by BM25 alone (USE-lite's vocabulary has no Han characters).
   */
  readonly languages?: readonly string[];
  /** Embeds in batches internally; returns one unit vector per input, in order. */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** What the indexes know about a chunk, for filtering inside the search (before top-k is cut). */
export interface ChunkMeta {
  chunkId: string;
  documentId: string;
  tenantId: string;
  /** Groups/users allowed to read; empty means everyone in the tenant. */
  allowedPrincipals: readonly string[];
  tags: readonly string[];
  /** Epoch milliseconds of the document's date, if any. */
  date: number | null;
  metadata: Record<string, unknown>;
}

export interface SearchFilter {
  tenantId?: string;
  /** The caller's principals (user id and groups). When set, chunks with a non-empty ACL must share one. */
  principals?: readonly string[];
  documentIds?: readonly string[];
  tags?: readonly string[];
  dateFrom?: number;
  dateTo?: number;
  /** Equality on top-level keys of the document's JSON metadata. */
  metadata?: Record<string, unknown>;
}

export type SearchMode = 'bm25' | 'vector' | 'hybrid';

export interface SearchHit {
  chunkId: string;
  documentId: string;
  /** Final score of the mode used (RRF/fused for hybrid). */
  score: number;
  /** 1-based rank in each retriever's own list, when it found the chunk. */
  ranks: { bm25?: number; vector?: number };
  /** Raw scores from each retriever, when it found the chunk. */
  scores: { bm25?: number; vector?: number };
}

export interface Reranker {
  readonly id: string;
  /** Returns one relevance score per passage; higher is better. */
  score(query: string, passages: readonly string[]): Promise<number[]>;
  /** Releases a model, where the adapter holds one; the one lifecycle name every contract uses. */
  close?(): Promise<void>;
}

export interface EmbedOptions {
  signal?: AbortSignal;
  /**
   * 'batch' for ingestion and re-embedding; default 'interactive' (a query someone waits for). An
   * embedder with a queue serves interactive calls first, so chat and search never wait behind
   * batch work (issue #16); others ignore it.
   */
  priority?: 'interactive' | 'batch';
  /**
   * Interactive texts embedded under the same scope (the tenant) may come from a cache of recent
   * query vectors (`withQueryCache`); without a scope nothing is cached. Per scope, so one tenant's
   * response time never tells whether another tenant asked the same question.
   */
  cacheScope?: string;
  /**
   * Each text in a model run of its own: a run over a batch gives a text a vector that differs in the
   * last float bits with the texts beside it (USE-lite: about 1e-7), so scores compared to the last
   * bit, such as the answerer's near-ties between sentences, would follow what was embedded with
   * them. An embedder that batches honours it within the one call; others ignore it.
   */
  alone?: boolean;
}
