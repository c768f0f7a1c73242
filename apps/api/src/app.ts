import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Container } from './container';
import { authenticator, authorize } from './http/auth';
import { cors } from './http/cors';
import { errorMiddleware, notFoundHandler } from './http/error-middleware';
import { jsonBody } from './http/json-body';
import { memoryCounter, rateLimit, redisCounter } from './http/rate-limit';
import { requestIdHeader } from './http/request-context';
import { requestLogger } from './http/request-logging';
import { type Access, pathMatcher, type RouteSpec, routerOf } from './http/routes';
import { findCaller } from './http/tenant';
import { httpMetrics } from './metrics';
import { accessRoutes } from './routes/access-routes';
import { adminRoutes } from './routes/admin-routes';
import { chatRoutes } from './routes/chat-routes';
import { collectionRoutes } from './routes/collection-routes';
import { conversationRoutes } from './routes/conversation-routes';
import { docsRoutes } from './routes/docs-routes';
import { feedbackRoutes } from './routes/feedback-routes';
import { guardrailRoutes } from './routes/guardrail-routes';
import { healthRoutes } from './routes/health-routes';
import { insightsRoutes } from './routes/insights-routes';
import { jobRoutes } from './routes/job-routes';
import { openAiCompatRoutes } from './routes/openai-compat-routes';
import { openAiEmbeddingsRoutes } from './routes/openai-embeddings-routes';
import { openAiModelsRoutes } from './routes/openai-models-routes';
import { interactiveTracker, sentimentRoutes } from './routes/sentiment-routes';
import { sourceRoutes } from './routes/source-routes';
import { summarizeRoutes } from './routes/summarize-routes';
import { translateRoutes } from './routes/translate-routes';
import { webhookRoutes } from './routes/webhook-routes';
import { widgetRoutes } from './routes/widget-routes';

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/** Every route the API serves, each declared once with the roles it admits. */
export function apiRoutes(container: Container): RouteSpec[] {
  const routes: RouteSpec[] = [
    ...healthRoutes(container),
    ...docsRoutes(() => routes),
    ...guardrailRoutes(container),
    ...accessRoutes(container),
    ...collectionRoutes(container),
    ...jobRoutes(container),
    ...summarizeRoutes(container),
    ...translateRoutes(container),
    ...sentimentRoutes(container),
    ...chatRoutes(container),
    ...conversationRoutes(container),
    ...openAiCompatRoutes(container),
    ...openAiModelsRoutes(container),
    ...openAiEmbeddingsRoutes(container),
    ...feedbackRoutes(container),
    ...insightsRoutes(container),
    ...webhookRoutes(container),
    ...sourceRoutes(container),
    ...widgetRoutes(container),
    ...adminRoutes(container),
  ];
  return routes;
}

/** The HTTP surface. All state lives in the container; this only maps HTTP to services. */
export function createApp(container: Container, routes: RouteSpec[] = apiRoutes(container)): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestLogger(container.logger));
  app.use(requestIdHeader);
  app.use(httpMetrics(container.metrics));
  const { config } = container;
  // The widget assets are embedded in other sites' pages; everything else is an API.
  app.use(helmet({ crossOriginResourcePolicy: { policy: 'cross-origin' } }));
  app.use(
    cors(
      config.CORS_ORIGINS,
      pathMatcher(routes.filter((route) => route.access !== 'public' && route.access.includes('widget'))),
      pathMatcher(routes),
    ),
  );
  const counter = container.redis ? redisCounter(container.redis, config.QUEUE_NAME) : memoryCounter();
  const onRateLimitError = (error: unknown) =>
    container.logger.warn({ err: error }, 'rate limiter unavailable');
  // Per client IP, before anything else, so keys cannot be brute-forced.
  app.use(
    rateLimit({
      counter,
      limit: config.RATE_LIMIT_IP_PER_MINUTE,
      windowMs: 60_000,
      keyOf: (req) => `ip:${req.ip}`,
      onError: onRateLimitError,
    }),
  );
  const perCredential = rateLimit({
    counter,
    limit: config.RATE_LIMIT_PER_MINUTE,
    windowMs: 60_000,
    keyOf: (req) => {
      const caller = findCaller(req);
      return caller ? `cred:${caller.credentialId}` : null;
    },
    onError: onRateLimitError,
  });
  const json = jsonBody({ maxBytes: config.MAX_JSON_BYTES, maxDepth: config.MAX_JSON_DEPTH });
  const auth = authenticator({ apiKeys: container.apiKeys, widgetTokens: container.widgetTokens });
  // A public route has no credential to check or count, and takes no body (GETs only). Every
  // other answer is made for its credential (documents its groups may read, its conversations),
  // so no browser or proxy cache may keep it for the next caller; a handler may say otherwise.
  const guardFor = (access: Access): RequestHandler[] =>
    access === 'public' ? [] : [noStore, authorize(access, auth), perCredential, json];

  app.use(interactiveTracker(container));
  app.use(routerOf(routes, guardFor));
  // Whatever matched no declared route: a 404 for every caller, with or without a credential.
  app.use(notFoundHandler);
  app.use(
    errorMiddleware({
      logger: container.logger,
      exposeInternals: container.config.NODE_ENV === 'development',
    }),
  );
  return app;
}
