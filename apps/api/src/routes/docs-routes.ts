import { type RouteSpec, STAFF } from '../http/routes';
import { buildOpenApi } from '../openapi';

/** The OpenAPI document of the routes served, built from their declarations. */
export function docsRoutes(served: () => readonly RouteSpec[]): RouteSpec[] {
  let document: Record<string, unknown> | null = null;
  return [
    {
      method: 'get',
      path: '/openapi.json',
      access: STAFF,
      summary: 'This document',
      tag: 'ops',
      handler(_req, res) {
        document ??= buildOpenApi(served());
        // The same document for every caller (no credential's data in it), fetched by generators
        // and API explorers on every load: cacheable by the client, never by a shared cache.
        res.setHeader('Cache-Control', 'private, max-age=300');
        res.json(document);
      },
    },
  ];
}
