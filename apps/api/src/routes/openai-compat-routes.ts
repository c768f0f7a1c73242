import type { ConversationChatEvent, StoredAnswerEnd } from '@grounded/chat';
import { AppError } from '@grounded/core';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Container } from '../container';
import { ANY_ROLE, type RouteSpec } from '../http/routes';
import { idParam, openAiChatBody } from '../http/schemas';
import { callerOf, collectionFor, viewerOf } from '../http/tenant';
import { type ChatRouteOptions, openSse } from './chat-routes';
import { annotationsOf, sourceListOf } from './openai-citations';

type OpenAiMessage = z.infer<typeof openAiChatBody>['messages'][number];

export const COLLECTION_MODEL_PREFIX = 'collection:';

function textOf(message: OpenAiMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!content) return '';
  return content
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('\n');
}

/** An input check's block is reported as OpenAI reports its own content filter. */
function finishReason(stopReason: string): 'stop' | 'length' | 'content_filter' {
  if (stopReason === 'blocked') return 'content_filter';
  return stopReason === 'length' ? 'length' : 'stop';
}

/** A question an input check refused: its text goes in `refusal`, never in `content`. */
function isRefusal(end: StoredAnswerEnd): boolean {
  return end.stopReason === 'blocked';
}

/** Whether a streamed event is the input check's block (it comes before any answer text). */
function isInputBlock(event: ConversationChatEvent): boolean {
  if (event.type !== 'guardrail-verdict' || event.stage !== 'input') return false;
  return (event.verdict as { action?: unknown } | null)?.action === 'block';
}

/** Opt-in: `"sources_in_content": true` in the body, or `X-Grounded-Sources: content`. */
function wantsSourcesInContent(req: Request, body: z.infer<typeof openAiChatBody>): boolean {
  if (body.sources_in_content != null) return body.sources_in_content;
  return req.get('x-grounded-sources')?.trim().toLowerCase() === 'content';
}

/** Non-standard fields every response carries besides the OpenAI ones. */
function groundedFields(end: StoredAnswerEnd) {
  return {
    citations: end.citations,
    grounded: {
      conversationId: end.conversationId,
      messageId: end.messageId,
      abstained: end.abstained,
      invalidCitations: end.invalidCitations,
      generator: end.generator,
      query: end.query,
      blocked: end.guardrails.blocked,
      timing: end.timing,
    },
  };
}

function usageOf(end: StoredAnswerEnd) {
  return {
    prompt_tokens: end.usage.promptTokens,
    completion_tokens: end.usage.completionTokens,
    total_tokens: end.usage.promptTokens + end.usage.completionTokens,
  };
}

/**
 * An OpenAI-compatible facade (issue #4), so that existing OpenAI clients answer from a
 * collection: `POST /v1/chat/completions` with `model: "collection:<id>"` (or any model and a
 * `collection` field). The last user message is the question, earlier user/assistant messages
 * are the history; system messages are ignored because the grounding rules are not negotiable.
 * Citations come as `annotations` on the assistant message (issue #17), optionally as a source list
 * appended to the content, and in the non-standard `citations` and `grounded` fields; a question
 * an input check refused comes in `refusal`, with `content: null`.
 */
