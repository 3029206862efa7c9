import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { escapeLike } from '../db/like';
import { teams } from '../entry/schema';
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

/** Each team's current key, only what a summary shows of it (the fingerprint) and the addresses its rule needs. */
export async function currentFingerprints(db: DbOrTx, teamIds: string[]) {
  if (teamIds.length === 0) return new Map<string, { fingerprint: string; emails: string[] }>();
  const rows = await db
    .select({ teamId: teamKeys.teamId, fingerprint: teamKeys.fingerprint, emails: teamKeys.emails })
    .from(teamKeys)
    .where(and(inArray(teamKeys.teamId, teamIds), eq(teamKeys.role, 'current')));
  return new Map(rows.map((r) => [r.teamId, { fingerprint: r.fingerprint, emails: r.emails }]));
}

export async function keysOfTeam(db: DbOrTx, teamId: string) {
  return db.select().from(teamKeys).where(eq(teamKeys.teamId, teamId)).orderBy(asc(teamKeys.addedAt));
}

export async function insertTeamKeys(db: DbOrTx, rows: NewTeamKeyRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(teamKeys).values(rows).onConflictDoNothing();
}

/**
 * What a keyserver lookup may match: a whole fingerprint, a 64-bit key id, an email address, a team, or free text
 * (already NFKC-normalised and lowercased, words separated by spaces) matched against the keys' user IDs and the
 * team's names.
 */
export type KeySearch =
  | { fingerprint: string }
  | { keyId: string }
  | { email: string }
  | { teamSlug: string }
  | { text: string };

/** Keys in service: what a team publishes. */
const IN_SERVICE: ('current' | 'next' | 'retired')[] = ['current', 'next'];
/**
 * A fingerprint or key id names one key, and whoever asks already has it: they also find it out of service
 * (retired or revoked), so `gpg --refresh-keys` learns that it is gone. Pending uploads are never found.
 */
const NAMED_KEY: ('current' | 'next' | 'retired')[] = ['current', 'next', 'retired'];

/** Every word of the text in the key's user IDs or the team's (always public) names, compared NFKC and lowercased. */
function textMatches(text: string) {
  const haystack = sql`lower(normalize(array_to_string(${teamKeys.uids}, ' ') || ' ' || ${teams.shortName}::text
    || ' ' || ${teams.officialNameJa} || ' ' || ${teams.officialNameEn} || ' ' || ${teams.organizationJa}
    || ' ' || ${teams.organizationEn}, NFKC))`;
  return text
    .split(' ')
    .filter((w) => w !== '')
    .map((w) => sql`${haystack} like ${`%${escapeLike(w)}%`}`);
}

/**
 * The keys of active teams matching a search, with the team's key visibility so callers can apply it: keys in
 * service for every search, and retired ones too for a fingerprint or key id. Keys of suspended or withdrawn teams
 * are never served.
 */
export async function servedKeysMatching(db: DbOrTx, search: KeySearch | null) {
  const named = search !== null && ('fingerprint' in search || 'keyId' in search);
  const where = [inArray(teamKeys.role, named ? NAMED_KEY : IN_SERVICE), eq(teams.status, 'active')];
  if (search && 'fingerprint' in search) where.push(eq(teamKeys.fingerprint, search.fingerprint));
  if (search && 'keyId' in search) where.push(eq(teamKeys.keyId, search.keyId));
  if (search && 'email' in search) where.push(sql`${search.email} = any(${teamKeys.emails})`);
  if (search && 'teamSlug' in search) where.push(eq(teams.slug, search.teamSlug));
  if (search && 'text' in search) where.push(...textMatches(search.text));
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
