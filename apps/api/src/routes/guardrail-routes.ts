import { AuditRepo } from '@grounded/knowledge';
import { Router } from 'express';
import { z } from 'zod';
import type { Container } from '../container';
import { callerOf } from '../http/tenant';

const auditQuery = z.object({
  requestId: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
});

/** The guardrail audit trail: every verdict with its check version, reason and spans. */
export function guardrailRoutes(container: Container): Router {
  const router = Router();
  const audit = new AuditRepo(container.db);
  router.get('/v1/guardrails/audit', async (req, res) => {
    const query = auditQuery.parse(req.query);
    const items = await audit.list(callerOf(req).tenantId, query);
    res.json({ items, nextBefore: items.length === query.limit ? items.at(-1)?.id : null });
  });
  return router;
}
