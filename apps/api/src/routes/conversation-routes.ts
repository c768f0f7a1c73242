import type { Container } from '../container';
import { type RouteSpec, STAFF } from '../http/routes';
import { createConversationBody, cursorPageQuery, idParam } from '../http/schemas';
import { callerOf, viewerOf } from '../http/tenant';

/**
 * Stored conversations (issue #4). Answers are added through POST /v1/chat with a conversationId.
 * A caller sees the conversations it started (admins: all of the tenant's), and a message whose
 * answer used a document it may not read is withheld (issue #12).
 */
export function conversationRoutes(container: Pick<Container, 'conversations'>): RouteSpec[] {
  const { conversations } = container;
  const tag = 'chat';
  return [
    {
      method: 'post',
      path: '/v1/conversations',
      access: STAFF,
      summary: 'Start a conversation',
      tag,
      body: createConversationBody,
      async handler(req, res) {
        const body = createConversationBody.parse(req.body ?? {});
        res.status(201).json(await conversations.create(viewerOf(callerOf(req)), body));
      },
    },
    {
      method: 'get',
      path: '/v1/conversations',
      access: STAFF,
      summary: 'List conversations',
      tag,
      query: cursorPageQuery,
      async handler(req, res) {
        res.json(await conversations.list(viewerOf(callerOf(req)), cursorPageQuery.parse(req.query)));
      },
    },
    {
      method: 'get',
      path: '/v1/conversations/:conversationId',
      access: STAFF,
      summary: 'Show a conversation',
      tag,
      query: cursorPageQuery,
      // The conversation with the first page of its history; later pages via ?after=nextAfter.
      async handler(req, res) {
        const viewer = viewerOf(callerOf(req));
        const id = idParam.parse(req.params.conversationId);
        const page = cursorPageQuery.parse(req.query);
        const conversation = await conversations.get(viewer, id);
        const messages = await conversations.messages(viewer, id, page);
        res.json({ conversation, messages: messages.items, nextAfter: messages.nextAfter });
      },
    },
    {
      method: 'get',
      path: '/v1/conversations/:conversationId/messages',
      access: STAFF,
      summary: 'Conversation history, paginated',
      tag,
      query: cursorPageQuery,
      async handler(req, res) {
        const id = idParam.parse(req.params.conversationId);
        const page = cursorPageQuery.parse(req.query);
        res.json(await conversations.messages(viewerOf(callerOf(req)), id, page));
      },
    },
    {
      method: 'delete',
      path: '/v1/conversations/:conversationId',
      access: STAFF,
      summary: 'Delete a conversation',
      tag,
      async handler(req, res) {
        const id = idParam.parse(req.params.conversationId);
        await conversations.delete(viewerOf(callerOf(req)), id);
        res.json({ conversationId: id, deleted: true });
      },
    },
  ];
}
