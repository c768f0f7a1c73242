export type { TransformersModelOptions } from '@grounded/core';
export { Bm25Index, type Bm25Options, type LexicalHit, type SerializedBm25 } from './bm25-index';
export {
  type CollectionEntry,
  CollectionIndex,
  type CollectionIndexOptions,
  type CollectionSearchOptions,
  type CollectionStats,
} from './collection-index';
export {
  type CrossEncoderReranker,
  type CrossEncoderRerankerOptions,
  createCrossEncoderReranker,
} from './cross-encoder-reranker';
export { exactSearch, type VectorHit } from './exact-search';
export { compileFilter, mayRead } from './filters';
export {
  type FusedItem,
  type FusionOptions,
  normalizedScoreFusion,
  type RankedList,
  reciprocalRankFusion,
  type ScoredList,
} from './fusion';
export {
  type HnswIndexOptions,
  type HnswLoadOptions,
  type HnswManifest,
  HnswVectorIndex,
  idsVersion,
} from './hnsw-vector-index';
export { createLexicalReranker } from './lexical-reranker';
export { maximalMarginalRelevance } from './mmr';
export {
  createRemoteEmbedder,
  embeddingsUrl,
  type RemoteEmbedderOptions,
  remoteEmbedderId,
} from './remote-embedder';
export { createRemoteReranker, type RemoteRerankerOptions, rerankUrl } from './remote-reranker';
export { createTokenizer, lightStem, type Tokenizer, type TokenizerOptions } from './tokenize';
export { createTransformersEmbedder, type TransformersEmbedderOptions } from './transformers-embedder';
export * from './types';
export {
  createUseLiteEmbedder,
  USE_LITE_DIMENSION,
  USE_LITE_ID,
  type UseLiteEmbedderOptions,
} from './use-lite-embedder';
export { dot, normalizeInPlace } from './vector-math';
