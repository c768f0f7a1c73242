import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { JobContext, JobHandler } from '@grounded/jobs';
import type { GenerationEvent, GenerationRequest, Generator } from '@grounded/llm';
import type { Embedder } from '@grounded/retrieval';
import type { RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics. One registry per container (no global registry), filled by decorators
 * around the embedder, the generator and the job handlers, and by an HTTP middleware.
 */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  jobs: Counter<'kind' | 'status'>;
  jobDuration: Histogram<'kind' | 'status'>;
  embeddedTexts: Counter<'embedder'>;
  embeddingSeconds: Counter<'embedder'>;
  generatedTokens: Counter<'generator'>;
  generationSeconds: Counter<'generator'>;
  guardrailVerdicts: Counter<'check' | 'action'>;
  eventLoopDelay: Gauge<'stat'>;
  /** Stops the event-loop delay sampler. */
  close(): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Issue #16: the embedded default runs WASM (PGlite, the embedder) on the request thread; this
  // shows how long a ready callback waited for the loop. Sampled every 10 ms and reset at each
  // scrape, so a scrape reports the window since the previous one rather than since start-up.
  // (Node drops the first sample after a reset: a stall that begins within 10 ms of a scrape is
  // not seen by that window.)
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const eventLoopDelay = new Gauge({
    name: 'eventloop_delay_ms',
    help: 'Event-loop delay since the previous scrape in ms (perf_hooks.monitorEventLoopDelay), by stat: p50, p99, max',
    labelNames: ['stat'],
    registers: [registry],
    collect() {
      const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);
      this.set({ stat: 'p50' }, ms(loopDelay.percentile(50)));
      this.set({ stat: 'p99' }, ms(loopDelay.percentile(99)));
      this.set({ stat: 'max' }, ms(loopDelay.max));
      loopDelay.reset();
    },
  });
  return {
    eventLoopDelay,
    close: () => loopDelay.disable(),
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'jobs_total',
      help: 'Jobs finished, by kind and outcome',
      labelNames: ['kind', 'status'],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'job_duration_seconds',
      help: 'Job handler duration, by kind and outcome',
      labelNames: ['kind', 'status'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800],
      registers: [registry],
    }),
    embeddedTexts: new Counter({
      name: 'embedder_texts_total',
      help: 'Texts embedded',
      labelNames: ['embedder'],
      registers: [registry],
    }),
    embeddingSeconds: new Counter({
      name: 'embedder_seconds_total',
      help: 'Time spent embedding (texts_total / seconds_total = throughput)',
      labelNames: ['embedder'],
      registers: [registry],
    }),
    generatedTokens: new Counter({
      name: 'generator_tokens_total',
      help: 'Completion tokens generated',
      labelNames: ['generator'],
      registers: [registry],
    }),
    generationSeconds: new Counter({
      name: 'generator_seconds_total',
      help: 'Time spent generating (tokens_total / seconds_total = throughput)',
      labelNames: ['generator'],
      registers: [registry],
    }),
    guardrailVerdicts: new Counter({
      name: 'guardrail_verdicts_total',
      help: 'Guardrail verdicts, by check and action',
      labelNames: ['check', 'action'],
      registers: [registry],
    }),
  };
}

export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      // The matched route pattern, not the raw path: ids must not explode label cardinality.
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

export function instrumentEmbedder(embedder: Embedder, metrics: Metrics): Embedder {
  return {
    id: embedder.id,
    dimension: embedder.dimension,
    ...(embedder.languages ? { languages: embedder.languages } : {}),
    async embed(texts, options) {
      const started = performance.now();
      const vectors = await embedder.embed(texts, options);
      metrics.embeddedTexts.inc({ embedder: embedder.id }, texts.length);
      metrics.embeddingSeconds.inc({ embedder: embedder.id }, (performance.now() - started) / 1000);
      return vectors;
    },
    close: () => embedder.close(),
  };
}

export function instrumentGenerator(generator: Generator, metrics: Metrics): Generator {
  return {
    id: generator.id,
    contextWindow: generator.contextWindow,
    countTokens: (text) => generator.countTokens(text),
    async *generate(request: GenerationRequest): AsyncIterable<GenerationEvent> {
      const started = performance.now();
      try {
        for await (const event of generator.generate(request)) {
          if (event.type === 'end')
            metrics.generatedTokens.inc({ generator: generator.id }, event.usage.completionTokens);
          yield event;
        }
      } finally {
        metrics.generationSeconds.inc({ generator: generator.id }, (performance.now() - started) / 1000);
      }
    },
    close: () => generator.close(),
  };
}

export function instrumentJobHandlers(
  handlers: Record<string, JobHandler>,
  metrics: Metrics,
): Record<string, JobHandler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([kind, handler]) => [
      kind,
      async (payload: unknown, context: JobContext) => {
        const end = metrics.jobDuration.startTimer({ kind });
        try {
          const result = await handler(payload, context);
          metrics.jobs.inc({ kind, status: 'succeeded' });
          end({ status: 'succeeded' });
          return result;
        } catch (error) {
          metrics.jobs.inc({ kind, status: 'failed' });
          end({ status: 'failed' });
          throw error;
        }
      },
    ]),
  );
}
