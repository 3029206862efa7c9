import type { Request } from 'express';
import type { Actor } from '../audit/service';

/** The audit actor of a request: the signed-in user (or "anonymous"), the client address and the request id. */
export function actorOf(req: Request): Actor {
  const user = req.user;
  return {
    userId: user?.id ?? null,
    label: user?.email ?? 'anonymous',
    ip: req.ip ?? null,
    requestId: req.id ? String(req.id) : null,
  };
}
