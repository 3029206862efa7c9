/**
 * CSRF protection for every state-changing form: a random token kept in the session, put in each form as a hidden
 * `_csrf` field (or sent as X-CSRF-Token), compared in constant time. A request without a valid one gets 403.
 * API tokens never authenticate a form (http/access.ts refuses them there), so no request skips this check.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { csrfFailed } from './errors';
import type { PageResponse } from './locals';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session's token, made on first use (this is what creates a session for an anonymous form). */
function csrfToken(req: Request): string {
  const session = req.session as typeof req.session & { csrfToken?: string };
  if (!session.csrfToken) session.csrfToken = randomBytes(32).toString('base64url');
  return session.csrfToken;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifyCsrf(req: Request, _res: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(req.method)) {
    next();
    return;
  }
  const expected = (req.session as (typeof req.session & { csrfToken?: string }) | undefined)?.csrfToken;
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
  if (!expected || typeof sent !== 'string' || !sameToken(expected, sent)) {
    next(csrfFailed());
    return;
  }
  next();
}

/** Views call csrfToken() inside forms; the token is made lazily so pages without forms create no session. */
export function csrfLocals(req: Request, res: PageResponse, next: NextFunction): void {
  res.locals.csrfToken = () => csrfToken(req);
  next();
}
