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
        res.json(document);
      },
    },
  ];
}