export function openAiCompatRoutes(
  container: Pick<Container, 'config' | 'conversations' | 'chat'>,
  options: ChatRouteOptions = {},
): RouteSpec[] {
  const { conversations } = container;

  const completions = async (req: Request, res: Response) => {
    const body = openAiChatBody.parse(req.body);
    const caller = callerOf(req);
    const named = body.model.startsWith(COLLECTION_MODEL_PREFIX)
      ? body.model.slice(COLLECTION_MODEL_PREFIX.length)
      : undefined;
    if (body.collection && named && body.collection !== named) {
      throw new AppError(
        'validation_failed',
        'the "collection" field and the model name name different collections',
      );
    }
    const requested = body.collection ?? named;
    if (!requested && caller.collectionId === undefined) {
      throw new AppError(
        'validation_failed',
        `name the collection to answer from: "model": "${COLLECTION_MODEL_PREFIX}<id>" or a "collection" field`,
      );
    }
    // Whichever field named it, a widget token answers only from its own collection (issue #12).
    const collectionId = collectionFor(caller, requested);
    idParam.parse(collectionId);
    const turns = body.messages.filter((m) => m.role === 'user' || m.role === 'assistant');
    const last = turns.at(-1);
    if (last?.role !== 'user' || textOf(last).trim().length === 0) {
      throw new AppError('validation_failed', 'the last message must be a non-empty user message');
    }
    const question = textOf(last).trim();
    if (question.length > container.config.MAX_QUESTION_CHARS) {
      throw new AppError(
        'question_too_long',
        `the question is longer than ${container.config.MAX_QUESTION_CHARS} characters`,
      );
    }
    const history = turns
      .slice(0, -1)
      .map((m) => ({ role: m.role as 'user' | 'assistant', content: textOf(m).slice(0, 20_000) }))
      .filter((m) => m.content.trim().length > 0)
      .slice(-50);
    const maxTokens = body.max_completion_tokens ?? body.max_tokens;

    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const turn = await conversations.begin({
      ...viewerOf(caller),
      collectionId,
      message: question,
      ...(body.conversation_id ? { conversationId: body.conversation_id } : { history }),
      ...(maxTokens ? { maxTokens } : {}),
      ...(body.top_k ? { topK: body.top_k } : {}),
      requestId: String(req.id),
      signal: abort.signal,
    });
    const id = `chatcmpl-${turn.userMessageId}`;
    const created = Math.floor(Date.now() / 1000);
    const events = turn.run(container.chat);

    const sourcesInContent = wantsSourcesInContent(req, body);
    const annotations = (end: StoredAnswerEnd) => annotationsOf(end.answer, end.citations, collectionId);

    if (body.stream !== true) {
      let end: StoredAnswerEnd | null = null;
      for await (const event of events) if (event.type === 'answer-end') end = event;
      const message = isRefusal(end!)
        ? { role: 'assistant', content: null, refusal: end!.answer, annotations: [] }
        : {
            role: 'assistant',
            content: end!.answer + (sourcesInContent ? sourceListOf(end!.citations) : ''),
            refusal: null,
            annotations: annotations(end!),
          };
      res.json({
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(end!.stopReason) }],
        usage: usageOf(end!),
        ...groundedFields(end!),
      });
      return;
    }

    const sse = openSse(req, res, options);
    const chunk = (
      delta: Record<string, unknown>,
      finish: string | null,
      extra: Record<string, unknown> = {},
    ) =>
      sse.send(null, {
        id,
        object: 'chat.completion.chunk',
        created,
        model: body.model,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        ...extra,
      });
    // The role chunk waits for the first text: by then the input checks have spoken, and a
    // refusal opens with `content: null` as OpenAI's own refusals do.
    let refusing = false;
    let opened = false;
    const open = async () => {
      if (opened) return;
      opened = true;
      await chunk(
        refusing
          ? { role: 'assistant', content: null, refusal: '' }
          : { role: 'assistant', content: '', refusal: null },
        null,
      );
    };
    try {
      for await (const event of events) {
        if (isInputBlock(event)) refusing = true;
        if (event.type === 'answer-delta') {
          await open();
          await chunk(refusing ? { refusal: event.text } : { content: event.text }, null);
        } else if (event.type === 'answer-end') {
          refusing ||= isRefusal(event);
          await open();
          const sources = sourcesInContent && !refusing ? sourceListOf(event.citations) : '';
          if (sources) await chunk({ content: sources }, null);
          // Annotations in the last delta: the SDK's stream helper folds them into the message.
          await chunk(
            refusing ? {} : { annotations: annotations(event) },
            finishReason(event.stopReason),
            groundedFields(event),
          );
          if (body.stream_options?.include_usage) {
            await sse.send(null, {
              id,
              object: 'chat.completion.chunk',
              created,
              model: body.model,
              choices: [],
              usage: usageOf(event),
            });
          }
        }
      }
    } catch (error) {
      // OpenAI streams report errors as a data line with an `error` object.
      const appError = error instanceof AppError ? error : new AppError('internal', 'internal error');
      req.log.error({ err: error }, 'chat completion stream failed');
      await sse.send(null, {
        error: { message: appError.message, type: appError.code, code: appError.code },
      });
    }
    await sse.sendRaw('data: [DONE]\n\n');
    sse.end();
  };

  return [
    {
      method: 'post',
      path: '/v1/chat/completions',
      access: ANY_ROLE,
      summary: 'OpenAI-compatible chat completions over a collection',
      tag: 'chat',
      body: openAiChatBody,
      stream: true,
      handler: completions,
    },
  ];
}
