import type { ApiKeyService, Caller, WidgetTokenService } from '@grounded/access';
import { AppError } from '@grounded/core';
import type { Request, RequestHandler } from 'express';
import type { Access } from './routes';
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
      return credential.startsWith('wt_')
        ? options.widgetTokens.verify(credential, req.get('origin'))
        : options.apiKeys.authenticate(credential);
    },
  };
}

/**
 * Authentication and the role check for one route, from its declared access. It runs only on a
 * route the router matched, so the decision is about that route and no other spelling of it.
 */
export function authorize(access: Access, auth: Authenticator): RequestHandler {
  if (access === 'public') return (_req, _res, next) => next();
  return async (req, _res, next) => {
    const caller = await auth.authenticate(req);
    if (!access.includes(caller.role)) {
      throw new AppError('forbidden', `a ${caller.role} credential cannot call ${req.method} ${req.path}`);
    }
    setCaller(req, caller);
    next();
  };
}
