import { CollectionsRepo, ConversationsRepo } from '@grounded/knowledge';
import { Router } from 'express';
import type { Container } from '../container';
import { createConversationBody, cursorPageQuery, idParam } from '../http/schemas';
import { callerOf } from '../http/tenant';

/** Stored conversations (issue #4). Answers are added through POST /v1/chat with a conversationId. */
export function conversationRoutes(container: Container): Router {
  const router = Router();
  const conversations = new ConversationsRepo(container.db);
  const collections = new CollectionsRepo(container.db);

  router.post('/v1/conversations', async (req, res) => {
    const body = createConversationBody.parse(req.body ?? {});
    const { tenantId } = callerOf(req);
    if (body.collectionId) await collections.get(tenantId, body.collectionId);
    const conversation = await conversations.create({
      tenantId,
      collectionId: body.collectionId ?? null,
      title: body.title ?? null,
      ...(body.metadata ? { metadata: body.metadata } : {}),
    });
    res.status(201).json(conversation);
  });

  router.get('/v1/conversations', async (req, res) => {
    const page = cursorPageQuery.parse(req.query);
    res.json(await conversations.list(callerOf(req).tenantId, page));
  });

  // The conversation with the first page of its history; later pages via ?after=nextAfter.
  router.get('/v1/conversations/:conversationId', async (req, res) => {
    const { tenantId } = callerOf(req);
    const id = idParam.parse(req.params.conversationId);
    const page = cursorPageQuery.parse(req.query);
    const conversation = await conversations.get(tenantId, id);
    const messages = await conversations.messages(tenantId, id, page);
    res.json({ conversation, messages: messages.items, nextAfter: messages.nextAfter });
  });

  router.get('/v1/conversations/:conversationId/messages', async (req, res) => {
    const { tenantId } = callerOf(req);
    const id = idParam.parse(req.params.conversationId);
    const page = cursorPageQuery.parse(req.query);
    await conversations.get(tenantId, id);
    res.json(await conversations.messages(tenantId, id, page));
  });

  router.delete('/v1/conversations/:conversationId', async (req, res) => {
    const { tenantId } = callerOf(req);
    const id = idParam.parse(req.params.conversationId);
    await conversations.get(tenantId, id);
    await conversations.delete(tenantId, id);
    res.json({ conversationId: id, deleted: true });
  });

  return router;
}
