/** Who is asking: the signed-in user of a request, what they may see, and how the audit log names them. */
import type { Request } from 'express';
import { unauthorized } from '../http/errors';

export { actorOf } from '../http/actor';

import { type SessionUser, viewerFor } from './session-user';
import type { Viewer } from './viewer';

/** The signed-in user (session or API token), or null. */
export function currentUser(req: Request): SessionUser | null {
  return (req.user as SessionUser | undefined) ?? null;
}

/**
 * The signed-in user of a route whose access level requires one. The guard has already refused anonymous callers,
 * so the 401 here only fires if a route is declared 'public' by mistake: it fails closed instead of acting for
 * nobody.
 */
export function signedInUser(req: Request): SessionUser {
  const user = currentUser(req);
  if (!user) throw unauthorized();
  return user;
}

/** What the caller may see: anonymous, member of a member team, or secretariat. */
export function viewerOf(req: Request): Viewer {
  return viewerFor(currentUser(req));
}

declare module '../http/locals' {
  interface AppLocals {
    /** For the layout's navigation (app.ts); handlers use currentUser/signedInUser instead. */
    currentUser: SessionUser | null;
  }
}
