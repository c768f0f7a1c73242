import { AppError } from '@grounded/core';
import { z } from 'zod';
import { estimatePromptTokens } from './prompt-tokens';
import { sseData } from './sse-lines';
import type { GenerationEvent, GenerationRequest, Generator, StopReason } from './types';

export interface OpenAiCompatibleOptions {
  /** e.g. 'http://vllm:8000/v1' — `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Limit for the response headers, and for each silence between streamed chunks. Default 60 s. */
  timeoutMs?: number;
  /** Retries on 429, 5xx and connection errors before the first byte. Default 2. */
  maxRetries?: number;
  /** The served model's context window, for the prompt composer. Default 8192. */
  contextWindow?: number;
  /** Base backoff in ms, doubled each retry (tests shorten it). Default 250. */
  retryBaseMs?: number;
}

const StreamChunk = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        delta: z.looseObject({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: z.looseObject({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish(),
  error: z.unknown().optional(),
});

const MAX_BACKOFF_MS = 10_000;

class TimeoutSignal {
  readonly controller = new AbortController();
  timedOut = false;
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly ms: number) {}
  arm(): void {
    this.disarm();
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.ms);
  }
  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.min(seconds * 1000, MAX_BACKOFF_MS);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - Date.now()), MAX_BACKOFF_MS);
}

function mapFinish(reason: string): StopReason {
  return reason === 'length' ? 'length' : 'stop';
}

/**
 * Generator over any server speaking the OpenAI chat-completions streaming protocol (vLLM,
 * Ollama, TGI, llama.cpp server): how a deployment scales generation beyond one machine.
 */
export function createOpenAiCompatibleGenerator(options: OpenAiCompatibleOptions): Generator {
  const url = `${options.baseUrl.replace(/\/+$/u, '')}/chat/completions`;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxRetries = options.maxRetries ?? 2;
  const retryBaseMs = options.retryBaseMs ?? 250;

  async function connect(
    request: GenerationRequest,
    timer: TimeoutSignal,
    signal: AbortSignal,
  ): Promise<Response | undefined> {
    const body = JSON.stringify({
      model: options.model,
      messages: request.messages,
      stream: true,
      stream_options: { include_usage: true },
      ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.stop && request.stop.length > 0 ? { stop: request.stop } : {}),
    });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
    };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

    for (let attempt = 0; ; attempt++) {
      if (request.signal?.aborted) return undefined;
      timer.arm();
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body, signal });
      } catch (cause) {
        timer.disarm();
        if (request.signal?.aborted) return undefined;
        if (timer.timedOut) {
          throw new AppError(
            'generator_timeout',
            `no response from ${options.model} within ${timeoutMs} ms`,
            {
              cause,
              retryable: true,
              details: { model: options.model, timeoutMs },
            },
          );
        }
        if (attempt >= maxRetries) {
          // The network error names the server's address: it stays in the cause, for the log.
          throw new AppError('generator_unavailable', 'cannot reach the generation server', {
            cause,
            retryable: true,
            details: { model: options.model, attempts: attempt + 1 },
          });
        }
        await sleep(Math.min(retryBaseMs * 2 ** attempt, MAX_BACKOFF_MS), request.signal);
        continue;
      }
      if (response.ok) return response;
      timer.disarm();
      const text = (await response.text().catch(() => '')).slice(0, 500);
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable) {
        throw new AppError(
          'generator_rejected',
          `the generation server refused the request (HTTP ${response.status})`,
          {
            details: { model: options.model, status: response.status, body: text },
          },
        );
      }
      if (attempt >= maxRetries) {
        throw new AppError(
          'generator_unavailable',
          `the generation server answered HTTP ${response.status}`,
          {
            retryable: true,
            details: { model: options.model, status: response.status, attempts: attempt + 1, body: text },
          },
        );
      }
      const wait = retryAfterMs(response.headers.get('retry-after')) ?? retryBaseMs * 2 ** attempt;
      await sleep(Math.min(wait, MAX_BACKOFF_MS), request.signal);
    }
  }

  return {
    id: `openai:${options.model}`,
    contextWindow: options.contextWindow ?? 8192,
    countTokens: estimatePromptTokens,
    async *generate(request: GenerationRequest): AsyncIterable<GenerationEvent> {
      const estimatedPrompt = request.messages.reduce((n, m) => n + estimatePromptTokens(m.content), 0);
      const timer = new TimeoutSignal(timeoutMs);
      const signal = request.signal
        ? AbortSignal.any([request.signal, timer.controller.signal])
        : timer.controller.signal;
      let text = '';
      const abortEnd = (): GenerationEvent => ({
        type: 'end',
        stopReason: 'abort',
        usage: { promptTokens: estimatedPrompt, completionTokens: estimatePromptTokens(text) },
      });
      try {
        const response = await connect(request, timer, signal);
        if (!response?.body) {
          yield abortEnd();
          return;
        }
        let finish: string | undefined;
        let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
        let done = false;
        timer.arm();
        try {
          for await (const data of sseData(response.body)) {
            timer.arm();
            if (data.trim() === '[DONE]') {
              done = true;
              break;
            }
            let parsed: z.infer<typeof StreamChunk>;
            try {
              parsed = StreamChunk.parse(JSON.parse(data));
            } catch (cause) {
              throw new AppError(
                'generator_bad_response',
                'the generation server sent a malformed stream chunk',
                {
                  cause,
                  details: { model: options.model, chunk: data.slice(0, 200) },
                },
              );
            }
            if (parsed.error !== undefined) {
              throw new AppError(
                'generator_unavailable',
                'the generation server reported an error mid-stream',
                {
                  retryable: true,
                  details: { model: options.model, error: parsed.error },
                },
              );
            }
            if (parsed.usage) usage = parsed.usage;
            const choice = parsed.choices?.[0];
            const delta = choice?.delta?.content;
            if (delta) {
              text += delta;
              yield { type: 'delta', text: delta };
            }
            if (choice?.finish_reason) finish = choice.finish_reason;
          }
        } catch (cause) {
          if (request.signal?.aborted) {
            yield abortEnd();
            return;
          }
          if (cause instanceof AppError) throw cause;
          if (timer.timedOut) {
            throw new AppError('generator_timeout', `the generation stream went silent for ${timeoutMs} ms`, {
              cause,
              retryable: true,
              details: { model: options.model, timeoutMs },
            });
          }
          throw new AppError(
            'generator_unavailable',
            'the connection to the generation server broke mid-stream',
            {
              cause,
              retryable: true,
              details: { model: options.model },
            },
          );
        }
        if (request.signal?.aborted) {
          yield abortEnd();
          return;
        }
        if (!done && finish === undefined) {
          throw new AppError('generator_unavailable', 'the generation stream ended before it finished', {
            retryable: true,
            details: { model: options.model },
          });
        }
        yield {
          type: 'end',
          stopReason: mapFinish(finish ?? 'stop'),
          usage: {
            promptTokens: usage?.prompt_tokens ?? estimatedPrompt,
            completionTokens: usage?.completion_tokens ?? estimatePromptTokens(text),
          },
        };
      } finally {
        timer.disarm();
        // Ends the HTTP request when the consumer stops early (client went away).
        timer.controller.abort();
      }
    },
    async close() {},
  };
}
