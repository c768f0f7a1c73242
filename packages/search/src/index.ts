export {
  DEFAULT_RANKING,
  type RankingSettings,
  type SearchRequest,
  type SearchResult,
  SearchService,
} from './search-service';
