/**
 * Who receives a mail: every read of the addresses that admission notices and reminders go to, in one place, so a
 * rule such as "disabled accounts get no mail" is written once. Accounts owns users and memberships; the teams'
 * own addresses come from the directory. (The addresses of a team's sponsors are a fact of its admission:
 * admission/queries.ts, sponsorAddressesByTeam.)
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { teams } from '../entry/schema';
import { teamMemberships, users } from './schema';

export function byTeam(rows: { teamId: string | null; email: string }[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of rows) {
    if (row.teamId) map.set(row.teamId, [...(map.get(row.teamId) ?? []), row.email]);
  }
  return map;
}

/** Addresses of the secretariat's active accounts. */
export async function secretariatAddresses(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.isSecretariat, true), isNull(users.disabledAt)));
  return rows.map((r) => r.email);
}

async function activeMemberAddresses(db: DbOrTx, editorsOnly: boolean): Promise<string[]> {
  const rows = await db
    .selectDistinct({ email: users.email })
    .from(teamMemberships)
    .innerJoin(users, eq(users.id, teamMemberships.userId))
    .innerJoin(teams, eq(teams.id, teamMemberships.teamId))
    .where(
      and(
        eq(teams.status, 'active'),
        isNull(users.disabledAt),
        editorsOnly ? eq(teamMemberships.role, 'editor') : undefined,
      ),
    );
  return rows.map((r) => r.email);
}

/** Addresses of every active user of an active member team (news to all members). */
export function memberAddresses(db: DbOrTx): Promise<string[]> {
  return activeMemberAddresses(db, false);
}

/** Addresses of the active editors of active member teams (calls for endorsements or objections). */
export function memberEditorAddresses(db: DbOrTx): Promise<string[]> {
  return activeMemberAddresses(db, true);
}

/** Active editors' addresses per team (they get the team's reminders in copy). */
export async function editorAddressesByTeam(db: DbOrTx, teamIds: string[]): Promise<Map<string, string[]>> {
  if (teamIds.length === 0) return new Map();
  const rows = await db
    .select({ teamId: teamMemberships.teamId, email: users.email })
    .from(teamMemberships)
    .innerJoin(users, eq(users.id, teamMemberships.userId))
    .where(and(inArray(teamMemberships.teamId, teamIds), eq(teamMemberships.role, 'editor'), isNull(users.disabledAt)));
  return byTeam(rows);
}
