import { AppError, decodeCursor, encodeCursor, newId } from '@grounded/core';
import type { NumberedSource, Usage } from '@grounded/llm';
import type { Queryable } from '@grounded/storage';
import type { Citation } from '../citations';

export interface Conversation {
  id: string;
  tenantId: string;
  collectionId: string | null;
  ownerId: string | null;
  title: string | null;
  metadata: Record<string, unknown>;
  messageCount: number;
  createdAt: string;
  updatedAt: string;
}

export type MessageRole = 'user' | 'assistant';

export interface StoredMessage {
  id: string;
  conversationId: string;
  seq: number;
  role: MessageRole;
  content: string;
  collectionId: string | null;
  /** user: the standalone query used for retrieval; assistant: the question it answered. */
  query: string | null;
  queryMethod: string | null;
  citations: Citation[];
  invalidCitations: number[];
  usage: Usage | null;
  timing: Record<string, unknown> | null;
  generator: string | null;
  stopReason: string | null;
  abstained: boolean | null;
  createdAt: string;
  /**
   * The documents the message's text came from (its sources and citations, and those behind the
   * history it was answered with): it may be shown only to a caller who may read each of them
   * now. Internal: never part of a response.
   */
  documentIds: string[];
}

/** An assistant message with what is needed to rebuild its prompt (training-data export). */
export interface MessageWithSources extends StoredMessage {
  tenantId: string;
  /** The owner of the message's conversation. */
  ownerId: string | null;
  promptKey: string | null;
  sources: NumberedSource[];
}

interface ConversationRow {
  id: string;
  tenant_id: string;
  seq: string | number;
  collection_id: string | null;
  owner_id: string | null;
  title: string | null;
  metadata: Record<string, unknown>;
  message_count: number;
  created_at: Date | string;
  updated_at: Date | string;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  tenant_id: string;
  seq: number;
  role: MessageRole;
  content: string;
  collection_id: string | null;
  query: string | null;
  query_method: string | null;
  prompt_key: string | null;
  citations: Citation[];
  invalid_citations: number[];
  sources: NumberedSource[];
  usage: Usage | null;
  timing: Record<string, unknown> | null;
  generator: string | null;
  stop_reason: string | null;
  abstained: boolean | null;
  created_at: Date | string;
  document_ids: string[];
  context_document_ids: string[];
  /** Only where the query joins the conversation. */
  owner_id?: string | null;
}

const MESSAGE_COLUMNS = `id, conversation_id, tenant_id, seq, role, content, collection_id, query, query_method,
  prompt_key, citations, invalid_citations, usage, timing, generator, stop_reason, abstained, created_at,
  jsonb_path_query_array(sources || citations, '$[*].documentId') as document_ids, context_document_ids`;

function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    collectionId: row.collection_id,
    ownerId: row.owner_id,
    title: row.title,
    metadata: row.metadata,
    messageCount: row.message_count,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function toMessage(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    role: row.role,
    content: row.content,
    collectionId: row.collection_id,
    query: row.query,
    queryMethod: row.query_method,
    citations: row.citations,
    invalidCitations: row.invalid_citations,
    usage: row.usage,
    timing: row.timing,
    generator: row.generator,
    stopReason: row.stop_reason,
    abstained: row.abstained,
    createdAt: new Date(row.created_at).toISOString(),
    documentIds: [...new Set([...row.document_ids, ...row.context_document_ids])],
  };
}

function toMessageWithSources(row: MessageRow): MessageWithSources {
  return {
    ...toMessage(row),
    tenantId: row.tenant_id,
    ownerId: row.owner_id ?? null,
    promptKey: row.prompt_key,
    sources: row.sources,
  };
}

export interface NewConversation {
  tenantId: string;
  collectionId?: string | null;
  ownerId?: string | null;
  title?: string | null;
  metadata?: Record<string, unknown>;
}

export interface NewMessage {
  conversationId: string;
  tenantId: string;
  role: MessageRole;
  content: string;
  collectionId?: string | null;
  query?: string | null;
  queryMethod?: string | null;
  promptKey?: string | null;
  citations?: Citation[];
  invalidCitations?: number[];
  sources?: NumberedSource[];
  usage?: Usage | null;
  timing?: Record<string, unknown> | null;
  generator?: string | null;
  stopReason?: string | null;
  abstained?: boolean | null;
  /** The documents behind the history this turn was answered with. */
  contextDocumentIds?: readonly string[];
}

/** Tenant-scoped: every read and write names the tenant, so ids never leak across tenants. */
export class ConversationsRepo {
  constructor(private readonly db: Queryable) {}

  async create(input: NewConversation): Promise<Conversation> {
    const { rows } = await this.db.query<ConversationRow>(
      `insert into conversations (id, tenant_id, collection_id, owner_id, title, metadata)
       values ($1, $2, $3, $4, $5, $6::jsonb) returning *`,
      [
        newId('conv'),
        input.tenantId,
        input.collectionId ?? null,
        input.ownerId ?? null,
        input.title ?? null,
        JSON.stringify(input.metadata ?? {}),
      ],
    );
    return toConversation(rows[0]!);
  }

  async find(tenantId: string, id: string, ownerId?: string): Promise<Conversation | null> {
    const { rows } = await this.db.query<ConversationRow>(
      `select * from conversations where id = $1 and tenant_id = $2 and ($3::text is null or owner_id = $3)`,
      [id, tenantId, ownerId ?? null],
    );
    return rows[0] ? toConversation(rows[0]) : null;
  }

