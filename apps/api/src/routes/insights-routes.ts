import { z } from 'zod';
import type { Container } from '../container';
import { type RouteSpec, STAFF } from '../http/routes';
import { idParam } from '../http/schemas';
import { callerOf, viewerOf } from '../http/tenant';

export const gapsQuery = z.object({
  collectionId: idParam.optional(),
  /** How far back to look. */
  days: z.coerce.number().int().min(1).max(365).default(30),
  /** Clusters returned, best first. */
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Average-linkage cosine threshold; the default was chosen by `npm run eval -- gaps`. */
  threshold: z.coerce.number().min(0).max(1).optional(),
});

export const conversationInsightsQuery = z.object({
  collectionId: idParam.optional(),
  days: z.coerce.number().int().min(1).max(365).default(30),
  /** How many of the newest conversations get a sentiment. */
  conversations: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * Operations insights (issue #18). Gaps: the questions the assistant abstained on or whose answer
 * was rated down, clustered by meaning. An agent sees only questions of its own and of site
 * visitors' conversations whose documents it may read (the conversations routes' rule).
 */
export function insightsRoutes(
  container: Pick<Container, 'gaps' | 'conversationInsights' | 'collections'>,
): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/v1/insights/gaps',
      access: STAFF,
      summary: 'Content gaps: unanswered and down-rated questions, clustered and ranked',
      tag: 'insights',
      query: gapsQuery,
      async handler(req, res) {
        const query = gapsQuery.parse(req.query);
        res.json(await container.gaps.report(viewerOf(callerOf(req)), query));
      },
    },
    {
      method: 'get',
      path: '/v1/insights/conversations',
      access: STAFF,
      summary: 'Conversation insights: volumes by day, CSAT, top questions, sentiment per conversation',
      tag: 'insights',
      query: conversationInsightsQuery,
      async handler(req, res) {
        const query = conversationInsightsQuery.parse(req.query);
        if (query.collectionId) await container.collections.get(callerOf(req).tenantId, query.collectionId);
        res.json(await container.conversationInsights.report(viewerOf(callerOf(req)), query));
      },
    },
  ];
}
