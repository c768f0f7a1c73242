import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Container } from './container';
import { authenticate, enforceWidgetCollection } from './http/auth';
import { cors } from './http/cors';
import { errorMiddleware, notFoundHandler } from './http/error-middleware';
import { memoryCounter, rateLimit, redisCounter } from './http/rate-limit';
import { requestIdFrom, requestIdHeader } from './http/request-context';
import { findCaller } from './http/tenant';
import { httpMetrics } from './metrics';
import { accessRoutes } from './routes/access-routes';
import { chatRoutes } from './routes/chat-routes';
import { collectionRoutes } from './routes/collection-routes';
import { conversationRoutes } from './routes/conversation-routes';
import { docsRoutes } from './routes/docs-routes';
import { feedbackRoutes } from './routes/feedback-routes';
import { guardrailRoutes } from './routes/guardrail-routes';
import { healthRoutes } from './routes/health-routes';
import { jobRoutes } from './routes/job-routes';
import { openAiCompatRoutes } from './routes/openai-compat-routes';
import { interactiveTracker, sentimentRoutes } from './routes/sentiment-routes';
import { summarizeRoutes } from './routes/summarize-routes';
import { translateRoutes } from './routes/translate-routes';
import { widgetRoutes } from './routes/widget-routes';

/** The HTTP surface. All state lives in the container; this only maps HTTP to services. */
export function createApp(container: Container): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger: container.logger,
      genReqId: (req) => requestIdFrom(req.headers),
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/health' },
    }),
  );
  app.use(requestIdHeader);
  app.use(httpMetrics(container.metrics));
  const { config } = container;
  // The widget assets are embedded in other sites' pages; everything else is an API.
  app.use(helmet({ crossOriginResourcePolicy: { policy: 'cross-origin' } }));
  app.use(cors(config.CORS_ORIGINS));
  const counter = container.redis ? redisCounter(container.redis, config.QUEUE_NAME) : memoryCounter();
  const onRateLimitError = (error: unknown) =>
    container.logger.warn({ err: error }, 'rate limiter unavailable');
  app.use(
    rateLimit({
      counter,
      limit: config.RATE_LIMIT_IP_PER_MINUTE,
      windowMs: 60_000,
      keyOf: (req) => `ip:${req.ip}`,
      onError: onRateLimitError,
    }),
  );
  app.use(
    authenticate({
      apiKeys: container.apiKeys,
      widgetTokens: container.widgetTokens,
      publicMetrics: config.METRICS_PUBLIC,
    }),
  );
  app.use(
    rateLimit({
      counter,
      limit: config.RATE_LIMIT_PER_MINUTE,
      windowMs: 60_000,
      keyOf: (req) => {
        const caller = findCaller(req);
        return caller ? `cred:${caller.credentialId}` : null;
      },
      onError: onRateLimitError,
    }),
  );
  app.use(express.json({ limit: config.MAX_JSON_BYTES, strict: true }));
  app.use(enforceWidgetCollection);

  app.use(healthRoutes(container));
  app.use(docsRoutes(container));
  app.use(guardrailRoutes(container));
  app.use(accessRoutes(container));
  app.use(collectionRoutes(container));
  app.use(jobRoutes(container));
  app.use(interactiveTracker(container));
  app.use(summarizeRoutes(container));
  app.use(translateRoutes(container));
  app.use(sentimentRoutes(container));
  app.use(chatRoutes(container));
  app.use(conversationRoutes(container));
  app.use(openAiCompatRoutes(container));
  app.use(feedbackRoutes(container));
  app.use(widgetRoutes(container));

  app.use(notFoundHandler);
  app.use(
    errorMiddleware({
      logger: container.logger,
      exposeInternals: container.config.NODE_ENV === 'development',
    }),
  );
  return app;
}
