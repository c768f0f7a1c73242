export { CitationStreamFilter } from './answer-stream';
export {
  type AnswerEndEvent,
  type ChatEvent,
  type ChatRequest,
  ChatService,
  type ChatServiceDeps,
  type ChatTiming,
  type GuardrailVerdictEvent,
  SYSTEM_PROMPT,
  type TurnContext,
} from './chat-service';
export { type Citation, type CitedSpan, citedSpans, resolveCitations } from './citations';
export {
  type ConversationChatEvent,
  type ConversationChatRequest,
  ConversationService,
  type ConversationServiceOptions,
  type ConversationTurn,
  type Page,
  promptKey,
  redactAnswersCiting,
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
export { FeedbackService } from './feedback-service';
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
export {
  type Conversation,
  ConversationsRepo,
  type MessageRole,
  type MessageWithSources,
  type NewConversation,
  type NewMessage,
  type StoredMessage,
} from './repositories/conversations-repo';
export { type Feedback, type FeedbackInput, FeedbackRepo } from './repositories/feedback-repo';
