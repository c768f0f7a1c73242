import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@grounded/core';
import { CollectionsRepo } from '@grounded/knowledge';
import express, { Router } from 'express';
import type { Container } from '../container';
import { DEMO_COLLECTION_ID } from '../demo-seed';

export const WIDGET_DIR = path.join(import.meta.dirname, '..', '..', 'widget');

// The demo page's own token; an hour is plenty for a demo tab.
const DEMO_TOKEN_TTL_SECONDS = 3600;

function attribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The embeddable chat widget (issue #4): `<script src="/widget/widget.js" data-collection="…"
 * data-token="wt_…" defer>` on any page, and a demo page at /widget/demo. Plain static files,
 * no build step.
 */
export function widgetRoutes(container: Container): Router {
  const router = Router();
  const collections = new CollectionsRepo(container.db);

  // The demo page carries a widget token for the demo collection and the origin it was served
  // from, as a real site's backend would mint one. Without the demo collection there is no demo.
  router.get('/widget/demo', async (req, res) => {
    const demo = await collections.find('default', DEMO_COLLECTION_ID);
    if (!demo) throw new AppError('not_found', 'the demo collection does not exist on this server');
    const origin = `${req.protocol}://${req.get('host')}`;
    const { token } = container.widgetTokens.mint({
      tenantId: demo.tenantId,
      collectionId: demo.id,
      origins: [origin],
      ttlSeconds: DEMO_TOKEN_TTL_SECONDS,
    });
    const html = await readFile(path.join(WIDGET_DIR, 'demo.html'), 'utf8');
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(html.replace('{{WIDGET_TOKEN}}', attribute(token)));
  });
  router.use(
    '/widget',
    express.static(WIDGET_DIR, {
      index: false,
      maxAge: '10m',
      setHeaders(res, file) {
        if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-store');
      },
    }),
  );
  return router;
}
