import type { Role } from '@grounded/access';
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { match } from 'path-to-regexp';
import type { z } from 'zod';

/**
 * Who may call a route: 'public' needs no credential; otherwise the roles it admits. Declared
 * with the route, so that authorization is decided on the route Express matched, never on a
 * second reading of the path (issue #12: case-insensitive routing let `/V1/API-KEYS` past a
 * case-sensitive policy table).
 */
export type Access = 'public' | readonly Role[];

export const ADMIN: readonly Role[] = ['admin'];
/** People of the tenant: its admins and its agents (or the back ends acting for them). */
export const STAFF: readonly Role[] = ['admin', 'agent'];
/** Also a widget token: a site visitor chatting in one collection. */
export const ANY_ROLE: readonly Role[] = ['admin', 'agent', 'widget'];

/** One route, declared once: the router, the authorization and the OpenAPI document read it. */
export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path syntax (`/v1/collections/:collectionId`). */
  path: string;
  access: Access;
  summary: string;
  tag: string;
  body?: z.ZodType;
  /** Documented as multipart/form-data with a `file` part plus these fields. */
  form?: z.ZodType;
  query?: z.ZodObject;
  stream?: boolean;
  handler: (req: Request, res: Response) => unknown;
}

/**
 * The middleware a route runs before its handler, for its access: authentication, the role check,
 * the per-credential rate limit and the JSON body parser. Parsing comes after the role check, so a
 * caller who may not call a route cannot make the server read its body.
 */
export type GuardFor = (access: Access) => RequestHandler[];

/**
 * One router for every declared route. Case-sensitive and strict: `/V1/API-KEYS`, `/v1/api-keys/`
 * and `//v1/api-keys` match no route, so they are a 404 for every caller rather than a second
 * spelling of a route.
 */
export function routerOf(routes: readonly RouteSpec[], guardFor: GuardFor): Router {
  const router = Router({ caseSensitive: true, strict: true });
  for (const route of routes) {
    router[route.method](route.path, ...guardFor(route.access), route.handler);
  }
  return router;
}

/**
 * Whether a request path names one of these routes, with the router's own rules (case-sensitive,
 * strict); used by CORS to know the widget's routes without a second table of regexes.
 */
export function pathMatcher(routes: readonly RouteSpec[]): (path: string) => boolean {
  const matchers = routes.map((route) => match(route.path, { sensitive: true, trailing: false }));
  return (path) => matchers.some((test) => test(path) !== false);
}
