export {
  DEFAULT_RANKING,
  DEFAULT_RERANK_TOP_N,
  type RankingSettings,
  type RerankOutcome,
  type SearchRequest,
  type SearchResult,
  SearchService,
} from './search-service';
