import type { ConversationChatEvent, StoredAnswerEnd } from '@grounded/chat';
import type { AppError } from '@grounded/core';
import type { Request, Response } from 'express';
import type { Container } from '../container';
import { httpStatusFor } from '../http/error-codes';
import { errorBody, toAppError } from '../http/error-middleware';
import { ANY_ROLE, type RouteSpec } from '../http/routes';
import { conversationChatBody } from '../http/schemas';
import { callerOf, collectionFor, viewerOf } from '../http/tenant';

export interface ChatRouteOptions {
  /** Interval of SSE comment lines that keep idle proxies and slow clients from timing out. */
  heartbeatMs?: number;
}

export const DEFAULT_HEARTBEAT_MS = 15_000;

export interface SseStream {
  /** Writes one event; resolves when the socket can take more (backpressure) or has closed. */
  send(event: string | null, data: unknown): Promise<void>;
  sendRaw(text: string): Promise<void>;
  error(error: unknown): Promise<void>;
  end(): void;
  readonly closed: boolean;
}

/**
 * Commits the response to a 200 event stream. Heartbeat comments start at once, so a client or
 * proxy waiting through a slow model's prefill sees bytes; writes wait for 'drain' so a slow
 * reader cannot make the server buffer a whole answer.
 */
export function openSse(req: Request, res: Response, options: ChatRouteOptions = {}): SseStream {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  // Answers are the caller's own (its documents, its conversation): no cache may keep them.
  res.setHeader('Cache-Control', 'no-store, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  let closed = false;
  const heartbeat = setInterval(() => {
    if (!closed) res.write(': heartbeat\n\n');
  }, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  heartbeat.unref();
  res.on('close', () => {
    closed = true;
    clearInterval(heartbeat);
  });
  const sendRaw = async (text: string) => {
    if (closed || res.writableEnded) return;
    if (res.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };
  return {
    get closed() {
      return closed;
    },
    send: (event, data) => sendRaw(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`),
    sendRaw,
    async error(error) {
      const appError: AppError = toAppError(error);
      // As in the error middleware: an expected refusal is logged without a stack (issue #17).
      if (httpStatusFor(appError.code) >= 500)
        req.log.error({ err: error, code: appError.code }, 'stream failed');
      else req.log.info({ code: appError.code, reason: appError.message }, 'stream refused');
      await sendRaw(
        `event: error\ndata: ${JSON.stringify({ ...errorBody(appError, false).error, status: httpStatusFor(appError.code) })}\n\n`,
      );
    },
    end() {
      clearInterval(heartbeat);
      if (!res.writableEnded) res.end();
    },
  };
}

/** What a client sees of answer-end: everything but the event type. */
export function answerBody(end: StoredAnswerEnd): Omit<StoredAnswerEnd, 'type'> {
  const { type: _type, ...body } = end;
  return body;
}

export function chatRoutes(
  container: Pick<Container, 'config' | 'conversations' | 'chat'>,
  options: ChatRouteOptions = {},
): RouteSpec[] {
  const schema = conversationChatBody(container.config.MAX_TOP_K, container.config.MAX_QUESTION_CHARS);
  const conversations = container.conversations;

  const chat = async (req: Request, res: Response) => {
    const body = schema.parse(req.body);
    const caller = callerOf(req);
    const abort = new AbortController();
    // A client that goes away cancels the generation.
    res.on('close', () => abort.abort());
    // Validation, the conversation and the stored question come first, so their failures are
    // proper JSON errors with a status even when the client asked for a stream.
    const turn = await conversations.begin({
      ...viewerOf(caller),
      collectionId: collectionFor(caller, body.collectionId),
      message: body.message,
      ...(body.conversationId ? { conversationId: body.conversationId } : {}),
      ...(body.history ? { history: body.history } : {}),
      ...(body.topK ? { topK: body.topK } : {}),
      ...(body.mode ? { mode: body.mode } : {}),
      ...(body.maxTokens ? { maxTokens: body.maxTokens } : {}),
      requestId: String(req.id),
      signal: abort.signal,
    });
    const events = turn.run(container.chat);

    const wantsStream = body.stream === true || (req.get('accept') ?? '').includes('text/event-stream');
    if (!wantsStream) {
      let end: StoredAnswerEnd | null = null;
      const verdicts: unknown[] = [];
      for await (const event of events) {
        if (event.type === 'answer-end') end = event;
        else if (event.type === 'guardrail-verdict') verdicts.push(answerlessEvent(event));
      }
      res.json({ ...answerBody(end!), ...(verdicts.length > 0 ? { guardrailVerdicts: verdicts } : {}) });
      return;
    }

    const sse = openSse(req, res, options);
    try {
      for await (const event of events) {
        // After a disconnect the loop keeps draining: the generator stops at the abort and the
        // partial answer is still stored, marked 'abort'.
        await sse.send(event.type, answerlessEvent(event));
      }
    } catch (error) {
      await sse.error(error);
    }
    sse.end();
  };

  return [
    {
      method: 'post',
      path: '/v1/chat',
      access: ANY_ROLE,
      summary: 'Answer from a collection with citations (JSON, or SSE with Accept: text/event-stream)',
      tag: 'chat',
      body: schema,
      stream: true,
      handler: chat,
    },
  ];
}

function answerlessEvent(event: ConversationChatEvent): Record<string, unknown> {
  const { type: _type, ...data } = event;
  return data;
}
