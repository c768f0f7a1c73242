import { createHmac, randomBytes } from 'node:crypto';
import { AppError } from '@grounded/core';
import { z } from 'zod';
import { constantTimeEqual } from './secrets';
import type { Caller } from './types';

/**
 * Short-lived, stateless tokens for the chat widget, so a web page never holds a long-lived key.
 * `wt_<payload>.<hmac>`: the payload names the tenant, the one collection, the allowed origins
 * and the expiry; the HMAC-SHA256 signature uses a secret shared by all API processes.
 */
const claimsSchema = z.object({
  tid: z.string(),
  cid: z.string(),
  origins: z.array(z.string()).min(1),
  exp: z.number().int(),
  jti: z.string(),
});
type Claims = z.infer<typeof claimsSchema>;

export interface MintOptions {
  tenantId: string;
  collectionId: string;
  /** Exact origins (scheme://host[:port]) the widget may run on. */
  origins: string[];
  ttlSeconds: number;
}

export const MAX_WIDGET_TOKEN_TTL_SECONDS = 24 * 3600;

export function normaliseOrigin(origin: string): string {
  const url = new URL(origin);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('validation_failed', `origin ${origin} must be http or https`);
  }
  return url.origin;
}

export class WidgetTokenService {
  constructor(
    private readonly secret: Uint8Array,
    private readonly now: () => number = Date.now,
  ) {}

  mint(options: MintOptions): { token: string; expiresAt: string } {
    const ttl = Math.min(Math.max(options.ttlSeconds, 1), MAX_WIDGET_TOKEN_TTL_SECONDS);
    const claims: Claims = {
      tid: options.tenantId,
      cid: options.collectionId,
      origins: options.origins.map(normaliseOrigin),
      exp: Math.floor(this.now() / 1000) + ttl,
      jti: randomBytes(6).toString('hex'),
    };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return {
      token: `wt_${payload}.${this.sign(payload)}`,
      expiresAt: new Date(claims.exp * 1000).toISOString(),
    };
  }

  /** Checked on every request: signature, expiry, and that the request's Origin is allowed. */
  verify(token: string, origin: string | undefined): Caller {
    const match = /^wt_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
    if (!match || !constantTimeEqual(this.sign(match[1]!), match[2]!)) {
      throw new AppError('unauthorized', 'the widget token is not valid');
    }
    let claims: Claims;
    try {
      claims = claimsSchema.parse(JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8')));
    } catch {
      throw new AppError('unauthorized', 'the widget token is not valid');
    }
    if (claims.exp * 1000 <= this.now()) throw new AppError('unauthorized', 'the widget token has expired');
    if (!origin || !claims.origins.includes(origin)) {
      throw new AppError('forbidden', 'this widget token is not valid for the requesting origin');
    }
    return {
      tenantId: claims.tid,
      role: 'widget',
      credentialId: `wt_${claims.jti}`,
      subjectId: `wt_${claims.jti}`,
      principals: [],
      collectionId: claims.cid,
    };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
