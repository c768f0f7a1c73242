import type { ApiKeyService, Role, WidgetTokenService } from '@grounded/access';
import { AppError } from '@grounded/core';
import type { RequestHandler } from 'express';
import { findCaller, setCaller } from './tenant';

/**
 * Who may call what, in one table. The first matching row wins. Paths not under /v1 and not
 * listed as public still need a credential (e.g. /openapi.json).
 */
const ALL: Role[] = ['admin', 'agent', 'widget'];
const STAFF: Role[] = ['admin', 'agent'];
export const ACCESS_POLICY: { method: string; path: RegExp; roles: Role[] }[] = [
  { method: 'POST', path: /^\/v1\/collections\/?$/, roles: ['admin'] },
  { method: 'DELETE', path: /^\/v1\/collections\/[^/]+\/?$/, roles: ['admin'] },
  { method: '*', path: /^\/v1\/api-keys(\/|$)/, roles: ['admin'] },
  { method: 'POST', path: /^\/v1\/chat\/?$/, roles: ALL },
  { method: 'POST', path: /^\/v1\/chat\/completions\/?$/, roles: ALL },
  { method: 'POST', path: /^\/v1\/messages\/[^/]+\/feedback\/?$/, roles: ALL },
  { method: '*', path: /.*/, roles: STAFF },
];

/** Paths a widget token can reach, for CORS: the token itself pins the origin on each request. */
export const WIDGET_PATHS = [
  /^\/v1\/chat\/?$/,
  /^\/v1\/chat\/completions\/?$/,
  /^\/v1\/messages\/[^/]+\/feedback\/?$/,
];

export function isPublicPath(method: string, path: string, options: { publicMetrics: boolean }): boolean {
  if (path === '/health' || path === '/ready') return true;
  if (path === '/metrics') return options.publicMetrics;
  return (method === 'GET' || method === 'HEAD') && path.startsWith('/widget/');
}

function presentedCredential(header: string | undefined, apiKeyHeader: string | undefined): string | null {
  if (apiKeyHeader) return apiKeyHeader.trim();
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

export function authenticate(options: {
  apiKeys: ApiKeyService;
  widgetTokens: WidgetTokenService;
  publicMetrics: boolean;
}): RequestHandler {
  return async (req, _res, next) => {
    if (req.method === 'OPTIONS' || isPublicPath(req.method, req.path, options)) {
      next();
      return;
    }
    const credential = presentedCredential(req.get('authorization'), req.get('x-api-key'));
    if (!credential) {
      throw new AppError(
        'unauthorized',
        'send an API key as "Authorization: Bearer <key>" or a widget token',
      );
    }
    const caller = credential.startsWith('wt_')
      ? options.widgetTokens.verify(credential, req.get('origin'))
      : await options.apiKeys.authenticate(credential);
    const rule = ACCESS_POLICY.find(
      (row) => (row.method === '*' || row.method === req.method) && row.path.test(req.path),
    );
    if (!rule?.roles.includes(caller.role)) {
      throw new AppError('forbidden', `a ${caller.role} credential cannot call ${req.method} ${req.path}`);
    }
    setCaller(req, caller);
    next();
  };
}

/** A widget token names one collection; a request for another is refused before any work. */
export const enforceWidgetCollection: RequestHandler = (req, _res, next) => {
  const caller = findCaller(req);
  if (caller?.collectionId) {
    const body = (req.body ?? {}) as { collectionId?: unknown };
    if (body.collectionId !== undefined && body.collectionId !== caller.collectionId) {
      throw new AppError('forbidden', 'this widget token is for another collection');
    }
  }
  next();
};
