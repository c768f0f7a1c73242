import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@grounded/core';
import type { Request } from 'express';
import type { Container } from '../container';
import { DEMO_COLLECTION_ID } from '../demo-seed';
import type { RouteSpec } from '../http/routes';

export const WIDGET_DIR = path.join(import.meta.dirname, '..', '..', 'widget');

// The demo page's own token; an hour is plenty for a demo tab.
const DEMO_TOKEN_TTL_SECONDS = 3600;

/** The files a page embeds; each is a declared route, so nothing else under /widget is served. */
const ASSETS: Record<string, string> = {
  'widget.js': 'Embeddable chat widget',
  'widget.css': "The widget's styles",
  'demo.css': "The demo page's styles",
};

function attribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The embeddable chat widget (issue #4): `<script src="/widget/widget.js" data-collection="…"
 * data-token="wt_…" defer>` on any page, and a demo page at /widget/demo. Plain static files,
 * no build step.
 */
export function widgetRoutes(
  container: Pick<Container, 'config' | 'collections' | 'widgetTokens'>,
): RouteSpec[] {
  /**
   * Issue #12: the demo token's origin came from the request's Host header, so anyone could mint
   * a working token for their own site. Now: the configured origins, or this server's loopback
   * origins on the port the request arrived at (the quick start's `npm start`).
   */
  const demoOrigins = (req: Request): string[] => {
    if (container.config.WIDGET_DEMO_ORIGINS.length > 0) return container.config.WIDGET_DEMO_ORIGINS;
    const port = req.socket.localPort;
    return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  };

  return [
    {
      method: 'get',
      path: '/widget/demo',
      access: 'public',
      summary: 'Widget demo page',
      tag: 'widget',
      async handler(req, res) {
        // Without the demo collection there is no demo.
        const demo = await container.collections.find('default', DEMO_COLLECTION_ID);
        if (!demo) throw new AppError('not_found', 'the demo collection does not exist on this server');
        const { token } = container.widgetTokens.mint({
          tenantId: demo.tenantId,
          collectionId: demo.id,
          origins: demoOrigins(req),
          ttlSeconds: DEMO_TOKEN_TTL_SECONDS,
        });
        const html = await readFile(path.join(WIDGET_DIR, 'demo.html'), 'utf8');
        res.setHeader('Cache-Control', 'no-store');
        res.type('html').send(html.replace('{{WIDGET_TOKEN}}', attribute(token)));
      },
    },
    ...Object.entries(ASSETS).map(
      ([file, summary]): RouteSpec => ({
        method: 'get',
        path: `/widget/${file}`,
        access: 'public',
        summary,
        tag: 'widget',
        handler(_req, res) {
          res.setHeader('Cache-Control', 'public, max-age=600');
          res.sendFile(path.join(WIDGET_DIR, file));
        },
      }),
    ),
  ];
}
