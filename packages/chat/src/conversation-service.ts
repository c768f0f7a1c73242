import { AppError, sha256Hex } from '@grounded/core';
import type { GuardrailService } from '@grounded/documents';
import { CollectionsRepo, DocumentsRepo, policyFromSettings } from '@grounded/documents';
import type { Database, Queryable } from '@grounded/storage';
import type { AnswerEndEvent, ChatEvent, ChatRequest, ChatService, TurnContext } from './chat-service';
import {
  type Conversation,
  ConversationsRepo,
  type MessageWithSources,
  type StoredMessage,
} from './repositories/conversations-repo';

/**
 * Who reads stored conversations (issue #12). A conversation is visible to the subject that
 * started it and to whoever sees all of the tenant's (admins); a message is shown only while the
 * viewer may read every document its text came from.
 */
export interface Viewer {
  tenantId: string;
  /** Document ACL principals; undefined = unrestricted. */
  principals?: readonly string[] | undefined;
  /** Who is asking; the conversations it starts are its own. */
  subjectId: string;
  seesAllConversations: boolean;
}

export interface ConversationChatRequest extends ChatRequest, Viewer {
  /** Continue this conversation; without it a new one is started. */
  conversationId?: string;
}

const REMOVED_ANSWER = '[This answer was removed because a document it cited was deleted.]';
const REPLACED_ANSWER = '[This answer was removed because the document text it cited was replaced.]';

/**
 * When documents are deleted: stored answers quote them (citations, the sources kept for feedback
 * export, the answer text and its standalone query), and a correction restates the answer.
 *
 * When a document was replaced: chunk ids hash the exact chunk text and packing shifts every later
 * boundary, so one edited sentence changes most ids while their text is still there word for word.
 * An answer goes only when a quote it cites from the document, or the text of a source from it that
 * it was shown, no longer occurs in the new text; otherwise it stays whole.
 */
export async function redactAnswersCiting(
  tx: Queryable,
  tenantId: string,
  removed: { documentIds: readonly string[]; replacement?: { text: string } | undefined },
): Promise<string[]> {
  if (removed.documentIds.length === 0) return [];
  if (removed.replacement)
    return redactAnswersQuotingLostText(tx, tenantId, removed.documentIds, removed.replacement.text);
  // Ids are matched as unnest(...) = any($2), not with the array operator &&: with the thousands
  // of ids of a collection, && compares every pair per row (minutes over a large tenant), while
  // = any over a parameter array is hashed.
  // A follow-up's answer and standalone query may restate the history they were made with
  // (context_document_ids, issue #12): with a deleted document they go too, as the read side
  // already withholds them.
  const { rows } = await tx.query<{ id: string }>(
    `update messages m set content = $3, citations = '[]'::jsonb, sources = '[]'::jsonb, query = null
     where m.tenant_id = $1 and m.role = 'assistant' and (
       exists (select 1 from unnest(m.context_document_ids) as c(id) where c.id = any($2::text[])) or exists (
         select 1 from jsonb_array_elements(m.citations || m.sources) as quoted
         where quoted->>'documentId' = any($2::text[])))
     returning m.id`,
    [tenantId, removed.documentIds, REMOVED_ANSWER],
  );
  await tx.query(
    `update messages set query = null
     where tenant_id = $1 and role = 'user' and query is not null
       and exists (select 1 from unnest(context_document_ids) as c(id) where c.id = any($2::text[]))`,
    [tenantId, removed.documentIds],
  );
  // What restated the deleted documents went above; their ids stay no longer. A later turn takes
  // its context from the stored messages, and a missing document counts as unreadable, so every
  // later answer of the conversation would be shown withheld.
  await tx.query(
    `update messages set context_document_ids = array(
       select id from unnest(context_document_ids) as id where id <> all($2::text[]))
     where tenant_id = $1
       and exists (select 1 from unnest(context_document_ids) as c(id) where c.id = any($2::text[]))`,
    [tenantId, removed.documentIds],
  );
  const ids = rows.map((row) => row.id);
  await nullCorrections(tx, tenantId, ids);
  return ids;
}

async function redactAnswersQuotingLostText(
  tx: Queryable,
  tenantId: string,
  documentIds: readonly string[],
  text: string,
): Promise<string[]> {
  // Every passage of the replaced document the answer cited (its quote) or was shown (a source's
  // text) must still occur verbatim in the new text: an answer may restate an uncited source, so a
  // lost source takes the answer too, not just the source. A missing or empty span counts as lost
  // (strpos(text, '') is 1, which would keep it); an entry with no documentId is another
  // document's and never matches (coalesce turns the NULL comparison into false).
  const { rows } = await tx.query<{ id: string }>(
    `update messages m set content = $3, citations = '[]'::jsonb, sources = '[]'::jsonb, query = null
     where m.tenant_id = $1 and m.role = 'assistant' and exists (
       select 1 from jsonb_array_elements(m.citations || m.sources) as shown(entry)
       where coalesce(shown.entry->>'documentId' = any($2::text[]), false)
         and coalesce(strpos($4::text, nullif(coalesce(shown.entry->>'quote', shown.entry->>'text'), '')) = 0, true))
     returning m.id`,
    [tenantId, documentIds, REPLACED_ANSWER, text],
  );
  const ids = rows.map((row) => row.id);
  await nullCorrections(tx, tenantId, ids);
  return ids;
}

