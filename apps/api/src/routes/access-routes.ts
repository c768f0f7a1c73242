import { ApiKeyService } from '@grounded/access';
import { CollectionsRepo } from '@grounded/knowledge';
import { Router } from 'express';
import { z } from 'zod';
import type { Container } from '../container';
import { idParam, pageQuery } from '../http/schemas';
import { callerOf } from '../http/tenant';

const createKeyBody = z.strictObject({
  name: z.string().min(1).max(200),
  role: z.enum(['admin', 'agent', 'widget']),
  principals: z.array(z.string().min(1).max(200)).max(200).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

const widgetTokenBody = z.strictObject({
  collectionId: idParam,
  origins: z.array(z.url().max(300)).min(1).max(20),
  ttlSeconds: z.number().int().min(60).max(86_400).optional(),
});

/** API keys (admin) and widget tokens (admin or agent: the page's backend mints them). */
export function accessRoutes(container: Container): Router {
  const { widgetTokens } = container;
  const router = Router();
  const keys = new ApiKeyService(container.db);
  const collections = new CollectionsRepo(container.db);

  router.post('/v1/api-keys', async (req, res) => {
    const body = createKeyBody.parse(req.body);
    const created = await keys.create({ ...body, tenantId: callerOf(req).tenantId });
    // The only time the key is shown.
    res.status(201).json({ key: created.key, ...created.record });
  });

  router.get('/v1/api-keys', async (req, res) => {
    const page = pageQuery.parse(req.query);
    const items = await keys.list(callerOf(req).tenantId, page);
    res.json({ items, nextAfter: items.length === page.limit ? items.at(-1)?.id : null });
  });

  router.post('/v1/api-keys/:keyId/rotate', async (req, res) => {
    const rotated = await keys.rotate(callerOf(req).tenantId, idParam.parse(req.params.keyId));
    res.status(201).json({ key: rotated.key, ...rotated.record });
  });

  router.delete('/v1/api-keys/:keyId', async (req, res) => {
    res.json(await keys.revoke(callerOf(req).tenantId, idParam.parse(req.params.keyId)));
  });

  router.post('/v1/widget-tokens', async (req, res) => {
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
  });

  return router;
}
