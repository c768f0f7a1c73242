export { assertBuiltWith, CollectionService } from './collection-service';
export {
  type DeletionReceipt,
  type DocumentCopyRemover,
  DocumentService,
  type UploadInput,
  type UploadOutcome,
} from './document-service';
export {
  type EmbedderIdentity,
  EmbedderRegistry,
  type EmbedderRegistryOptions,
  type EmbedderResolver,
  type EmbedderSpec,
} from './embedders';
export {
  type GuardrailPolicy,
  GuardrailService,
  guardrailPolicySchema,
  type InputCheck,
  policyFromSettings,
  redactSameLength,
} from './guardrail-service';
export { type IndexedCollection, IndexManager, type IndexManagerOptions } from './index-manager';
export { indexText } from './index-text';
export {
  createIngestionHandler,
  INGEST_JOB,
  type IngestionDeps,
  type IngestJobPayload,
  type IngestResult,
  ingestJobPayload,
} from './ingestion-job';
export {
  createReembedHandler,
  REEMBED_JOB,
  type ReembedDeps,
  type ReembedJobPayload,
  type ReembedResult,
  ReembedService,
  reembedJobPayload,
} from './reembedding';
export { type AuditContext, type AuditEntry, AuditRepo, type AuditSubject } from './repositories/audit-repo';
export { ChunksRepo, type ChunkView } from './repositories/chunks-repo';
export { type Collection, CollectionsRepo, type NewCollection } from './repositories/collections-repo';
export { type DocumentRecord, type DocumentStatus, DocumentsRepo } from './repositories/documents-repo';
export { decodeVector, encodeVector } from './vector-codec';
