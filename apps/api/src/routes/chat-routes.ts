import type { ChatEvent } from '@grounded/knowledge';
import { Router } from 'express';
import type { Container } from '../container';
import { httpStatusFor } from '../http/error-codes';
import { errorBody, toAppError } from '../http/error-middleware';
import { chatBody } from '../http/schemas';
import { callerOf } from '../http/tenant';

export function chatRoutes(container: Container): Router {
  const router = Router();
  const schema = chatBody(container.config.MAX_TOP_K, container.config.MAX_QUESTION_CHARS);

  router.post('/v1/chat', async (req, res) => {
    const body = schema.parse(req.body);
    const caller = callerOf(req);
    const abort = new AbortController();
    // A client that goes away cancels the generation.
    res.on('close', () => abort.abort());
    const events = container.chat.answer({
      tenantId: caller.tenantId,
      collectionId: body.collectionId,
      message: body.message,
      ...(body.history ? { history: body.history } : {}),
      ...(body.topK ? { topK: body.topK } : {}),
      ...(body.mode ? { mode: body.mode } : {}),
      ...(body.maxTokens ? { maxTokens: body.maxTokens } : {}),
      ...(caller.principals ? { principals: caller.principals } : {}),
      signal: abort.signal,
    });

    const wantsStream = body.stream === true || (req.get('accept') ?? '').includes('text/event-stream');
    if (!wantsStream) {
      let end: Extract<ChatEvent, { type: 'answer-end' }> | null = null;
      for await (const event of events) if (event.type === 'answer-end') end = event;
      const { type: _type, ...body } = end!;
      res.json(body);
      return;
    }

    // Pull the first event before committing to a 200 stream, so that a bad collection id or
    // an unavailable model is still a proper JSON error with its status.
    const iterator = events[Symbol.asyncIterator]();
    const first = await iterator.next();
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const send = (event: string, data: unknown) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    try {
      for (let step = first; !step.done; step = await iterator.next()) {
        const { type, ...data } = step.value;
        send(type, data);
        if (abort.signal.aborted) break;
      }
    } catch (error) {
      const appError = toAppError(error);
      req.log.error({ err: error }, 'chat stream failed');
      send('error', { ...errorBody(appError, false).error, status: httpStatusFor(appError.code) });
    }
    res.end();
  });

  return router;
}