async function nullCorrections(
  tx: Queryable,
  tenantId: string,
  messageIds: readonly string[],
): Promise<void> {
  if (messageIds.length === 0) return;
  await tx.query(
    'update feedback set corrected_answer = null where tenant_id = $1 and message_id = any($2::text[])',
    [tenantId, messageIds],
  );
}

/** What a message shows once withheld: its text came from a document the viewer may not read. */
export const WITHHELD_ANSWER = '[This answer is withheld: it used a document you may not read.]';

/** A stored message as a viewer sees it. */
export type VisibleMessage = Omit<StoredMessage, 'documentIds'> & { withheld: boolean };

export interface Page<T> {
  items: T[];
  nextAfter: string | null;
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
  /**
   * Told of each stored answer (issue #18: the `answer.abstained` webhook). Its failure is
   * reported to `onHookError`, never to the asker, whose answer is already stored.
   */
  onAnswer?: (answer: StoredAnswerNotice) => Promise<unknown>;
  onHookError?: (error: unknown) => void;
  /**
   * Removes what other features keep of deleted conversations (webhook payloads with their
   * transcripts and answers), inside the deletion's transaction.
   */
  onDeleted?: (tx: Queryable, tenantId: string, conversationIds: readonly string[]) => Promise<unknown>;
}

/** What `onAnswer` hears: the stored question and answer of one turn. */
export interface StoredAnswerNotice {
  tenantId: string;
  collectionId: string;
  conversationId: string;
  messageId: string;
  userMessageId: string;
  /** As stored (PII-redacted as the collection's policy says). */
  question: string;
  standaloneQuery: string;
  abstained: boolean;
}

/**
 * Chat with memory: stores each question and answer (with citations, sources, usage and timing)
 * and answers follow-ups with the stored history, which the chat service rewrites into a
 * standalone query before retrieval.
 */
export class ConversationService {
  readonly repo: ConversationsRepo;
  private readonly collections: CollectionsRepo;
  private readonly documents: DocumentsRepo;

  constructor(private readonly options: ConversationServiceOptions) {
    this.repo = new ConversationsRepo(options.db);
    this.collections = new CollectionsRepo(options.db);
    this.documents = new DocumentsRepo(options.db);
  }

  async create(
    viewer: Viewer,
    input: {
      collectionId?: string | undefined;
      title?: string | undefined;
      metadata?: Record<string, unknown> | undefined;
    },
  ): Promise<Conversation> {
    if (input.collectionId) await this.collections.get(viewer.tenantId, input.collectionId);
    return this.repo.create({
      tenantId: viewer.tenantId,
      collectionId: input.collectionId ?? null,
      ownerId: viewer.subjectId,
      title: input.title ?? null,
      ...(input.metadata ? { metadata: input.metadata } : {}),
    });
  }

  list(viewer: Viewer, page: { limit: number; after?: string | undefined }): Promise<Page<Conversation>> {
    return this.repo.list(viewer.tenantId, { ...page, ownerId: ownerFilter(viewer) });
  }

  /** Someone else's conversation does not exist for the viewer. */
  get(viewer: Viewer, id: string): Promise<Conversation> {
    return this.repo.get(viewer.tenantId, id, ownerFilter(viewer));
  }

  async messages(
    viewer: Viewer,
    id: string,
    page: { limit: number; after?: string | undefined },
  ): Promise<Page<VisibleMessage>> {
    await this.get(viewer, id);
    const { items, nextAfter } = await this.repo.messages(viewer.tenantId, id, page);
    return { items: await this.withhold(viewer, items), nextAfter };
  }

  async delete(viewer: Viewer, id: string): Promise<void> {
    await this.get(viewer, id);
    await this.options.db.transaction(async (tx) => {
      await new ConversationsRepo(tx).delete(viewer.tenantId, id);
      await this.options.onDeleted?.(tx, viewer.tenantId, [id]);
    });
  }

  /**
   * A message the viewer may see whole: in a conversation of its own (or any, for admins) and
   * made only of documents it may read now. Anything else does not exist for the viewer.
   */
  async visibleMessage(viewer: Viewer, id: string): Promise<MessageWithSources> {
    const message = await this.repo.findMessage(viewer.tenantId, id, ownerFilter(viewer));
    if (!message || !(await this.mayShow(viewer, message))) {
      throw new AppError('message_not_found', `message ${id} does not exist`);
    }
    return message;
  }

