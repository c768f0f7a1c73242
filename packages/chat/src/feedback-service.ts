import { AppError } from '@grounded/core';
import type { Database } from '@grounded/storage';
import type { ConversationService, Viewer } from './conversation-service';
import { exportTrainingData, type TrainingExportFormat } from './conversation-training-export';
import { type Feedback, FeedbackRepo } from './repositories/feedback-repo';

/** What `onRated` hears: one stored rating of an answer. */
export interface RatedAnswerNotice {
  tenantId: string;
  collectionId: string | null;
  conversationId: string;
  messageId: string;
  /** 1..5 ('down' is 1, 'up' is 5). */
  rating: number;
  reason: string | null;
  /** The question the answer answered (its standalone form). */
  question: string | null;
  answer: string;
}

/**
 * Ratings and corrections of answers, and their export as fine-tuning data (issue #4). Every read
 * and write goes through the message's visibility (issue #12): a caller rates, reads and exports
 * only answers of its own conversations (admins: all), made of documents it may read now.
 */
export class FeedbackService {
  private readonly repo: FeedbackRepo;

  constructor(
    private readonly deps: {
      db: Database;
      conversations: ConversationService;
      /** Told of each rating stored (issue #18: the `feedback.negative` webhook); errors go to onHookError. */
      onRated?: (rated: RatedAnswerNotice) => Promise<unknown>;
      onHookError?: (error: unknown) => void;
    },
  ) {
    this.repo = new FeedbackRepo(deps.db);
  }

  async rate(
    viewer: Viewer,
    messageId: string,
    input: { rating: number; correctedAnswer?: string | undefined; reason?: string | undefined },
  ): Promise<{ feedback: Feedback; created: boolean }> {
    const message = await this.deps.conversations.visibleMessage(viewer, messageId);
    if (message.role !== 'assistant') {
      throw new AppError(
        'feedback_target_invalid',
        'feedback is given on answers (assistant messages) only',
        {
          details: { messageId, role: message.role },
        },
      );
    }
    const outcome = await this.repo.upsert({
      tenantId: viewer.tenantId,
      messageId,
      rating: input.rating,
      correctedAnswer: input.correctedAnswer ?? null,
      reason: input.reason ?? null,
    });
    if (this.deps.onRated) {
      await this.deps
        .onRated({
          tenantId: viewer.tenantId,
          collectionId: message.collectionId,
          conversationId: message.conversationId,
          messageId,
          rating: input.rating,
          reason: input.reason ?? null,
          question: message.query,
          answer: message.content,
        })
        .catch((error: unknown) => this.deps.onHookError?.(error));
    }
    return outcome;
  }

  async forMessage(viewer: Viewer, messageId: string): Promise<Feedback> {
    await this.deps.conversations.visibleMessage(viewer, messageId);
    const found = await this.repo.forMessage(viewer.tenantId, messageId);
    if (!found) throw new AppError('not_found', `message ${messageId} has no feedback`);
    return found;
  }

  export(viewer: Viewer, format: TrainingExportFormat) {
    return exportTrainingData(this.deps.db, {
      tenantId: viewer.tenantId,
      format,
      // A row carries the whole prompt (the retrieved sources) and the answers on both sides.
      mayInclude: async (message) => {
        if (!viewer.seesAllConversations && message.ownerId !== viewer.subjectId) return false;
        return this.deps.conversations.mayShow(viewer, message);
      },
    });
  }
}
