import { AppError, newId } from '@grounded/core';
import type { JobHandler, JobQueue } from '@grounded/jobs';
import type { Database } from '@grounded/storage';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  newWebhookSecret,
  SIGNATURE_HEADER,
  signatureHeader,
} from './signing';

/**
 * The events an endpoint may subscribe to (issue #18). `conversation.escalated` is sent with
 * `handoff.requested` (same data), for receivers that follow the naming.
 */
export const WEBHOOK_EVENTS = [
  'handoff.requested',
  'conversation.escalated',
  'answer.abstained',
  'feedback.created',
  'feedback.negative',
  'batch.completed',
  'document.failed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_DELIVER_JOB = 'webhook.deliver';

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEvent[];
  collectionId: string | null;
  createdAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  event: WebhookEvent;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  replayOf: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

interface EndpointRow {
  id: string;
  tenant_id: string;
  url: string;
  secret: string;
  events: WebhookEvent[];
  collection_id: string | null;
  created_at: Date | string;
}

interface DeliveryRow {
  id: string;
  seq: string | number;
  tenant_id: string;
  endpoint_id: string;
  event: WebhookEvent;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  replay_of: string | null;
  created_at: Date | string;
  delivered_at: Date | string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    collectionId: row.collection_id,
    createdAt: iso(row.created_at),
  };
}

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    event: row.event,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    replayOf: row.replay_of,
    createdAt: iso(row.created_at),
    deliveredAt: row.delivered_at === null ? null : iso(row.delivered_at),
  };
}

export interface WebhookServiceOptions {
  db: Database;
  queue: Pick<JobQueue, 'enqueue'>;
  /** Tries per delivery, the first included; the queue backs off exponentially between them. */
  maxAttempts?: number;
  /** Per try: the receiver must answer within this. */
  timeoutMs?: number;
  /** The clock that timestamps signatures (tests). */
  now?: () => Date;
}

/**
 * Webhooks (issue #18): endpoints with their own signing secret, and a durable delivery log. Each
 * delivery is a row plus one queued job whose retries (after a network error, a 5xx or a 429) are
 * the queue's attempts with exponential backoff; a 4xx other than 429 fails it at once. A
 * delivery can be replayed by id: a new row with the same event and payload, signed anew.
 */
