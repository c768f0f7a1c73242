import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Container } from './container';
import { errorMiddleware, notFoundHandler } from './http/error-middleware';
import { requestIdFrom, requestIdHeader } from './http/request-context';
import { chatRoutes } from './routes/chat-routes';
import { collectionRoutes } from './routes/collection-routes';
import { healthRoutes } from './routes/health-routes';
import { jobRoutes } from './routes/job-routes';

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
  app.use(express.json({ limit: container.config.MAX_JSON_BYTES, strict: true }));

  app.use(healthRoutes(container));
  app.use(collectionRoutes(container));
  app.use(jobRoutes(container));
  app.use(chatRoutes(container));

  app.use(notFoundHandler);
  app.use(
    errorMiddleware({
      logger: container.logger,
      exposeInternals: container.config.NODE_ENV === 'development',
    }),
  );
  return app;
}
