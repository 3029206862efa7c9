/**
 * Whom an announcement goes to, and how: every active team the audience chooses, each with the route its message
 * takes — encrypted to the team's proven key, unencrypted (signed by the association when it has a key), or not at
 * all when the label needs encryption and the team has no proven key. The preview and the send ask the same
 * question here, and the send refuses when the answer changed since the preview (its digest differs).
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { teams } from '../entry/schema';
import { teamHasProvenKey } from '../keys/service';
import type { Audience, RecipientRoute } from './schema';
import { needsEncryption, type Tlp } from './tlp';

export interface Recipient {
  teamId: string;
  slug: string;
  shortName: string;
  address: string;
  route: RecipientRoute;
}

export function audienceCondition(audience: Audience): SQL | undefined {
  return and(
    eq(teams.status, 'active'),
    audience.region ? eq(teams.region, audience.region) : undefined,
    audience.industry ? eq(teams.industry, audience.industry) : undefined,
    audience.constituencyType ? sql`${audience.constituencyType} = any(${teams.constituencyTypes})` : undefined,
  );
}

/**
 * The route of one team's message. With AMBER and above a team with a proven key gets it encrypted even if it did
 * not ask for encrypted mail: it can read it, and nothing else would be allowed.
 */
export function routeOf(tlp: Tlp, team: { hasKey: boolean; encryptMail: boolean }): RecipientRoute {
  if (needsEncryption(tlp)) return team.hasKey ? 'encrypted' : 'not_reached';
  return team.hasKey && team.encryptMail ? 'encrypted' : 'unencrypted';
}

/** Not reached first (what the secretariat must act on), then by name. */
export async function chooseRecipients(db: DbOrTx, tlp: Tlp, audience: Audience): Promise<Recipient[]> {
  const rows = await db
    .select({
      teamId: teams.id,
      slug: teams.slug,
      shortName: teams.shortName,
      address: teams.email,
      encryptMail: teams.encryptMail,
      hasKey: teamHasProvenKey,
    })
    .from(teams)
    .where(audienceCondition(audience))
    .orderBy(asc(teams.shortName));
  const chosen = rows.map(({ encryptMail, hasKey, ...team }) => ({
    ...team,
    route: routeOf(tlp, { encryptMail, hasKey: Boolean(hasKey) }),
  }));
  return [...chosen.filter((r) => r.route === 'not_reached'), ...chosen.filter((r) => r.route !== 'not_reached')];
}

/** What the preview showed, in a few characters: the send compares it with what it would send now. */
export function recipientsDigest(recipients: readonly Recipient[]): string {
  const lines = recipients.map((r) => `${r.teamId} ${r.route} ${r.address}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('base64url').slice(0, 32);
}

export function countRoutes(recipients: readonly Recipient[]): Record<RecipientRoute, number> {
  const counts: Record<RecipientRoute, number> = { encrypted: 0, unencrypted: 0, not_reached: 0 };
  for (const r of recipients) counts[r.route] += 1;
  return counts;
}
