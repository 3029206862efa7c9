import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { teams } from '../directory/schema';
import { type NewTeamKeyRow, teamKeys } from './schema';

/** The current and next keys of the given teams (the keys a team serves), current first. */
export async function servedKeysOfTeams(db: DbOrTx, teamIds: string[]) {
  if (teamIds.length === 0) return [];
  return db
    .select()
    .from(teamKeys)
    .where(and(inArray(teamKeys.teamId, teamIds), inArray(teamKeys.role, ['current', 'next'])))
    .orderBy(asc(teamKeys.teamId), asc(teamKeys.role));
}

export async function keysOfTeam(db: DbOrTx, teamId: string) {
  return db.select().from(teamKeys).where(eq(teamKeys.teamId, teamId)).orderBy(asc(teamKeys.addedAt));
}

export async function insertTeamKeys(db: DbOrTx, rows: NewTeamKeyRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(teamKeys).values(rows).onConflictDoNothing();
}

/** What a keyserver lookup may match: a whole fingerprint, a 64-bit key id, or an email address. */
export type KeySearch = { fingerprint: string } | { keyId: string } | { email: string } | { teamSlug: string };

/**
 * The served keys (current and, during a rotation, next) of active teams matching a search, with the team's key
 * visibility so callers can apply it. Retired keys and keys of suspended or withdrawn teams are never served.
 */
export async function servedKeysMatching(db: DbOrTx, search: KeySearch | null) {
  const where = [inArray(teamKeys.role, ['current', 'next']), eq(teams.status, 'active')];
  if (search && 'fingerprint' in search) where.push(eq(teamKeys.fingerprint, search.fingerprint));
  if (search && 'keyId' in search) where.push(eq(teamKeys.keyId, search.keyId));
  if (search && 'email' in search) where.push(sql`${search.email} = any(${teamKeys.emails})`);
  if (search && 'teamSlug' in search) where.push(eq(teams.slug, search.teamSlug));
  return db
    .select({
      key: teamKeys,
      team: { slug: teams.slug, shortName: teams.shortName, visibility: teams.visibility, email: teams.email },
    })
    .from(teamKeys)
    .innerJoin(teams, eq(teams.id, teamKeys.teamId))
    .where(and(...where))
    .orderBy(asc(teams.shortName), asc(teamKeys.role));
}