  async get(tenantId: string, id: string, ownerId?: string): Promise<Conversation> {
    const found = await this.find(tenantId, id, ownerId);
    if (!found) throw new AppError('conversation_not_found', `conversation ${id} does not exist`);
    return found;
  }

  /** Newest first; `after` is the opaque cursor returned as `nextAfter`. */
  async list(
    tenantId: string,
    options: { limit: number; after?: string | undefined; ownerId?: string | undefined },
  ): Promise<{ items: Conversation[]; nextAfter: string | null }> {
    const after = options.after === undefined ? null : Number(decodeCursor('s', options.after, SEQ));
    const { rows } = await this.db.query<ConversationRow>(
      `select * from conversations where tenant_id = $1 and ($2::bigint is null or seq < $2)
         and ($3::text is null or owner_id = $3)
       order by seq desc limit $4`,
      [tenantId, after, options.ownerId ?? null, options.limit + 1],
    );
    const page = rows.slice(0, options.limit);
    const last = page.at(-1);
    return {
      items: page.map(toConversation),
      nextAfter: rows.length > options.limit && last ? encodeCursor('s', Number(last.seq)) : null,
    };
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('delete from conversations where id = $1 and tenant_id = $2', [
      id,
      tenantId,
    ]);
    return rowCount > 0;
  }

  /**
   * Appends a message. The counter update takes the conversation's row lock, so two turns
   * arriving at once get distinct, ordered seq numbers.
   */
  async appendMessage(input: NewMessage): Promise<StoredMessage> {
    const { rows: counted } = await this.db.query<{ message_count: number }>(
      `update conversations set message_count = message_count + 1, updated_at = now()
       where id = $1 and tenant_id = $2 returning message_count`,
      [input.conversationId, input.tenantId],
    );
    const seq = counted[0]?.message_count;
    if (seq === undefined) {
      throw new AppError('conversation_not_found', `conversation ${input.conversationId} does not exist`);
    }
    const { rows } = await this.db.query<MessageRow>(
      `insert into messages (id, conversation_id, tenant_id, seq, role, content, collection_id, query, query_method,
         prompt_key, citations, invalid_citations, sources, usage, timing, generator, stop_reason, abstained,
         context_document_ids)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13::jsonb, $14::jsonb, $15::jsonb,
         $16, $17, $18, $19)
       returning ${MESSAGE_COLUMNS}`,
      [
        newId('msg'),
        input.conversationId,
        input.tenantId,
        seq,
        input.role,
        input.content,
        input.collectionId ?? null,
        input.query ?? null,
        input.queryMethod ?? null,
        input.promptKey ?? null,
        JSON.stringify(input.citations ?? []),
        JSON.stringify(input.invalidCitations ?? []),
        JSON.stringify(input.sources ?? []),
        input.usage ? JSON.stringify(input.usage) : null,
        input.timing ? JSON.stringify(input.timing) : null,
        input.generator ?? null,
        input.stopReason ?? null,
        input.abstained ?? null,
        [...(input.contextDocumentIds ?? [])],
      ],
    );
    return toMessage(rows[0]!);
  }

  async setQuery(tenantId: string, messageId: string, query: string, method: string): Promise<void> {
    await this.db.query(
      'update messages set query = $3, query_method = $4 where id = $1 and tenant_id = $2',
      [messageId, tenantId, query, method],
    );
  }

  /** Chronological; `after` is the opaque cursor returned as `nextAfter`. */
  async messages(
    tenantId: string,
    conversationId: string,
    options: { limit: number; after?: string | undefined },
  ): Promise<{ items: StoredMessage[]; nextAfter: string | null }> {
    const after = options.after === undefined ? null : Number(decodeCursor('s', options.after, SEQ));
    const { rows } = await this.db.query<MessageRow>(
      `select ${MESSAGE_COLUMNS} from messages where conversation_id = $1 and tenant_id = $2
         and ($3::bigint is null or seq > $3)
       order by seq limit $4`,
      [conversationId, tenantId, after, options.limit + 1],
    );
    const page = rows.slice(0, options.limit);
    const last = page.at(-1);
    return {
      items: page.map(toMessage),
      nextAfter: rows.length > options.limit && last ? encodeCursor('s', last.seq) : null,
    };
  }

  /** The last `limit` messages, oldest first: the history a new turn is answered with. */
  async recentMessages(tenantId: string, conversationId: string, limit: number): Promise<StoredMessage[]> {
    const { rows } = await this.db.query<MessageRow>(
      `select ${MESSAGE_COLUMNS} from messages where conversation_id = $1 and tenant_id = $2
       order by seq desc limit $3`,
      [conversationId, tenantId, limit],
    );
    return rows.map(toMessage).reverse();
  }

  /** `ownerId`: only a message of a conversation that this subject owns. */
  async findMessage(tenantId: string, id: string, ownerId?: string): Promise<MessageWithSources | null> {
    const { rows } = await this.db.query<MessageRow>(
      `select ${MESSAGE_COLUMNS}, sources, owner.owner_id from messages
         join lateral (select c.owner_id from conversations c where c.id = messages.conversation_id) owner on true
       where messages.id = $1 and messages.tenant_id = $2 and ($3::text is null or owner.owner_id = $3)`,
      [id, tenantId, ownerId ?? null],
    );
    return rows[0] ? toMessageWithSources(rows[0]) : null;
  }

  async getMessage(tenantId: string, id: string, ownerId?: string): Promise<MessageWithSources> {
    const found = await this.findMessage(tenantId, id, ownerId);
    if (!found) throw new AppError('message_not_found', `message ${id} does not exist`);
    return found;
  }
}

const SEQ = /^\d{1,18}$/;
