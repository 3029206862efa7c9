/**
 * The signed-in user as the rest of the application sees it (req.user): identity, roles and team memberships,
 * loaded fresh from the database on each request so a changed role takes effect at once.
 */
import type { DbOrTx } from '../db/client';
import { findUserById, type MembershipView, membershipsOf } from './queries';
import type { UserRow } from './schema';
import type { Viewer } from './viewer';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale: 'ja' | 'en';
  isSecretariat: boolean;
  totpEnabled: boolean;
  memberships: MembershipView[];
}

export async function loadSessionUser(db: DbOrTx, id: string): Promise<SessionUser | null> {
  const user = await findUserById(db, id);
  if (!user || user.disabledAt) return null;
  return toSessionUser(user, await membershipsOf(db, user.id));
}

function toSessionUser(user: UserRow, memberships: MembershipView[]): SessionUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    isSecretariat: user.isSecretariat,
    totpEnabled: user.totpEnabledAt !== null,
    memberships,
  };
}

/** Teams through which the user counts as a member of the association: active ones only. */
export function activeTeamIds(user: SessionUser): string[] {
  return user.memberships.filter((m) => m.status === 'active').map((m) => m.teamId);
}

export function viewerFor(user: SessionUser | null | undefined): Viewer {
  if (!user) return { kind: 'anonymous' };
  if (user.isSecretariat) return { kind: 'secretariat', userId: user.id };
  const teamIds = activeTeamIds(user);
  return teamIds.length > 0 ? { kind: 'member', userId: user.id, teamIds } : { kind: 'anonymous' };
}

export function displayName(user: Pick<SessionUser, 'name' | 'email'>): string {
  return user.name ? `${user.name} <${user.email}>` : user.email;
}
