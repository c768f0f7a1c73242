import type { Caller } from '@grounded/access';
import { AppError } from '@grounded/core';
import type { Request } from 'express';

export type { Caller };

/**
 * The authenticated caller, set by the auth middleware. Every route takes its tenant and ACL
 * principals from here, never from the request body.
 */
export function callerOf(req: Request): Caller {
  const caller = findCaller(req);
  if (!caller) throw new AppError('unauthorized', 'this request carries no valid credential');
  return caller;
}

/** The caller when the request is authenticated (public routes have none). */
export function findCaller(req: Request): Caller | undefined {
  return (req as Request & { caller?: Caller }).caller;
}

export function setCaller(req: Request, caller: Caller): void {
  (req as Request & { caller?: Caller }).caller = caller;
}
