import type { ApiKeyService, Caller, Role, WidgetTokenService } from '@grounded/access';
import { AppError, sha256Hex } from '@grounded/core';
import type { Request, RequestHandler } from 'express';
import { setCaller } from './tenant';

function presentedCredential(header: string | undefined, apiKeyHeader: string | undefined): string | null {
  if (apiKeyHeader) return apiKeyHeader.trim();
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

export interface Authenticator {
  /** The caller a request's credential names; `unauthorized` when it names none. */
  authenticate(req: Request): Promise<Caller>;
}

export function authenticator(options: {
  apiKeys: ApiKeyService;
  widgetTokens: WidgetTokenService;
}): Authenticator {
  return {
    async authenticate(req) {
      const credential = presentedCredential(req.get('authorization'), req.get('x-api-key'));
      if (!credential) {
        throw new AppError(
          'unauthorized',
          'send an API key as "Authorization: Bearer <key>" or a widget token',
        );
      }
      if (!credential.startsWith('wt_')) return options.apiKeys.authenticate(credential);
      const caller = options.widgetTokens.verify(credential, req.get('origin'));
      return { ...caller, subjectId: `${caller.credentialId}:${visitorOf(req)}` };
    },
  };
}

const VISITOR = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * One widget token is embedded in a page that every visitor loads, so the token cannot tell them
 * apart: each visitor's browser sends its own random id, and the conversations a visitor starts
 * are that visitor's (issue #12). Only a hash of the id is kept.
 */
function visitorOf(req: Request): string {
  const visitor = req.get('x-widget-visitor');
  if (!visitor || !VISITOR.test(visitor)) {
    throw new AppError(
      'unauthorized',
      'a widget token needs an X-Widget-Visitor header: a random id (16 to 128 characters) per visitor',
    );
  }
  return sha256Hex(visitor).slice(0, 32);
}

/**
 * Authentication and the role check for one route, from the roles it declares. It runs only on a
 * route the router matched, so the decision is about that route and no other spelling of it.
 */
export function authorize(roles: readonly Role[], auth: Authenticator): RequestHandler {
  return async (req, _res, next) => {
    const caller = await auth.authenticate(req);
    if (!roles.includes(caller.role)) {
      throw new AppError('forbidden', `a ${caller.role} credential cannot call ${req.method} ${req.path}`);
    }
    setCaller(req, caller);
    next();
  };
}
