import { WEBHOOK_EVENTS } from '@grounded/webhooks';
import { z } from 'zod';
import type { Container } from '../container';
import { ADMIN, ANY_ROLE, type RouteSpec, STAFF } from '../http/routes';
import { idParam } from '../http/schemas';
import { callerOf, viewerOf } from '../http/tenant';

const httpUrl = z
  .string()
  .max(2000)
  .url()
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http or https URL');

export const createWebhookBody = z.strictObject({
  url: httpUrl,
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
  /** Only this collection's events; omitted: the whole tenant's. */
  collectionId: idParam.optional(),
});

export const deliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  endpointId: idParam.optional(),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
});

export const handoffSettingBody = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('url'), url: httpUrl }),
  z.strictObject({ type: z.literal('email'), address: z.string().max(320).email() }),
  z.strictObject({ type: z.literal('webhook'), url: httpUrl }),
  z.strictObject({ type: z.literal('none') }),
]);

export const handoffRequestBody = z.strictObject({
  reason: z.enum(['abstained', 'negative_feedback', 'customer_request']),
  note: z.string().max(2000).optional(),
});

/**
 * Webhooks and human handoff (issue #18). Endpoints and the delivery log are the admin's; a
 * collection's handoff setting is set by admins and read by staff; a handoff is asked for by
 * whoever may read the conversation (a widget visitor: its own, in its token's collection).
 */
export function webhookRoutes(
  container: Pick<Container, 'webhooks' | 'handoff' | 'collections'>,
): RouteSpec[] {
  const { webhooks, handoff } = container;
  const tag = 'webhooks';
  return [
    {
      method: 'post',
      path: '/v1/webhooks',
      access: ADMIN,
      summary: 'Add a webhook endpoint (its signing secret is shown once)',
      tag,
      body: createWebhookBody,
      async handler(req, res) {
        const body = createWebhookBody.parse(req.body);
        const { tenantId } = callerOf(req);
        if (body.collectionId) await container.collections.get(tenantId, body.collectionId);
        res.status(201).json(await webhooks.createEndpoint(tenantId, body));
      },
    },
    {
      method: 'get',
      path: '/v1/webhooks',
      access: ADMIN,
      summary: 'List webhook endpoints',
      tag,
      async handler(req, res) {
        res.json({ items: await webhooks.listEndpoints(callerOf(req).tenantId) });
      },
    },
    {
      method: 'delete',
      path: '/v1/webhooks/:webhookId',
      access: ADMIN,
      summary: 'Delete a webhook endpoint and its delivery log',
      tag,
      async handler(req, res) {
        const id = idParam.parse(req.params.webhookId);
        await webhooks.deleteEndpoint(callerOf(req).tenantId, id);
        res.json({ webhookId: id, deleted: true });
      },
    },
    {
      method: 'get',
      path: '/v1/webhook-deliveries',
      access: ADMIN,
      summary: 'The webhook delivery log, newest first',
      tag,
      query: deliveriesQuery,
      async handler(req, res) {
        const query = deliveriesQuery.parse(req.query);
        res.json({ items: await webhooks.deliveries(callerOf(req).tenantId, query) });
      },
    },
    {
      method: 'get',
      path: '/v1/webhook-deliveries/:deliveryId',
      access: ADMIN,
      summary: 'One webhook delivery: status, tries, last answer',
      tag,
      async handler(req, res) {
        const id = idParam.parse(req.params.deliveryId);
        res.json(await webhooks.delivery(callerOf(req).tenantId, id));
      },
    },
    {
      method: 'post',
      path: '/v1/webhook-deliveries/:deliveryId/replay',
      access: ADMIN,
      summary: 'Send a delivery again (a new delivery, signed anew)',
      tag,
      async handler(req, res) {
        const id = idParam.parse(req.params.deliveryId);
        res.status(202).json(await webhooks.replay(callerOf(req).tenantId, id));
      },
    },
    {
      method: 'get',
      path: '/v1/collections/:collectionId/handoff',
      access: STAFF,
      summary: "A collection's human-handoff setting",
      tag: 'handoff',
      async handler(req, res) {
        const id = idParam.parse(req.params.collectionId);
        res.json({ collectionId: id, handoff: await handoff.setting(callerOf(req).tenantId, id) });
      },
    },
    {
      method: 'put',
      path: '/v1/collections/:collectionId/handoff',
      access: ADMIN,
      summary: "Set a collection's human handoff: a URL, an e-mail address or a webhook (or none)",
      tag: 'handoff',
      body: handoffSettingBody,
      async handler(req, res) {
        const id = idParam.parse(req.params.collectionId);
        const body = handoffSettingBody.parse(req.body);
        const outcome = await handoff.configure(
          callerOf(req).tenantId,
          id,
          body.type === 'none' ? null : body,
        );
        res.json({ collectionId: id, ...outcome });
      },
    },
    {
      method: 'post',
      path: '/v1/conversations/:conversationId/handoff',
      access: ANY_ROLE,
      summary: 'Hand a conversation to a person, with its transcript, citations and sentiment',
      tag: 'handoff',
      body: handoffRequestBody,
      async handler(req, res) {
        const caller = callerOf(req);
        const id = idParam.parse(req.params.conversationId);
        const body = handoffRequestBody.parse(req.body);
        res.status(201).json(await handoff.request(viewerOf(caller), id, body, caller.collectionId));
      },
    },
  ];
}
