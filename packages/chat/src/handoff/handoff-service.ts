import { AppError, newId } from '@grounded/core';
import type { Database } from '@grounded/storage';
import type { ConversationService, Viewer } from '../conversation-service';

/** A collection's handoff setting, as stored (migrations/0011_handoff_webhooks.sql). */
export type HandoffSetting =
  | { type: 'url'; url: string }
  | { type: 'email'; address: string }
  | { type: 'webhook'; url: string; webhookId: string };

export type HandoffInput =
  | { type: 'url'; url: string }
  | { type: 'email'; address: string }
  | { type: 'webhook'; url: string };

export type HandoffReason = 'abstained' | 'negative_feedback' | 'customer_request';

/** The sentiment classifiers as the batch jobs use them (SentimentService.classify). */
export interface TurnSentimentSource {
  classify(
    tenantId: string,
    texts: readonly string[],
  ): Promise<{ label: string; score: number; confidence: number; classifier: string }[]>;
}

/** Where events go (WebhookService): structural, so chat does not depend on the webhooks package. */
export interface HandoffEvents {
  createEndpoint(
    tenantId: string,
    input: { url: string; events: readonly 'handoff.requested'[]; collectionId: string },
  ): Promise<{ id: string; secret: string }>;
  deleteEndpoint(tenantId: string, id: string): Promise<void>;
  emit(
    tenantId: string,
    event: 'handoff.requested' | 'conversation.escalated',
    data: Record<string, unknown>,
    scope: { collectionId: string },
  ): Promise<{ id: string; endpointId: string }[]>;
}

export interface HandoffSentiment {
  /** Mean of the customer turns' signed scores, in [-1, 1]. */
  score: number;
  /** The most frequent label of the customer's turns; ties go to the more negative. */
  label: string;
  turns: { messageId: string; label: string; score: number; confidence: number; classifier: string }[];
}

export interface HandoffOutcome {
  handoffId: string;
  conversationId: string;
  channel: HandoffSetting['type'];
  reason: HandoffReason;
  /** url: where to send the visitor. */
  url?: string;
  /** email: the address and a subject naming the conversation, for a mailto link. */
  email?: { address: string; subject: string };
  /** webhook: the delivery to the collection's handoff endpoint. */
  deliveryId?: string;
  sentiment: HandoffSentiment;
}

const LABEL_ORDER = ['negative', 'mixed', 'neutral', 'positive'];

/**
 * Human handoff (issue #18). Each collection may name where a conversation goes when the
 * assistant cannot help: a page (URL), an e-mail address, or a webhook that receives the
 * transcript, its citations and the customer's sentiment. The transcript is the conversation as
 * the asker may see it (withheld answers stay withheld).
 */
export class HandoffService {
  constructor(
    private readonly deps: {
      db: Database;
      conversations: ConversationService;
      sentiment: TurnSentimentSource;
      events: HandoffEvents;
    },
  ) {}

  async setting(tenantId: string, collectionId: string): Promise<HandoffSetting | null> {
    const { rows } = await this.deps.db.query<{ handoff: HandoffSetting | null }>(
      'select handoff from collections where tenant_id = $1 and id = $2',
      [tenantId, collectionId],
    );
    if (!rows[0]) throw new AppError('collection_not_found', `collection ${collectionId} does not exist`);
    return rows[0].handoff;
  }

  /** Sets (or, with null, removes) the setting; a webhook gets its own endpoint and secret. */
  async configure(
    tenantId: string,
    collectionId: string,
    input: HandoffInput | null,
  ): Promise<{ handoff: HandoffSetting | null; secret?: string }> {
    const previous = await this.setting(tenantId, collectionId);
    let handoff: HandoffSetting | null = input as HandoffSetting | null;
    let secret: string | undefined;
    if (input?.type === 'webhook') {
      const endpoint = await this.deps.events.createEndpoint(tenantId, {
        url: input.url,
        events: ['handoff.requested'],
        collectionId,
      });
      handoff = { type: 'webhook', url: input.url, webhookId: endpoint.id };
      secret = endpoint.secret;
    }
    await this.deps.db.query('update collections set handoff = $3::jsonb where tenant_id = $1 and id = $2', [
      tenantId,
      collectionId,
      handoff === null ? null : JSON.stringify(handoff),
    ]);
    if (previous?.type === 'webhook') {
      await this.deps.events.deleteEndpoint(tenantId, previous.webhookId).catch(() => undefined);
    }
    return { handoff, ...(secret ? { secret } : {}) };
  }

