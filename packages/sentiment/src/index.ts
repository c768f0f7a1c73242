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
  assertTrainingRows,
  type BadRow,
  type GoodRow,
  type ReadRowsOptions,
  type RowColumns,
  readLabelledRows,
  readUploadRows,
  shapeRow,
  type UploadFormat,
  type UploadRow,
  uploadFormatOf,
} from './sentiment-upload-rows';
