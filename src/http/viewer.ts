import type { Request } from 'express';
import { type SessionUser, viewerFor } from '../accounts/session-user';
import type { Viewer } from '../directory/visibility';

/** The signed-in user (session or API token), or null. */
export function currentUser(req: Request): SessionUser | null {
  return (req.user as SessionUser | undefined) ?? null;
}

/** What the caller may see: anonymous, member of a member team, or secretariat. */
export function viewerOf(req: Request): Viewer {
  return viewerFor(currentUser(req));
}