  async request(
    viewer: Viewer,
    conversationId: string,
    input: { reason: HandoffReason; note?: string | undefined },
    /** A widget token's collection: another collection's conversation does not exist for it. */
    onlyCollectionId?: string,
  ): Promise<HandoffOutcome> {
    const conversation = await this.deps.conversations.get(viewer, conversationId);
    if (onlyCollectionId !== undefined && conversation.collectionId !== onlyCollectionId) {
      throw new AppError('conversation_not_found', `conversation ${conversationId} does not exist`);
    }
    if (!conversation.collectionId) {
      throw new AppError('handoff_not_configured', 'this conversation belongs to no collection');
    }
    const collectionId = conversation.collectionId;
    const setting = await this.setting(viewer.tenantId, collectionId);
    if (!setting) {
      throw new AppError('handoff_not_configured', `collection ${collectionId} has no handoff setting`);
    }
    const { items } = await this.deps.conversations.messages(viewer, conversationId, { limit: 200 });
    const asked = items.filter((m) => m.role === 'user');
    const classified =
      asked.length === 0
        ? []
        : await this.deps.sentiment.classify(
            viewer.tenantId,
            asked.map((m) => m.content),
          );
    const turns = asked.map((m, i) => ({
      messageId: m.id,
      label: classified[i]!.label,
      score: classified[i]!.score,
      confidence: classified[i]!.confidence,
      classifier: classified[i]!.classifier,
    }));
    const sentiment: HandoffSentiment = {
      score: turns.length === 0 ? 0 : turns.reduce((sum, t) => sum + t.score, 0) / turns.length,
      label: overallLabel(turns.map((t) => t.label)),
      turns,
    };
    const handoffId = newId('ho');
    const transcript = items.map((m) => ({
      messageId: m.id,
      role: m.role,
      content: m.content,
      createdAt: m.createdAt,
      ...(m.role === 'assistant'
        ? {
            abstained: m.abstained,
            citations: m.citations.map((c) => ({
              number: c.number,
              documentId: c.documentId,
              documentTitle: c.documentTitle,
              quote: c.quote,
              start: c.start,
              end: c.end,
            })),
          }
        : {}),
    }));
    const data = {
      handoffId,
      conversationId,
      collectionId,
      reason: input.reason,
      ...(input.note ? { note: input.note } : {}),
      transcript,
      sentiment,
    };
    const deliveries = await this.deps.events.emit(viewer.tenantId, 'handoff.requested', data, {
      collectionId,
    });
    await this.deps.events.emit(viewer.tenantId, 'conversation.escalated', data, { collectionId });
    const deliveryId =
      setting.type === 'webhook' ? deliveries.find((d) => d.endpointId === setting.webhookId)?.id : undefined;
    await this.deps.db.query(
      `insert into handoffs (id, tenant_id, conversation_id, collection_id, channel, reason, sentiment, delivery_id)
       values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
      [
        handoffId,
        viewer.tenantId,
        conversationId,
        collectionId,
        setting.type,
        input.reason,
        JSON.stringify(sentiment),
        deliveryId ?? null,
      ],
    );
    return {
      handoffId,
      conversationId,
      channel: setting.type,
      reason: input.reason,
      ...(setting.type === 'url' ? { url: setting.url } : {}),
      ...(setting.type === 'email'
        ? { email: { address: setting.address, subject: `Help with conversation ${conversationId}` } }
        : {}),
      ...(deliveryId ? { deliveryId } : {}),
      sentiment,
    };
  }
}

function overallLabel(labels: readonly string[]): string {
  if (labels.length === 0) return 'neutral';
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  const rank = (label: string) =>
    LABEL_ORDER.includes(label) ? LABEL_ORDER.indexOf(label) : LABEL_ORDER.length;
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]))[0]![0];
}