export class WebhookService {
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: WebhookServiceOptions) {
    this.maxAttempts = options.maxAttempts ?? 6;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async createEndpoint(
    tenantId: string,
    input: { url: string; events: readonly WebhookEvent[]; collectionId?: string | null | undefined },
  ): Promise<WebhookEndpoint & { secret: string }> {
    const secret = newWebhookSecret();
    const { rows } = await this.options.db.query<EndpointRow>(
      `insert into webhook_endpoints (id, tenant_id, url, secret, events, collection_id)
       values ($1, $2, $3, $4, $5, $6) returning *`,
      [newId('wh'), tenantId, input.url, secret, [...new Set(input.events)], input.collectionId ?? null],
    );
    return { ...toEndpoint(rows[0]!), secret };
  }

  async listEndpoints(tenantId: string): Promise<WebhookEndpoint[]> {
    const { rows } = await this.options.db.query<EndpointRow>(
      'select * from webhook_endpoints where tenant_id = $1 order by created_at, id',
      [tenantId],
    );
    return rows.map(toEndpoint);
  }

  async getEndpoint(tenantId: string, id: string): Promise<WebhookEndpoint> {
    const { rows } = await this.options.db.query<EndpointRow>(
      'select * from webhook_endpoints where tenant_id = $1 and id = $2',
      [tenantId, id],
    );
    if (!rows[0]) throw new AppError('webhook_not_found', `webhook ${id} does not exist`);
    return toEndpoint(rows[0]);
  }

  async deleteEndpoint(tenantId: string, id: string): Promise<void> {
    const { rowCount } = await this.options.db.query(
      'delete from webhook_endpoints where tenant_id = $1 and id = $2',
      [tenantId, id],
    );
    if (rowCount === 0) throw new AppError('webhook_not_found', `webhook ${id} does not exist`);
  }

  /**
   * Queues the event for every endpoint of the tenant that subscribes to it (those bound to a
   * collection only for that collection's events). Returns the deliveries made.
   */
  async emit(
    tenantId: string,
    event: WebhookEvent,
    data: Record<string, unknown>,
    scope: { collectionId?: string | null | undefined; endpointId?: string } = {},
  ): Promise<WebhookDelivery[]> {
    const { rows: endpoints } = await this.options.db.query<{ id: string }>(
      `select id from webhook_endpoints
       where tenant_id = $1 and $2 = any(events)
         and (collection_id is null or collection_id = $3)
         and ($4::text is null or id = $4)`,
      [tenantId, event, scope.collectionId ?? null, scope.endpointId ?? null],
    );
    const deliveries: WebhookDelivery[] = [];
    for (const endpoint of endpoints) {
      deliveries.push(await this.queueDelivery(tenantId, endpoint.id, event, data, null));
    }
    return deliveries;
  }

  async deliveries(
    tenantId: string,
    filter: { limit: number; endpointId?: string | undefined; status?: DeliveryStatus | undefined },
  ): Promise<WebhookDelivery[]> {
    const { rows } = await this.options.db.query<DeliveryRow>(
      `select * from webhook_deliveries where tenant_id = $1
         and ($2::text is null or endpoint_id = $2) and ($3::text is null or status = $3)
       order by seq desc limit $4`,
      [tenantId, filter.endpointId ?? null, filter.status ?? null, filter.limit],
    );
    return rows.map(toDelivery);
  }

  async delivery(tenantId: string, id: string): Promise<WebhookDelivery> {
    const { rows } = await this.options.db.query<DeliveryRow>(
      'select * from webhook_deliveries where tenant_id = $1 and id = $2',
      [tenantId, id],
    );
    if (!rows[0]) throw new AppError('delivery_not_found', `delivery ${id} does not exist`);
    return toDelivery(rows[0]);
  }

  /** Sends a delivery's event and payload again, as a new delivery (its own log row and tries). */
  async replay(tenantId: string, id: string): Promise<WebhookDelivery> {
    const original = await this.delivery(tenantId, id);
    return this.queueDelivery(tenantId, original.endpointId, original.event, original.payload, original.id);
  }

  private async queueDelivery(
    tenantId: string,
    endpointId: string,
    event: WebhookEvent,
    payload: Record<string, unknown>,
    replayOf: string | null,
  ): Promise<WebhookDelivery> {
    const { rows } = await this.options.db.query<DeliveryRow>(
      `insert into webhook_deliveries (id, tenant_id, endpoint_id, event, payload, replay_of)
       values ($1, $2, $3, $4, $5::jsonb, $6) returning *`,
      [newId('dlv'), tenantId, endpointId, event, JSON.stringify(payload), replayOf],
    );
    const delivery = toDelivery(rows[0]!);
    await this.options.queue.enqueue(
      WEBHOOK_DELIVER_JOB,
      { tenantId, deliveryId: delivery.id },
      { jobId: `webhook-${delivery.id}`, tenantId, maxAttempts: this.maxAttempts },
    );
    return delivery;
  }

  /** The job that makes one try of a delivery; throwing a retryable error schedules the next. */
  handler(): JobHandler {
    return async (raw, context) => {
      const { tenantId, deliveryId } = raw as { tenantId: string; deliveryId: string };
      const { rows } = await this.options.db.query<DeliveryRow & { url: string; secret: string }>(
        `select d.*, e.url, e.secret from webhook_deliveries d
         join webhook_endpoints e on e.id = d.endpoint_id
         where d.tenant_id = $1 and d.id = $2`,
        [tenantId, deliveryId],
      );
      const row = rows[0];
      // Its endpoint was deleted (the row with it), or another try already got through.
      if (!row) return { skipped: 'gone' };
      if (row.status === 'delivered') return { skipped: 'delivered' };
      const body = JSON.stringify({
        id: row.id,
        event: row.event,
        createdAt: iso(row.created_at),
        ...(row.replay_of ? { replayOf: row.replay_of } : {}),
        data: row.payload,
      });
      const timestamp = Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000);
      let statusCode: number | null = null;
      let error: string | null = null;
      try {
        const response = await fetch(row.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'grounded-webhooks/1',
            [SIGNATURE_HEADER]: signatureHeader(row.secret, body, timestamp),
            [EVENT_HEADER]: row.event,
            [DELIVERY_HEADER]: row.id,
          },
          body,
          // A redirect is not followed: the signed body goes only where the endpoint says.
          redirect: 'manual',
          signal: AbortSignal.any([context.signal, AbortSignal.timeout(this.timeoutMs)]),
        });
        statusCode = response.status;
        if (!response.ok) error = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
        else await response.body?.cancel();
      } catch (cause) {
        error = cause instanceof Error ? cause.message : String(cause);
      }
      const delivered = error === null;
      const retryable = !delivered && (statusCode === null || statusCode >= 500 || statusCode === 429);
      const last = context.attempt >= this.maxAttempts;
      const status: DeliveryStatus = delivered ? 'delivered' : retryable && !last ? 'pending' : 'failed';
      await this.options.db.query(
        `update webhook_deliveries set attempts = attempts + 1, last_status_code = $3, last_error = $4,
           status = $5, delivered_at = case when $5 = 'delivered' then now() else delivered_at end
         where tenant_id = $1 and id = $2`,
        [tenantId, deliveryId, statusCode, error, status],
      );
      if (delivered) return { delivered: true, statusCode };
      throw new AppError('webhook_delivery_failed', `delivery ${deliveryId}: ${error}`, { retryable });
    };
  }
}
