/**
 * A team's keys in rotation. Roles:
 *
 *   pending ──(possession code entered)──▶ next (a usable current key exists) or current (none does)
 *   next ──(current retired, revoked or expired)──▶ current ──(retired or revoked)──▶ retired
 *
 * A pending key is an editor's upload whose possession is not yet proven: it is served nowhere (keyserver, key.asc,
 * keyring, API, team page, vCard, mail encryption), because anyone with an editor's session could otherwise publish
 * a key of their choosing as the team's. One pending key at a time: a new upload replaces it.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { keyStateAt } from './presenter';
import { type TeamKeyRow, teamKeys } from './schema';

/** A key people can encrypt to today (valid, or valid but expiring soon). */
export function isUsable(key: Pick<TeamKeyRow, 'status' | 'expiresAt'> | undefined, now: Date): boolean {
  return key !== undefined && ['valid', 'expiring'].includes(keyStateAt(key, now));
}

/** Serialises the rotation steps of one team (two uploads or verifications at once must not both win). */
export async function lockTeamKeys(tx: DbOrTx, teamId: string): Promise<TeamKeyRow[]> {
  await tx.execute(sql`select id from teams where id = ${teamId} for update`);
  return tx.select().from(teamKeys).where(eq(teamKeys.teamId, teamId));
}

/** The team's keys by role (the served ones and the pending upload). */
export function byRole(keys: TeamKeyRow[]) {
  return {
    current: keys.find((k) => k.role === 'current'),
    next: keys.find((k) => k.role === 'next'),
    pending: keys.find((k) => k.role === 'pending'),
  };
}

/**
 * Takes a key out of service (retired, with `changes` such as a merged revocation); when it was the current key the
 * next one takes its place. Returns the promoted key's fingerprint, if any.
 */
export async function retireFromService(
  tx: DbOrTx,
  key: TeamKeyRow,
  now: Date,
  changes: Partial<Pick<TeamKeyRow, 'armored' | 'status'>> = {},
): Promise<string | null> {
  await tx
    .update(teamKeys)
    .set({ ...changes, role: 'retired', retiredAt: key.retiredAt ?? now, checkedAt: now })
    .where(eq(teamKeys.id, key.id));
  if (key.role !== 'current') return null;
  const [next] = await tx
    .update(teamKeys)
    .set({ role: 'current' })
    .where(and(eq(teamKeys.teamId, key.teamId), eq(teamKeys.role, 'next')))
    .returning({ fingerprint: teamKeys.fingerprint });
  return next?.fingerprint ?? null;
}
