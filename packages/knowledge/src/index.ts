export {
  type AnswerEndEvent,
  type ChatEvent,
  type ChatRequest,
  ChatService,
  type ChatServiceDeps,
  type ChatTiming,
  CitationStreamFilter,
  type GuardrailVerdictEvent,
  SYSTEM_PROMPT,
} from './chat-service';
export { type Citation, resolveCitations } from './citations';
export {
  type ConversationChatEvent,
  type ConversationChatRequest,
  ConversationService,
  type ConversationServiceOptions,
  type ConversationTurn,
  type Page,
  promptKey,
  type StoredAnswerEnd,
  type Viewer,
  type VisibleMessage,
  WITHHELD_ANSWER,
} from './conversation-service';
export {
  type DpoRow,
  exportTrainingData,
  type SftRow,
  type TrainingExportFormat,
  type TrainingRowMetadata,
  trainingPrompt,
} from './conversation-training-export';
export {
  type DeletionReceipt,
  DocumentService,
  type UploadInput,
  type UploadOutcome,
} from './document-service';
export { FeedbackService } from './feedback-service';
export {
  type GuardrailPolicy,
  GuardrailService,
  guardrailPolicySchema,
  type InputCheck,
  policyFromSettings,
  redactSameLength,
} from './guardrail-service';
export { type IndexedCollection, IndexManager, type IndexManagerOptions, indexText } from './index-manager';
export {
  createIngestionHandler,
  INGEST_JOB,
  type IngestionDeps,
  type IngestJobPayload,
  type IngestResult,
  ingestJobPayload,
} from './ingestion-job';
export {
  cleanRewrite,
  createGeneratorRewriter,
  createHeuristicRewriter,
  createQueryRewriter,
  type GeneratorRewriterOptions,
  type HistoryTurn,
  isEllipticalFollowUp,
  type QueryRewriteInput,
  type QueryRewriter,
  REWRITE_INSTRUCTIONS,
  type RewriteMethod,
  type RewrittenQuery,
  rewriteHeuristically,
  salientTerms,
} from './query-rewrite';
export { type AuditContext, type AuditEntry, AuditRepo, type AuditSubject } from './repositories/audit-repo';
export { ChunksRepo, type ChunkView } from './repositories/chunks-repo';
export { type Collection, CollectionsRepo, type NewCollection } from './repositories/collections-repo';
export {
  type Conversation,
  ConversationsRepo,
  type MessageRole,
  type MessageWithSources,
  type NewConversation,
  type NewMessage,
  type StoredMessage,
} from './repositories/conversations-repo';
export { type DocumentRecord, type DocumentStatus, DocumentsRepo } from './repositories/documents-repo';
export { type Feedback, type FeedbackInput, FeedbackRepo } from './repositories/feedback-repo';
export {
  type BatchAggregates,
  type BatchParams,
  type BatchRecord,
  type BatchResultView,
  type BatchStatus,
  SentimentBatchesRepo,
} from './repositories/sentiment-batches-repo';
export { type SentimentModelInfo, SentimentModelsRepo } from './repositories/sentiment-models-repo';
export {
  DEFAULT_RANKING,
  type RankingSettings,
  type SearchRequest,
  type SearchResult,
  SearchService,
} from './search-service';
export {
  createSentimentChunkHandler,
  SENTIMENT_BATCH_CHUNK_JOB,
  type SentimentChunkDeps,
  type SentimentChunkPayload,
  type SentimentChunkResult,
  sentimentChunkPayload,
} from './sentiment-batch-job';
export {
  type BatchReport,
  type BatchStatusView,
  type CreateBatchInput,
  csvCell,
  SentimentBatchService,
  type SentimentBatchServiceOptions,
} from './sentiment-batch-service';
export { InteractiveGate } from './sentiment-interactive-gate';
export {
  type ClassifiedText,
  classifierNameOf,
  lazy,
  SentimentService,
  type SentimentServiceDeps,
  type TrainModelInput,
  type TrainModelOutcome,
} from './sentiment-service';
export {
  type BadRow,
  type GoodRow,
  type ReadRowsOptions,
  type RowColumns,
  readUploadRows,
  shapeRow,
  type UploadFormat,
  type UploadRow,
} from './sentiment-upload-rows';
export { createSummarizeHandler } from './summarize-job';
export {
  readDocumentText,
  SUMMARIZE_JOB,
  type SummarizeJobPayload,
  type SummarizeOptions,
  type SummarizeRequest,
  SummarizeService,
  type SummarizeServiceOptions,
  type SummarizeSource,
  type SummaryResponse,
  type SummarySentenceView,
  type SummarySpan,
} from './summarize-service';
export {
  lazyTranslator,
  type TranslateRequest,
  type TranslateResponse,
  TranslateService,
  type TranslateServiceOptions,
} from './translate-service';
export { decodeVector, encodeVector } from './vector-codec';