  /** Whether the viewer may read every document this message's text came from. */
  async mayShow(viewer: Viewer, message: Pick<StoredMessage, 'documentIds'>): Promise<boolean> {
    const hidden = await this.documents.unreadable(viewer.tenantId, message.documentIds, viewer.principals);
    return hidden.size === 0;
  }

  /**
   * Messages as the viewer may see them: one whose text came from a document the viewer may not
   * read now keeps its place in the conversation, without its text or citations.
   */
  async withhold(viewer: Viewer, messages: readonly StoredMessage[]): Promise<VisibleMessage[]> {
    const hidden = await this.documents.unreadable(
      viewer.tenantId,
      messages.flatMap((m) => m.documentIds),
      viewer.principals,
    );
    return messages.map(({ documentIds, ...message }) => {
      if (!documentIds.some((id) => hidden.has(id))) return { ...message, withheld: false };
      // A question is the asker's own text; its standalone rewrite may restate earlier answers.
      if (message.role === 'user') return { ...message, query: null, withheld: true };
      return {
        ...message,
        content: WITHHELD_ANSWER,
        query: null,
        citations: [],
        invalidCitations: [],
        withheld: true,
      };
    });
  }

  /**
   * Validates the request, starts or loads the conversation and stores the question. Split from
   * `run` so that the HTTP layer can report these failures with their status before it commits
   * to a streamed 200.
   */
  async begin(request: ConversationChatRequest): Promise<ConversationTurn> {
    const { tenantId } = request;
    // Read once for the whole turn, and first, so that a bad collection id does not leave an
    // empty conversation behind.
    const collection = await this.collections.get(tenantId, request.collectionId);
    const guardrails = this.options.guardrails;
    const context: TurnContext = {
      collection,
      policy: guardrails ? policyFromSettings(collection.settings) : null,
    };
    // What is stored (and later shown as history) never keeps a PII value the policy redacts.
    const storedQuestion =
      guardrails && context.policy
        ? guardrails.redactUserText(request.message, context.policy).text
        : request.message;
    let history = request.history ?? [];
    let contextDocumentIds: string[] = [];
    let conversationId = request.conversationId;
    // A stored conversation's assistant turns are our own answers; a client's history is its own writing.
    const storedHistory = conversationId !== undefined;
    if (conversationId) {
      const conversation = await this.get(request, conversationId);
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
      // The history goes into the prompt: a withheld answer must not come back through it, and
      // what this turn stores may restate the rest, so it inherits their documents (issue #12).
      history = toHistory(await this.withhold(request, stored));
      contextDocumentIds = [...new Set(stored.flatMap((m) => m.documentIds))];
    } else {
      const created = await this.repo.create({
        tenantId,
        collectionId: request.collectionId,
        ownerId: request.subjectId,
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
      contextDocumentIds,
    });
    const { conversationId: _c, subjectId: _s, seesAllConversations: _a, ...chatRequest } = request;
    return {
      conversationId,
      userMessageId: userMessage.id,
      history,
      run: (chat) =>
        this.run(
          chat,
          { ...chatRequest, history, historySource: storedHistory ? 'stored' : 'client' },
          context,
          {
            conversationId,
            userMessageId: userMessage.id,
            contextDocumentIds,
            question: storedQuestion,
          },
        ),
    };
  }

  async *chat(chat: ChatService, request: ConversationChatRequest): AsyncGenerator<ConversationChatEvent> {
    yield* (await this.begin(request)).run(chat);
  }

  /** The turn's answer, then its persistence: the last stage of the chat pipeline. */
  private async *run(
    chat: ChatService,
    request: ChatRequest,
    context: TurnContext,
    stored: {
      conversationId: string;
      userMessageId: string;
      contextDocumentIds: readonly string[];
      question: string;
    },
  ): AsyncGenerator<ConversationChatEvent> {
    const { tenantId } = request;
    const { conversationId, userMessageId, contextDocumentIds } = stored;
    for await (const event of chat.answer(request, context)) {
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
        contextDocumentIds,
      });
      if (this.options.onAnswer) {
        await this.options
          .onAnswer({
            tenantId,
            collectionId: request.collectionId,
            conversationId,
            messageId: answer.id,
            userMessageId,
            question: stored.question,
            standaloneQuery: end.query.query,
            abstained: end.abstained,
          })
          .catch((error: unknown) => this.options.onHookError?.(error));
      }
      yield { ...end, conversationId, messageId: answer.id, userMessageId };
    }
  }
}

/** An answer the client never saw in full (aborted) is not context the user knows about. */
function toHistory(messages: readonly VisibleMessage[]): { role: 'user' | 'assistant'; content: string }[] {
  return messages
    .filter((m) => !(m.role === 'assistant' && m.stopReason === 'abort'))
    .map((m) => ({ role: m.role, content: m.content }));
}

function ownerFilter(viewer: Viewer): string | undefined {
  return viewer.seesAllConversations ? undefined : viewer.subjectId;
}
