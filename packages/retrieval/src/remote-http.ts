import { AppError } from '@grounded/core';

/**
 * The HTTP client the remote model adapters (embedder, reranker) share: one JSON POST with a
 * per-attempt timeout, retries with exponential backoff on 429, 5xx, connection errors and
 * timeouts (all idempotent for these servers), and a concurrency limit over every call the
 * adapter makes, so a large upload cannot open more connections than the model server serves.
 */
export interface RemoteCallSettings {
  /** Limit for one attempt (request and response body), in ms. */
  timeoutMs: number;
  /** Attempts after the first one, on 429, 5xx, connection errors and timeouts. */
  maxRetries: number;
  /** Backoff before retry n is retryBaseMs · 2^n (with jitter), at most MAX_BACKOFF_MS. */
  retryBaseMs: number;
  apiKey?: string;
}

/** An adapter's options over its defaults for timeout and retries (backoff base 250 ms). */
export function callSettings(
  options: Partial<RemoteCallSettings>,
  defaults: Pick<RemoteCallSettings, 'timeoutMs' | 'maxRetries'>,
): RemoteCallSettings {
  return {
    timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
    maxRetries: options.maxRetries ?? defaults.maxRetries,
    retryBaseMs: options.retryBaseMs ?? 250,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
  };
}

/** The error codes of one adapter: `<prefix>_unavailable`, `_timeout`, `_rejected`, `_bad_response`. */
export type RemoteErrorPrefix = 'embedder' | 'reranker';

const MAX_BACKOFF_MS = 10_000;

/** A counting semaphore: at most `limit` holders; waiters leave the queue when their signal aborts. */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: Array<{ start(): void; abandon(): void }> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const entry = {
          start: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          abandon: () => reject(abortedError(signal)),
        };
        const onAbort = () => {
          const at = this.waiting.indexOf(entry);
          if (at >= 0) this.waiting.splice(at, 1);
          entry.abandon();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(entry);
      });
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter (active stays the same), or is freed.
      const next = this.waiting.shift();
      if (next) next.start();
      else this.active--;
    }
  }
}

export function abortedError(signal: AbortSignal | undefined): AppError {
  return new AppError('aborted', 'the request was aborted', { cause: signal?.reason });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After in seconds or as an HTTP date, capped; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.min(Math.max(0, seconds * 1000), MAX_BACKOFF_MS);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - Date.now()), MAX_BACKOFF_MS);
}

/** Full backoff with ±25 % jitter, so many clients retrying together do not hit the server in step. */
function backoffMs(base: number, attempt: number): number {
  const plain = Math.min(base * 2 ** attempt, MAX_BACKOFF_MS);
  return plain * (0.75 + Math.random() * 0.5);
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? cause.cause.message : cause.cause ? String(cause.cause) : '';
  return inner ? `${cause.message}: ${inner}` : cause.message;
}

/**
 * POSTs `body` as JSON to `url` and returns the parsed JSON answer. Throws AppError:
 * `aborted` when the caller's signal fires; `<prefix>_timeout` (retryable) when the last attempt
 * timed out; `<prefix>_unavailable` (retryable) when 429/5xx/connection errors outlast the
 * retries; `<prefix>_rejected` on any other non-2xx (a bad key, a too-large batch: retrying
 * cannot help); `<prefix>_bad_response` when a 2xx answer is not JSON.
 */
export async function postJson(
  url: string,
  body: unknown,
  settings: RemoteCallSettings,
  prefix: RemoteErrorPrefix,
  signal?: AbortSignal,
): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;
  const payload = JSON.stringify(body);
  const where = new URL(url).host;
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw abortedError(signal);
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let problem: AppError;
    let wait: number | undefined;
    try {
      const response = await fetch(url, { method: 'POST', headers, body: payload, signal: combined });
      // The body is read under the same signal, so a server that stalls mid-answer times out too.
      const text = await response.text();
      if (response.ok) {
        try {
          return JSON.parse(text) as unknown;
        } catch (cause) {
          throw new AppError(`${prefix}_bad_response`, `${where} answered ${url} with something not JSON`, {
            cause,
            details: { url, status: response.status, body: text.slice(0, 300) },
          });
        }
      }
      const details = { url, status: response.status, body: text.slice(0, 300), attempts: attempt + 1 };
      if (response.status !== 429 && response.status < 500) {
        throw new AppError(
          `${prefix}_rejected`,
          `${where} refused the request with HTTP ${response.status}: ${text.slice(0, 200)}`,
          { details },
        );
      }
      problem = new AppError(`${prefix}_unavailable`, `${where} answered HTTP ${response.status}`, {
        retryable: true,
        details,
      });
      wait = retryAfterMs(response.headers.get('retry-after'));
    } catch (cause) {
      if (cause instanceof AppError) throw cause;
      if (signal?.aborted) throw abortedError(signal);
      problem = timeout.aborted
        ? new AppError(`${prefix}_timeout`, `${where} did not answer within ${settings.timeoutMs} ms`, {
            cause,
            retryable: true,
            details: { url, timeoutMs: settings.timeoutMs, attempts: attempt + 1 },
          })
        : new AppError(`${prefix}_unavailable`, `cannot reach ${where}: ${describeCause(cause)}`, {
            cause,
            retryable: true,
            details: { url, attempts: attempt + 1 },
          });
    }
    if (attempt >= settings.maxRetries) throw problem;
    await sleep(wait ?? backoffMs(settings.retryBaseMs, attempt), signal);
  }
}
