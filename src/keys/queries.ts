import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
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
