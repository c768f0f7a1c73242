import type { Caller } from '@grounded/access';
import type { Viewer } from '@grounded/chat';
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

/**
 * The caller as a reader of stored conversations and messages: admins see all of the tenant's,
 * everyone else (agents, widget visitors) those they started (issue #12).
 */
export function viewerOf(caller: Caller): Viewer {
  return {
    tenantId: caller.tenantId,
    principals: caller.principals,
    subjectId: caller.subjectId,
    seesAllConversations: caller.role === 'admin',
  };
}

/**
 * The collection a request acts on, whichever field named it. Every chat-like route resolves its
 * collection here, so a widget token can never reach past the one collection it was minted for
 * (issue #12: the OpenAI facade took the collection from `model` and was not checked).
 */
export function collectionFor(caller: Caller, requested: string | undefined): string {
  if (caller.role === 'widget' && caller.collectionId === undefined) {
    throw new AppError('forbidden', 'a widget credential must be a widget token bound to a collection');
  }
  if (caller.collectionId !== undefined) {
    if (requested !== undefined && requested !== caller.collectionId) {
      throw new AppError('forbidden', 'this widget token is for another collection');
    }
    return caller.collectionId;
  }
  if (requested === undefined) {
    throw new AppError('validation_failed', 'name the collection to act on');
  }
  return requested;
}
