import type { RequestHandler } from 'express';

/**
 * CORS only for configured origins, except the widget's routes: any page may ask, because the
 * widget token then pins the origin on every actual request (preflights carry no token).
 */
export function cors(
  allowedOrigins: readonly string[],
  isWidgetPath: (path: string) => boolean,
  isRoute: (path: string) => boolean,
): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin && (allowed.has(origin) || isWidgetPath(req.path))) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader(
        'Access-Control-Allow-Headers',
        'Authorization, Content-Type, X-Request-Id, X-Api-Key, X-Widget-Visitor',
      );
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    // A preflight for a path that names no route is a 404 like any other request for it.
    if (req.method === 'OPTIONS' && isRoute(req.path)) {
      res.status(204).end();
      return;
    }
    next();
  };
}
