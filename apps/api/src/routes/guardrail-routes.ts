import { z } from 'zod';
import type { Container } from '../container';
import { ADMIN, type RouteSpec } from '../http/routes';
import { callerOf } from '../http/tenant';

const auditQuery = z.object({
  requestId: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
});

/**
 * The guardrail audit trail: every verdict with its check version, reason and spans. Reasons and
 * spans quote questions, answers and chunks of any document, so the trail is for admins, who may
 * read every document anyway (issue #12).
 */
export function guardrailRoutes({ guardrails }: Pick<Container, 'guardrails'>): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/guardrails/audit',
      access: ADMIN,
      summary: 'Guardrail verdicts, by request id',
      tag: 'guardrails',
      query: auditQuery,
      async handler(req, res) {
        const query = auditQuery.parse(req.query);
        const items = await guardrails.auditTrail(callerOf(req).tenantId, query);
        res.json({ items, nextBefore: items.length === query.limit ? items.at(-1)?.id : null });
      },
    },
  ];
}
