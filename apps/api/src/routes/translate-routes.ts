import type { Container } from '../container';
import { type RouteSpec, STAFF } from '../http/routes';
import { translateBody } from '../http/schemas';
import { callerOf } from '../http/tenant';

/** POST /v1/translate: text or a document id; 503 translation_not_configured without a model. */
export function translateRoutes(container: Pick<Container, 'translation'>): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/v1/translate',
      access: STAFF,
      summary: 'Translate text or a document',
      tag: 'translate',
      body: translateBody,
      async handler(req, res) {
        const body = translateBody.parse(req.body);
        const caller = callerOf(req);
        const abort = new AbortController();
        res.on('close', () => abort.abort());
        const result = await container.translation.translate({
          tenantId: caller.tenantId,
          principals: caller.principals,
          text: body.text,
          documentId: body.documentId,
          source: body.source,
          target: body.target,
          glossary: body.glossary,
          signal: abort.signal,
        });
        res.json(result);
      },
    },
  ];
}
