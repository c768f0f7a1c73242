import { z } from 'zod';
import type { Container } from '../container';
import { ADMIN, type RouteSpec, STAFF } from '../http/routes';
import { idParam } from '../http/schemas';
import { callerOf } from '../http/tenant';

const httpUrl = z
  .string()
  .max(2000)
  .url()
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http or https URL');
const pattern = z.string().min(1).max(500);

export const createSourceBody = z.strictObject({
  type: z.literal('website'),
  startUrl: httpUrl.optional(),
  sitemapUrl: httpUrl.optional(),
  include: z.array(pattern).max(50).default([]),
  exclude: z.array(pattern).max(50).default([]),
  maxPages: z.number().int().min(1).max(10_000).default(200),
  delayMs: z.number().int().min(0).max(60_000).default(1000),
  /** Re-crawl every so many minutes; omitted: only when asked. */
  intervalMinutes: z.number().int().min(5).max(43_200).optional(),
});

/**
 * Website sources (issue #18): admins add and crawl them; staff read them. Crawls run in the
 * worker (a `source.crawl` job) and on the source's schedule.
 */
export function sourceRoutes(container: Pick<Container, 'sources' | 'collections'>): RouteSpec[] {
  const { sources } = container;
  const tag = 'sources';
  return [
    {
      method: 'post',
      path: '/v1/collections/:collectionId/sources',
      access: ADMIN,
      summary: 'Add a website source (start URL or sitemap) to a collection',
      tag,
      body: createSourceBody,
      async handler(req, res) {
        const collectionId = idParam.parse(req.params.collectionId);
        const body = createSourceBody.parse(req.body);
        const { tenantId } = callerOf(req);
        await container.collections.writable(tenantId, collectionId);
        const { type: _type, intervalMinutes, ...config } = body;
        res.status(201).json(await sources.create(tenantId, collectionId, { config, intervalMinutes }));
      },
    },
    {
      method: 'get',
      path: '/v1/collections/:collectionId/sources',
      access: STAFF,
      summary: "A collection's sources",
      tag,
      async handler(req, res) {
        const collectionId = idParam.parse(req.params.collectionId);
        const { tenantId } = callerOf(req);
        await container.collections.get(tenantId, collectionId);
        res.json({ items: await sources.list(tenantId, collectionId) });
      },
    },
    {
      method: 'get',
      path: '/v1/sources/:sourceId',
      access: STAFF,
      summary: 'A source, its pages and its last crawl',
      tag,
      async handler(req, res) {
        res.json(await sources.get(callerOf(req).tenantId, idParam.parse(req.params.sourceId)));
      },
    },
    {
      method: 'post',
      path: '/v1/sources/:sourceId/crawl',
      access: ADMIN,
      summary: 'Crawl a source now (a job)',
      tag,
      async handler(req, res) {
        const job = await sources.requestCrawl(callerOf(req).tenantId, idParam.parse(req.params.sourceId));
        const { payload: _payload, documentIds: _documents, ...visible } = job;
        res.status(202).json({ job: visible });
      },
    },
    {
      method: 'delete',
      path: '/v1/sources/:sourceId',
      access: ADMIN,
      summary: 'Remove a source (its documents stay)',
      tag,
      async handler(req, res) {
        const id = idParam.parse(req.params.sourceId);
        await sources.delete(callerOf(req).tenantId, id);
        res.json({ sourceId: id, deleted: true });
      },
    },
  ];
}
