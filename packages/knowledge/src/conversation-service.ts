import { AppError, sha256Hex } from '@grounded/core';
import type { Database } from '@grounded/storage';
import type { AnswerEndEvent, ChatEvent, ChatRequest, ChatService } from './chat-service';
import type { GuardrailService } from './guardrail-service';
import { CollectionsRepo } from './repositories/collections-repo';
import { ConversationsRepo, type StoredMessage } from './repositories/conversations-repo';

export interface ConversationChatRequest extends ChatRequest {
  /** Continue this conversation; without it a new one is started. */
  conversationId?: string;
  /** The end user, once auth identifies one (issue #7): scopes which conversations they see. */
  ownerId?: string;
}

/** The answer-end event as clients see it: always with the conversation and message ids. */
export type StoredAnswerEnd = Omit<AnswerEndEvent, 'sources'> & {
  conversationId: string;
  messageId: string;
  userMessageId: string;
};

export type ConversationChatEvent = Exclude<ChatEvent, AnswerEndEvent> | StoredAnswerEnd;

/**
 * Identifies "the same prompt" across conversations: same collection, same standalone question
 * up to case, spacing and trailing punctuation. Preference pairs are built from answers that share it.
 */
export function promptKey(collectionId: string, question: string): string {
  const normalised = question
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/[\s?？.。!！]+$/u, '')
    .trim();
  return sha256Hex(`${collectionId}\n${normalised}`);
}

export interface ConversationTurn {
  conversationId: string;
  userMessageId: string;
  /** The history the answer will see (stored turns, or the request's own for a new conversation). */
  history: { role: 'user' | 'assistant'; content: string }[];
  run(chat: ChatService): AsyncGenerator<ConversationChatEvent>;
}

export interface ConversationServiceOptions {
  db: Database;
  /** Stored questions are PII-redacted as the collection's policy says. */
  guardrails?: GuardrailService;
  /** Messages of history an answer sees (the composer trims further to the context window). */
  historyMessages?: number;
}

/**
 * Chat with memory: stores each question and answer (with citations, sources, usage and timing)
 * and answers follow-ups with the stored history, which the chat service rewrites into a
 * standalone query before retrieval.
 */
export class ConversationService {
  readonly repo: ConversationsRepo;
  private readonly collections: CollectionsRepo;

  constructor(private readonly options: ConversationServiceOptions) {
    this.repo = new ConversationsRepo(options.db);
    this.collections = new CollectionsRepo(options.db);
  }

  /**
   * Validates the request, starts or loads the conversation and stores the question. Split from
   * `run` so that the HTTP layer can report these failures with their status before it commits
   * to a streamed 200.
   */
  async begin(request: ConversationChatRequest): Promise<ConversationTurn> {
    const { tenantId } = request;
    // Checked first so that a bad collection id does not leave an empty conversation behind.
    await this.collections.get(tenantId, request.collectionId);
    const guardrails = this.options.guardrails;
    // What is stored (and later shown as history) never keeps a PII value the policy redacts.
    const storedQuestion = guardrails
      ? guardrails.redactOutput(request.message, await guardrails.policyFor(tenantId, request.collectionId))
          .text
      : request.message;
    let history = request.history ?? [];
    let conversationId = request.conversationId;
    if (conversationId) {
      const conversation = await this.repo.get(tenantId, conversationId, request.ownerId);
      // A conversation stays with its collection: its history is about those documents, and a
      // caller scoped to one collection (a widget token) must not read another's turns.
      if (conversation.collectionId && conversation.collectionId !== request.collectionId) {
        throw new AppError('conflict', `conversation ${conversationId} belongs to another collection`, {
          details: { conversationCollectionId: conversation.collectionId },
        });
      }
      const stored = await this.repo.recentMessages(
        tenantId,
        conversationId,
        this.options.historyMessages ?? 20,
      );
      history = toHistory(stored);
    } else {
      const created = await this.repo.create({
        tenantId,
        collectionId: request.collectionId,
        ownerId: request.ownerId ?? null,
        title: storedQuestion.trim().slice(0, 120),
      });
      conversationId = created.id;
    }
    const userMessage = await this.repo.appendMessage({
      conversationId,
      tenantId,
      role: 'user',
      content: storedQuestion,
      collectionId: request.collectionId,
    });
    const { conversationId: _c, ownerId: _o, ...chatRequest } = request;
    return {
      conversationId,
      userMessageId: userMessage.id,
      history,
      run: (chat) => this.run(chat, { ...chatRequest, history }, conversationId, userMessage.id),
    };
  }

  async *chat(chat: ChatService, request: ConversationChatRequest): AsyncGenerator<ConversationChatEvent> {
    yield* (await this.begin(request)).run(chat);
  }

  private async *run(
    chat: ChatService,
    request: ChatRequest,
    conversationId: string,
    userMessageId: string,
  ): AsyncGenerator<ConversationChatEvent> {
    const { tenantId } = request;
    for await (const event of chat.answer(request)) {
      if (event.type !== 'answer-end') {
        yield event;
        continue;
      }
      const { sources, ...end } = event;
      await this.repo.setQuery(tenantId, userMessageId, end.query.query, end.query.method);
      const answer = await this.repo.appendMessage({
        conversationId,
        tenantId,
        role: 'assistant',
        content: end.answer,
        collectionId: request.collectionId,
        query: end.query.query,
        queryMethod: end.query.method,
        promptKey: promptKey(request.collectionId, end.query.query),
        citations: end.citations,
        invalidCitations: end.invalidCitations,
        sources: sources ?? [],
        usage: end.usage,
        timing: { ...end.timing },
        generator: end.generator,
        stopReason: end.stopReason,
        abstained: end.abstained,
      });
      yield { ...end, conversationId, messageId: answer.id, userMessageId };
    }
  }
}

/** An answer the client never saw in full (aborted) is not context the user knows about. */
function toHistory(messages: readonly StoredMessage[]): { role: 'user' | 'assistant'; content: string }[] {
  return messages
    .filter((m) => !(m.role === 'assistant' && m.stopReason === 'abort'))
    .map((m) => ({ role: m.role, content: m.content }));
}
