import { AppError } from '@grounded/core';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';

/**
 * Fixed-window request counters: per IP before authentication (so keys cannot be brute-forced),
 * per credential after it. Redis-backed when Redis is configured, so the limit holds across API
 * processes; in memory otherwise. If Redis fails, requests are let through: a rate limiter must
 * not turn a Redis outage into an API outage.
 */
export interface RateCounter {
  /** Counts one hit in the window and returns the count so far. */
  hit(key: string, windowMs: number): Promise<number>;
}

export function memoryCounter(): RateCounter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    async hit(key, windowMs) {
      const start = Math.floor(Date.now() / windowMs) * windowMs;
      const current = windows.get(key);
      if (!current || current.start !== start) {
        // Drop stale windows now and then so the map cannot grow without bound.
        if (windows.size > 100_000) windows.clear();
        windows.set(key, { start, count: 1 });
        return 1;
      }
      current.count++;
      return current.count;
    },
  };
}

export function redisCounter(redis: Redis, prefix: string): RateCounter {
  return {
    async hit(key, windowMs) {
      const start = Math.floor(Date.now() / windowMs) * windowMs;
      const redisKey = `${prefix}:rl:${key}:${start}`;
      const results = await redis.multi().incr(redisKey).pexpire(redisKey, windowMs).exec();
      return Number(results?.[0]?.[1] ?? 0);
    },
  };
}

export function rateLimit(options: {
  counter: RateCounter;
  limit: number;
  windowMs: number;
  keyOf: (req: Parameters<RequestHandler>[0]) => string | null;
  onError?: (error: unknown) => void;
}): RequestHandler {
  return async (req, res, next) => {
    const key = options.keyOf(req);
    if (!key || options.limit <= 0) {
      next();
      return;
    }
    let count: number;
    try {
      count = await options.counter.hit(key, options.windowMs);
    } catch (error) {
      options.onError?.(error);
      next();
      return;
    }
    res.setHeader('RateLimit-Limit', String(options.limit));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, options.limit - count)));
    if (count > options.limit) {
      const retryAfter = Math.ceil((options.windowMs - (Date.now() % options.windowMs)) / 1000);
      res.setHeader('Retry-After', String(retryAfter));
      throw new AppError('rate_limited', `too many requests; retry after ${retryAfter} s`, {
        details: { limit: options.limit, windowSeconds: options.windowMs / 1000 },
      });
    }
    next();
  };
}
