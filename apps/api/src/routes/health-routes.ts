import { AppError } from '@grounded/core';
import { Router } from 'express';
import type { Container } from '../container';

export function healthRoutes(container: Container): Router {
  const router = Router();
  // Liveness: the process answers. Never touches dependencies.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Readiness: every dependency a request needs answers now.
  router.get('/ready', async (_req, res) => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    const probe = async (name: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
        checks[name] = { ok: true };
      } catch (error) {
        checks[name] = { ok: false, detail: error instanceof Error ? error.message : String(error) };
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
    const ready = Object.values(checks).every((check) => check.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(container.metrics.registry.contentType).send(await container.metrics.registry.metrics());
  });
  return router;
}
