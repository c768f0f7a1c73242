export {
  type ChatEvent,
  type ChatRequest,
  ChatService,
  type ChatTiming,
  SYSTEM_PROMPT,
} from './chat-service';
export { type Citation, resolveCitations } from './citations';
export {
  type DeletionReceipt,
  DocumentService,
  type UploadInput,
  type UploadOutcome,
} from './document-service';
export { type IndexedCollection, IndexManager, type IndexManagerOptions, indexText } from './index-manager';
export {
  createIngestionHandler,
  INGEST_JOB,
  type IngestionDeps,
  type IngestJobPayload,
  type IngestResult,
  ingestJobPayload,
} from './ingestion-job';
export { ChunksRepo, type ChunkView } from './repositories/chunks-repo';
export { type Collection, CollectionsRepo, type NewCollection } from './repositories/collections-repo';
export { type DocumentRecord, type DocumentStatus, DocumentsRepo } from './repositories/documents-repo';
export { type SearchRequest, type SearchResult, SearchService } from './search-service';
export { decodeVector, encodeVector } from './vector-codec';
