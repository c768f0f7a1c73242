import type { Request } from 'express';

/**
 * The caller's tenant and principals. Until API keys land (issue #7) the service runs single-tenant
 * in the 'default' tenant with unrestricted document access; every query already filters by
 * tenant and ACL so that auth only has to fill this in.
 */
export interface Caller {
  tenantId: string;
  principals?: readonly string[];
}

export function callerOf(_req: Request): Caller {
  return { tenantId: 'default' };
}
