import { AppError } from '@grounded/core';
import type { Collection } from '@grounded/documents';
import type { Container } from '../container';
import { ANY_ROLE, type RouteSpec } from '../http/routes';
import { idParam } from '../http/schemas';
import { callerOf } from '../http/tenant';
import { COLLECTION_MODEL_PREFIX } from './openai-compat-routes';

const PAGE = 200;

/** A collection as an OpenAI model object; `name` is not OpenAI's but chat UIs show it. */
function modelOf(collection: Collection) {
  return {
    id: `${COLLECTION_MODEL_PREFIX}${collection.id}`,
    object: 'model' as const,
    created: Math.floor(Date.parse(collection.createdAt) / 1000),
    owned_by: collection.tenantId,
    name: collection.name,
  };
}

/**
 * `GET /v1/models` (issue #17): the collections the caller may answer from, as the models an
 * OpenAI client picks from. Staff see every collection of their tenant (document ACLs filter the
 * answers, not the collections); a widget token sees only the collection it was minted for.
 */
export function openAiModelsRoutes(container: Pick<Container, 'collections'>): RouteSpec[] {
  const { collections } = container;

  const visible = async (req: Parameters<RouteSpec['handler']>[0]): Promise<Collection[]> => {
    const caller = callerOf(req);
    if (caller.role === 'widget' || caller.collectionId !== undefined) {
      if (caller.collectionId === undefined) return [];
      const own = await collections.find(caller.tenantId, caller.collectionId);
      return own ? [own] : [];
    }
    const all: Collection[] = [];
    for (let after: string | undefined; ; ) {
      const page = await collections.list(caller.tenantId, { limit: PAGE, after });
      all.push(...page);
      if (page.length < PAGE) return all;
      after = page.at(-1)!.id;
    }
  };

  return [
    {
      method: 'get',
      path: '/v1/models',
      access: ANY_ROLE,
      summary: 'OpenAI-compatible model list: the collections you may chat with, as "collection:<id>"',
      tag: 'chat',
      async handler(req, res) {
        res.json({ object: 'list', data: (await visible(req)).map(modelOf) });
      },
    },
    {
      method: 'get',
      path: '/v1/models/:model',
      access: ANY_ROLE,
      summary: 'OpenAI-compatible model lookup ("collection:<id>")',
      tag: 'chat',
      async handler(req, res) {
        const model = String(req.params.model);
        const id = model.startsWith(COLLECTION_MODEL_PREFIX)
          ? model.slice(COLLECTION_MODEL_PREFIX.length)
          : '';
        const caller = callerOf(req);
        const widget = caller.role === 'widget' || caller.collectionId !== undefined;
        // Another collection is as unknown to a widget token as one that does not exist.
        const found =
          idParam.safeParse(id).success && (!widget || id === caller.collectionId)
            ? await collections.find(caller.tenantId, id)
            : null;
        if (!found) {
          throw new AppError(
            'not_found',
            `no model '${model.slice(0, 200)}': the models are "${COLLECTION_MODEL_PREFIX}<id>" of the collections you may use (GET /v1/models)`,
          );
        }
        res.json(modelOf(found));
      },
    },
  ];
}
