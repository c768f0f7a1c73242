import { z } from 'zod';
import type { Container } from '../container';
import { ADMIN, type RouteSpec, STAFF } from '../http/routes';
import { idParam, pageQuery } from '../http/schemas';
import { callerOf } from '../http/tenant';

const createKeyBody = z.strictObject({
  name: z.string().min(1).max(200),
  // Widget access is by widget token (one collection, its origins), never by an unbound key (issue #12).
  role: z.enum(['admin', 'agent']),
  principals: z.array(z.string().min(1).max(200)).max(200).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

const widgetTokenBody = z.strictObject({
  collectionId: idParam,
  origins: z.array(z.url().max(300)).min(1).max(20),
  ttlSeconds: z.number().int().min(60).max(86_400).optional(),
});

/** API keys (admin) and widget tokens (admin or agent: the page's backend mints them). */
export function accessRoutes(
  container: Pick<Container, 'apiKeys' | 'widgetTokens' | 'collections' | 'config'>,
): RouteSpec[] {
  const { widgetTokens, apiKeys: keys, collections } = container;
  const tag = 'access';

  return [
    {
      method: 'post',
      path: '/v1/api-keys',
      access: ADMIN,
      summary: 'Create an API key (shown once)',
      tag,
      body: createKeyBody,
      async handler(req, res) {
        const body = createKeyBody.parse(req.body);
        const created = await keys.create({ ...body, tenantId: callerOf(req).tenantId });
        // The only time the key is shown.
        res.status(201).json({ key: created.key, ...created.record });
      },
    },
    {
      method: 'get',
      path: '/v1/api-keys',
      access: ADMIN,
      summary: 'List API keys',
      tag,
      query: pageQuery,
      async handler(req, res) {
        const page = pageQuery.parse(req.query);
        const items = await keys.list(callerOf(req).tenantId, page);
        res.json({ items, nextAfter: items.length === page.limit ? items.at(-1)?.id : null });
      },
    },
    {
      method: 'post',
      path: '/v1/api-keys/:keyId/rotate',
      access: ADMIN,
      summary: 'Rotate a key',
      tag,
      async handler(req, res) {
        const rotated = await keys.rotate(callerOf(req).tenantId, idParam.parse(req.params.keyId));
        res.status(201).json({ key: rotated.key, ...rotated.record });
      },
    },
    {
      method: 'delete',
      path: '/v1/api-keys/:keyId',
      access: ADMIN,
      summary: 'Revoke a key',
      tag,
      async handler(req, res) {
        res.json(await keys.revoke(callerOf(req).tenantId, idParam.parse(req.params.keyId)));
      },
    },
    {
      method: 'post',
      path: '/v1/widget-tokens',
      access: STAFF,
      summary: 'Mint a short-lived widget token',
      tag,
      body: widgetTokenBody,
      async handler(req, res) {
        const body = widgetTokenBody.parse(req.body);
        const caller = callerOf(req);
        await collections.get(caller.tenantId, body.collectionId);
        res.status(201).json(
          widgetTokens.mint({
            tenantId: caller.tenantId,
            collectionId: body.collectionId,
            origins: body.origins,
            ttlSeconds: body.ttlSeconds ?? container.config.WIDGET_TOKEN_TTL_SECONDS,
          }),
        );
      },
    },
  ];
}
