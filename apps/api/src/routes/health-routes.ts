import { AppError, isAppError } from '@grounded/core';
import type { Container } from '../container';
import { type RouteSpec, STAFF } from '../http/routes';

export function healthRoutes(
  container: Pick<Container, 'config' | 'db' | 'queue' | 'embedder' | 'generator' | 'metrics' | 'logger'>,
): RouteSpec[] {
  const tag = 'ops';
  // Readiness: every dependency a request needs answers now.
  const ready: RouteSpec['handler'] = async (_req, res) => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    const probe = async (name: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
        checks[name] = { ok: true };
      } catch (error) {
        // Public route: the code only. The driver's message names hosts and ports; it is logged.
        container.logger.warn({ err: error, check: name }, 'readiness check failed');
        checks[name] = { ok: false, detail: isAppError(error) ? error.code : 'unavailable' };
      }
    };
    await Promise.all([
      probe(`database:${container.db.kind}`, () => container.db.ping()),
      probe(`queue:${container.queue.kind}`, () => container.queue.ping()),
      probe(`embedder:${container.embedder.id}`, async () => {
        if (container.embedder.dimension <= 0) throw new AppError('not_ready', 'embedder not loaded');
      }),
      probe(`generator:${container.generator.id}`, async () => undefined),
    ]);
    const allReady = Object.values(checks).every((check) => check.ok);
    res.status(allReady ? 200 : 503).json({ status: allReady ? 'ready' : 'not_ready', checks });
  };
  return [
    {
      method: 'get',
      path: '/health',
      access: 'public',
      summary: 'Liveness',
      tag,
      // The process answers. Never touches dependencies.
      handler(_req, res) {
        res.json({ status: 'ok' });
      },
    },
    {
      method: 'get',
      path: '/ready',
      access: 'public',
      summary: 'Readiness of database, queue and models',
      tag,
      handler: ready,
    },
    {
      method: 'get',
      path: '/favicon.ico',
      access: 'public',
      summary: 'No icon (answers browsers without a credential)',
      tag,
      // Browsers ask for it on every page they open here; a 401 in their console helps nobody.
      handler(_req, res) {
        res.setHeader('Cache-Control', 'public, max-age=86400');
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/metrics',
      // For a Prometheus scraper on a private network; otherwise staff only.
      access: container.config.METRICS_PUBLIC ? 'public' : STAFF,
      summary: 'Prometheus metrics',
      tag,
      async handler(_req, res) {
        res.type(container.metrics.registry.contentType).send(await container.metrics.registry.metrics());
      },
    },
  ];
}
