/**
 * What other features may ask of the keys feature. Upload, check and keyserver use cases join this file with #4.
 */
import { and, asc, eq, inArray, isNotNull, notExists, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import type { Horizon } from '../entry/read-cache';
import { teams } from '../entry/schema';
import type { KeyRecord } from '../pgp';
import { type KeySummary, presentKey } from './presenter';
import { keysOfTeam, servedKeysOfTeams } from './queries';
import { type NewTeamKeyRow, type TeamKeyRow, teamKeys } from './schema';

export interface ServedKeys {
  current: TeamKeyRow | null;
  next: TeamKeyRow | null;
}

/** For each team id, its current key and (during a rotation) its next key. */
export async function servedKeysByTeam(db: DbOrTx, teamIds: string[]): Promise<Map<string, ServedKeys>> {
  const rows = await servedKeysOfTeams(db, teamIds);
  const byTeam = new Map<string, ServedKeys>();
  for (const row of rows) {
    const entry = byTeam.get(row.teamId) ?? { current: null, next: null };
    if (row.role === 'current') entry.current = row;
    else if (row.role === 'next') entry.next = row;
    byTeam.set(row.teamId, entry);
  }
  return byTeam;
}

export async function keyHistoryOfTeam(
  db: DbOrTx,
  teamId: string,
  now: Date,
  horizon?: Horizon,
): Promise<KeySummary[]> {
  return (await keysOfTeam(db, teamId)).map((k) => presentKey(k, now, horizon));
}

export { presentKey };

/** A stored-key row for a described public key (seeds, upload, admission all store keys through this). */
export function keyRowFrom(
  record: KeyRecord,
  teamId: string,
  opts: { role: 'pending' | 'current' | 'next' | 'retired'; now: Date; verifiedAt?: Date | null },
): NewTeamKeyRow {
  const expired = record.expires !== null && record.expires <= opts.now;
  return {
    teamId,
    role: opts.role,
    status: expired ? 'expired' : 'valid',
    fingerprint: record.fingerprint,
    keyId: record.keyId,
    algorithm: record.algorithm,
    bits: record.bits,
    keyCreatedAt: record.created,
    expiresAt: record.expires,
    uids: record.uids,
    emails: record.emails,
    armored: record.armored,
    verifiedAt: opts.verifiedAt ?? null,
    checkedAt: opts.now,
    addedAt: opts.now,
  };
}

/** A team's current key that is valid and proven in its hands (possession verified): one it can decrypt with. */
const provenCurrentKey = and(
  eq(teamKeys.role, 'current'),
  eq(teamKeys.status, 'valid'),
  isNotNull(teamKeys.verifiedAt),
);

/** For each team id, its proven current key (drills are encrypted to it whatever the team's mail choice). */
export async function provenKeysByTeam(
  db: DbOrTx,
  teamIds: string[],
): Promise<Map<string, { fingerprint: string; armored: string }>> {
  if (teamIds.length === 0) return new Map();
  const rows = await db
    .select({ teamId: teamKeys.teamId, fingerprint: teamKeys.fingerprint, armored: teamKeys.armored })
    .from(teamKeys)
    .where(and(inArray(teamKeys.teamId, teamIds), provenCurrentKey));
  return new Map(rows.map((r) => [r.teamId, r]));
}

/** Active teams with no proven current key: they cannot be drilled (nor sent encrypted mail) until they have one. */
export async function teamsWithoutProvenKey(db: DbOrTx, limit: number) {
  return db
    .select({ slug: teams.slug, shortName: teams.shortName, email: teams.email })
    .from(teams)
    .where(
      and(
        eq(teams.status, 'active'),
        notExists(
          db
            .select({ one: sql`1` })
            .from(teamKeys)
            .where(and(eq(teamKeys.teamId, teams.id), provenCurrentKey)),
        ),
      ),
    )
    .orderBy(asc(teams.shortName))
    .limit(limit);
}

/**
 * The key to encrypt the association's mail to a team with: only when the team opted in and its current key is
 * valid and proven in its hands (possession verified) — mail it could not decrypt would be mail lost.
 */
/**
 * The key the association's mail to a team is encrypted to: the team's proven current key when the team opted in,
 * or whatever its choice when the message must be encrypted (`required`: an announcement labelled TLP:AMBER or
 * above).
 */
export async function mailEncryptionKey(
  db: DbOrTx,
  teamId: string,
  opts: { required?: boolean } = {},
): Promise<string | null> {
  const [row] = await db
    .select({ armored: teamKeys.armored })
    .from(teamKeys)
    .innerJoin(teams, eq(teams.id, teamKeys.teamId))
    .where(and(eq(teamKeys.teamId, teamId), provenCurrentKey, opts.required ? undefined : eq(teams.encryptMail, true)))
    .limit(1);
  return row?.armored ?? null;
}

/**
 * Whether the team of the outer query's `teams` row has a proven current key: as SQL, for choosing recipients in
 * one query. (Written out qualified: in a select list the query builder drops table names, and an unqualified
 * "id" inside the subquery would name the key's own id.)
 */
export const teamHasProvenKey: SQL<boolean> = sql<boolean>`exists (select 1 from "team_keys" k
  where k.team_id = "teams"."id" and k.role = 'current' and k.status = 'valid' and k.verified_at is not null)`;

/** A team's editors choose whether the association's mail to the team address is encrypted. */
export async function setMailEncryption(db: DbOrTx, teamId: string, on: boolean): Promise<void> {
  await db.update(teams).set({ encryptMail: on }).where(eq(teams.id, teamId));
}
