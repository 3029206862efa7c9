/**
 * The reminder run's reads, written for 100,000 teams: keyset pages over the due-date (or expiry) index, each page
 * already stripped of teams whose current stage (or a later one) was sent, so a rerun reads little.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { teamMemberships, users } from '../accounts/schema';
import { applications, sponsorships } from '../admission/schema';
import { DAY_MS } from '../clock';
import type { DbOrTx } from '../db/client';
import { teams } from '../directory/schema';
import { lookaheadDays, type Stage } from './stages';

/** `case when now >= anchor + offset(last) then rank(last) … else 0 end` for a list of stages. */
function rankCase(stages: Stage[], anchor: ReturnType<typeof sql>, now: Date) {
  const whens = [...stages]
    .sort((a, b) => b.rank - a.rank)
    .map((s) => sql`when ${now}::timestamptz >= ${anchor} + make_interval(days => ${s.offsetDays}) then ${s.rank}`);
  return sql`(case ${sql.join(whens, sql` `)} else 0 end)`;
}

export interface ConfirmationCandidate {
  teamId: string;
  slug: string;
  shortName: string;
  email: string;
  dueAt: Date;
  confirmedAt: Date | null;
  encryptMail: boolean;
  rank: number;
}

export interface Cursor {
  at: Date;
  id: string;
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export async function confirmationCandidates(
  db: DbOrTx,
  stages: Stage[],
  now: Date,
  after: Cursor | null,
  limit: number,
): Promise<ConfirmationCandidate[]> {
  const horizon = new Date(now.getTime() + lookaheadDays(stages) * DAY_MS);
  const rank = rankCase(stages, sql`t.confirmation_due_at`, now);
  const page = after ? sql`and (t.confirmation_due_at, t.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
  const result = await db.execute(sql`
    select t.id as "teamId", t.slug, t.short_name as "shortName", t.email, t.confirmation_due_at as "dueAt",
           t.confirmed_at as "confirmedAt", t.encrypt_mail as "encryptMail", ${rank} as rank
    from teams t
    where t.status = 'active' and t.confirmation_due_at <= ${horizon}::timestamptz ${page}
    order by t.confirmation_due_at, t.id
    limit ${limit}`);
  // The page is cut before filtering so the cursor always advances; the run filters rank and the log itself.
  return rowsOf<ConfirmationCandidate>(result).map((r) => ({
    ...r,
    dueAt: new Date(r.dueAt),
    confirmedAt: r.confirmedAt ? new Date(r.confirmedAt) : null,
    rank: Number(r.rank),
  }));
}

export interface KeyCandidate {
  keyId: string;
  fingerprint: string;
  expiresAt: Date;
  teamId: string;
  slug: string;
  shortName: string;
  email: string;
  encryptMail: boolean;
  rank: number;
}

/** Current keys with an expiry within the watch, unless a next key already takes over after it. */
export async function keyCandidates(
  db: DbOrTx,
  stages: Stage[],
  now: Date,
  after: Cursor | null,
  limit: number,
): Promise<KeyCandidate[]> {
  const horizon = new Date(now.getTime() + lookaheadDays(stages) * DAY_MS);
  const rank = rankCase(stages, sql`k.expires_at`, now);
  const page = after ? sql`and (k.expires_at, k.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
  const result = await db.execute(sql`
    select k.id as "keyId", k.fingerprint, k.expires_at as "expiresAt", t.id as "teamId", t.slug,
           t.short_name as "shortName", t.email, t.encrypt_mail as "encryptMail", ${rank} as rank
    from team_keys k join teams t on t.id = k.team_id
    where t.status = 'active' and k.role = 'current' and k.expires_at is not null
      and k.expires_at <= ${horizon}::timestamptz ${page}
      and not exists (select 1 from team_keys n where n.team_id = k.team_id and n.role = 'next'
                      and (n.expires_at is null or n.expires_at > k.expires_at))
    order by k.expires_at, k.id
    limit ${limit}`);
  return rowsOf<KeyCandidate>(result).map((r) => ({ ...r, expiresAt: new Date(r.expiresAt), rank: Number(r.rank) }));
}

/** For a page of candidates: the highest stage rank already sent per team in each one's cycle. */
export async function sentRanks(
  db: DbOrTx,
  kind: 'confirmation' | 'key',
  pairs: { teamId: string; cycle: string }[],
): Promise<Map<string, number>> {
  if (pairs.length === 0) return new Map();
  const values = sql.join(
    pairs.map((p) => sql`(${p.teamId}::uuid, ${p.cycle})`),
    sql`, `,
  );
  const result = await db.execute(sql`
    select r.team_id as "teamId", r.cycle, max(r.stage_rank) as rank
    from reminder_log r join (values ${values}) as p(team_id, cycle) on p.team_id = r.team_id and p.cycle = r.cycle
    where r.kind = ${kind}
    group by r.team_id, r.cycle`);
  const ranks = new Map<string, number>();
  for (const row of rowsOf<{ teamId: string; cycle: string; rank: number }>(result)) {
    ranks.set(`${row.teamId}/${row.cycle}`, Number(row.rank));
  }
  return ranks;
}

/** Editors' addresses per team (they get the team's reminders in copy). */
export async function editorAddresses(db: DbOrTx, teamIds: string[]): Promise<Map<string, string[]>> {
  const byTeam = new Map<string, string[]>();
  if (teamIds.length === 0) return byTeam;
  const rows = await db
    .select({ teamId: teamMemberships.teamId, email: users.email })
    .from(teamMemberships)
    .innerJoin(users, eq(users.id, teamMemberships.userId))
    .where(and(inArray(teamMemberships.teamId, teamIds), eq(teamMemberships.role, 'editor'), isNull(users.disabledAt)));
  for (const row of rows) byTeam.set(row.teamId, [...(byTeam.get(row.teamId) ?? []), row.email]);
  return byTeam;
}

/** The addresses of the teams that endorsed each team's admission (copied on the escalation). */
export async function sponsorAddresses(db: DbOrTx, teamIds: string[]): Promise<Map<string, string[]>> {
  const byTeam = new Map<string, string[]>();
  if (teamIds.length === 0) return byTeam;
  const rows = await db
    .select({ teamId: applications.teamId, email: teams.email })
    .from(applications)
    .innerJoin(sponsorships, and(eq(sponsorships.applicationId, applications.id), eq(sponsorships.kind, 'endorse')))
    .innerJoin(teams, eq(teams.id, sponsorships.teamId))
    .where(and(inArray(applications.teamId, teamIds), eq(teams.status, 'active')));
  for (const row of rows) {
    if (row.teamId) byTeam.set(row.teamId, [...(byTeam.get(row.teamId) ?? []), row.email]);
  }
  return byTeam;
}
