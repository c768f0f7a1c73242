import { Router } from 'express';
import type { Container } from '../container';
import { buildOpenApi } from '../openapi';

export function docsRoutes(container: Container): Router {
  const router = Router();
  const document = buildOpenApi(container.config);
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  return router;
}
