import path from 'node:path';
import type { Container } from '../container';
import { type RouteSpec, STAFF } from '../http/routes';
import { callerOf } from '../http/tenant';

export const ADMIN_DIR = path.join(import.meta.dirname, '..', '..', 'admin');

/** The console's files; each a declared route, so nothing else under /admin is served. */
const ASSETS: Record<string, string> = {
  'admin.js': "The admin console's script",
  'admin.css': "The admin console's styles",
};

/**
 * The admin console (issue #18): static files, no build step. The page holds no secret; it signs
 * in with a key the user pastes, which stays in the tab's sessionStorage, and calls the API as
 * that key, so it shows only what the key's role and principals may see.
 */
export function adminRoutes(_container: Pick<Container, 'config'>): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/admin',
      access: 'public',
      summary: 'Admin console',
      tag: 'admin',
      handler(_req, res) {
        res.setHeader('Cache-Control', 'no-store');
        res.sendFile(path.join(ADMIN_DIR, 'admin.html'));
      },
    },
    ...Object.entries(ASSETS).map(
      ([file, summary]): RouteSpec => ({
        method: 'get',
        path: `/admin/${file}`,
        access: 'public',
        summary,
        tag: 'admin',
        handler(_req, res) {
          res.setHeader('Cache-Control', 'no-cache');
          res.sendFile(path.join(ADMIN_DIR, file));
        },
      }),
    ),
    {
      method: 'get',
      path: '/v1/me',
      access: STAFF,
      summary: "The calling key's tenant, role and principals",
      tag: 'admin',
      handler(req, res) {
        const caller = callerOf(req);
        res.json({
          tenantId: caller.tenantId,
          role: caller.role,
          // Undefined: unrestricted (an admin key).
          principals: caller.principals ?? null,
        });
      },
    },
  ];
}
