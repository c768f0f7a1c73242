export { createSummarizeHandler } from './summarize-job';
export {
  readDocumentText,
  removeSummariesOf,
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
