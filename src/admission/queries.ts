/** Reads of the admission tables (who receives admission's mail: accounts/recipients.ts). */
import { and, asc, desc, eq, inArray, lte, ne, notInArray, sql } from 'drizzle-orm';
import { byTeam } from '../accounts/recipients';
import { users } from '../accounts/schema';
import type { DbOrTx } from '../db/client';
import type { TeamEntry } from '../entry/entry';
import { slugOf } from '../entry/entry';
import { teams } from '../entry/schema';
import { type ApplicationRow, applicationMessages, applications, sponsorships } from './schema';
import { type ApplicationState, OPEN_STATES } from './state';

export async function findApplication(db: DbOrTx, id: string): Promise<ApplicationRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.select().from(applications).where(eq(applications.id, id));
  return row;
}

export async function findApplicationByTokenHash(db: DbOrTx, hash: string): Promise<ApplicationRow | undefined> {
  const [row] = await db.select().from(applications).where(eq(applications.accessTokenHash, hash));
  return row;
}

interface ApplicationListItem {
  id: string;
  shortName: string;
  organization: string;
  organizationEn: string;
  state: ApplicationState;
  stateChangedAt: Date;
  createdAt: Date;
  objectionWindowEndsAt: Date | null;
  endorsements: number;
  objections: number;
}

// Spelled out: inside a subquery the outer column must be qualified, which a bare column reference does not do.
const endorsementCount = sql<number>`(select count(*) from sponsorships s where s.application_id = applications.id and s.kind = 'endorse')`;
const objectionCount = sql<number>`(select count(*) from sponsorships s where s.application_id = applications.id and s.kind = 'object')`;

export async function listApplications(
  db: DbOrTx,
  f: { states: readonly ApplicationState[]; changedBefore?: Date; limit: number; offset: number },
): Promise<{ rows: ApplicationListItem[]; total: number }> {
  const where = and(
    inArray(applications.state, [...f.states]),
    f.changedBefore ? lte(applications.stateChangedAt, f.changedBefore) : undefined,
  );
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: applications.id,
        entry: applications.entry,
        state: applications.state,
        stateChangedAt: applications.stateChangedAt,
        createdAt: applications.createdAt,
        objectionWindowEndsAt: applications.objectionWindowEndsAt,
        endorsements: endorsementCount.mapWith(Number),
        objections: objectionCount.mapWith(Number),
      })
      .from(applications)
      .where(where)
      .orderBy(asc(applications.stateChangedAt))
      .limit(f.limit)
      .offset(f.offset),
    db
      .select({ total: sql<number>`count(*)`.mapWith(Number) })
      .from(applications)
      .where(where),
  ]);
  return {
    total,
    rows: rows.map(({ entry, ...r }) => ({
      ...r,
      shortName: entry.shortName,
      organization: entry.organization.ja,
      organizationEn: entry.organization.en,
    })),
  };
}

export interface SponsorshipView {
  teamId: string;
  teamShortName: string;
  teamSlug: string;
  kind: 'endorse' | 'object';
  reason: string;
  by: string | null;
  createdAt: Date;
}

export async function sponsorshipsOf(db: DbOrTx, applicationId: string): Promise<SponsorshipView[]> {
  return db
    .select({
      teamId: sponsorships.teamId,
      teamShortName: teams.shortName,
      teamSlug: teams.slug,
      kind: sponsorships.kind,
      reason: sponsorships.reason,
      by: users.email,
      createdAt: sponsorships.createdAt,
    })
    .from(sponsorships)
    .innerJoin(teams, eq(teams.id, sponsorships.teamId))
    .leftJoin(users, eq(users.id, sponsorships.userId))
    .where(eq(sponsorships.applicationId, applicationId))
    .orderBy(asc(sponsorships.createdAt));
}

export async function messagesOf(db: DbOrTx, applicationId: string) {
  return db
    .select()
    .from(applicationMessages)
    .where(eq(applicationMessages.applicationId, applicationId))
    .orderBy(asc(applicationMessages.createdAt));
}

/** slugOf() in SQL, for short names inside applications (which the form limits to ASCII, so NFKC changes nothing). */
const applicationSlug = sql`trim(both '-' from regexp_replace(regexp_replace(lower(${applications.entry} ->> 'shortName'), '[^a-z0-9-]+', '-', 'g'), '-+', '-', 'g'))`;

const sameShortName = (shortName: string) =>
  sql`(${teams.shortName} = ${shortName} or ${teams.slug} = ${slugOf(shortName)})`;

/**
 * Whether a listed member team (active, so in the public directory) holds a short name or the URL it would give:
 * the only holder the public form may name. Suspended and withdrawn teams and other applications are not public,
 * so their names are flagged to the secretariat instead (shortNameClashes), never to the applicant.
 */
export async function shortNameListed(db: DbOrTx, shortName: string): Promise<boolean> {
  const [team] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.status, 'active'), sameShortName(shortName)))
    .limit(1);
  return Boolean(team);
}

export interface ShortNameClash {
  kind: 'team' | 'application';
  shortName: string;
  /** A team's status, or an application's state. */
  status: string;
  /** The team's slug, or the application's id: where the secretariat can look. */
  ref: string;
}

/**
 * Every other holder of an application's short name: teams of any status (the slug is unique among them) and open
 * applications, drafts included. Approval needs none; the screening page lists them.
 */
export async function shortNameClashes(
  db: DbOrTx,
  shortName: string,
  except: { applicationId: string; teamId: string | null },
): Promise<ShortNameClash[]> {
  const [teamRows, applicationRows] = await Promise.all([
    db
      .select({ shortName: teams.shortName, status: teams.status, ref: teams.slug })
      .from(teams)
      .where(and(sameShortName(shortName), except.teamId ? ne(teams.id, except.teamId) : undefined)),
    db
      .select({
        shortName: sql<string>`${applications.entry} ->> 'shortName'`,
        status: applications.state,
        ref: applications.id,
      })
      .from(applications)
      .where(
        and(
          sql`${applicationSlug} = ${slugOf(shortName)}`,
          inArray(applications.state, [...OPEN_STATES]),
          ne(applications.id, except.applicationId),
        ),
      ),
  ]);
  return [
    ...teamRows.map((r) => ({ kind: 'team' as const, ...r })),
    ...applicationRows.map((r) => ({ kind: 'application' as const, ...r })),
  ];
}

/** Legal-form words every company name carries; left in, they make unrelated organisations look alike. */
const LEGAL_FORMS =
  '株式会社|有限会社|合同会社|一般社団法人|一般財団法人|公益社団法人|公益財団法人|独立行政法人|国立研究開発法人|co\\.?,? ?ltd\\.?|inc\\.?|corporation|corp\\.?|limited';

/** Team-kind words nearly every short name carries ("-CSIRT", "PSIRT", "CERT"); compared without them. */
const TEAM_KIND = '[cp]?sirt|cert|[-_ ]';

export function withoutLegalForm(name: string): string {
  return name
    .toLowerCase()
    .replace(new RegExp(LEGAL_FORMS, 'g'), '')
    .replace(/[\s,.・]+/g, ' ')
    .trim();
}

interface NearDuplicate {
  kind: 'team' | 'application';
  name: string;
  organization: string;
  /** Trigram similarity of the closest of short name, official name and organisation (0–1). */
  score: number;
}

/**
 * Trigram similarity at which names count as alike. Short names share trigrams easily ("kasuga" and "kawasemi"
 * score 0.37); the same organisation written with or without its legal form scores 1 once the form is left out.
 */
const NEAR_DUPLICATE_THRESHOLD = 0.5;

/**
 * Teams and open applications whose names or organisation look like this entry's (trigram similarity, which works
 * for Japanese too): the secretariat checks it is not a second application of a known team under another name.
 */
export async function nearDuplicates(
  db: DbOrTx,
  entry: TeamEntry,
  except: { applicationId: string; teamId: string | null },
) {
  const short = entry.shortName.toLowerCase().replace(new RegExp(TEAM_KIND, 'g'), '');
  const name = entry.officialName.ja.toLowerCase();
  const orgJa = withoutLegalForm(entry.organization.ja);
  const orgEn = withoutLegalForm(entry.organization.en || entry.organization.ja);
  const org = (column: unknown) => sql`regexp_replace(lower(${column}), ${LEGAL_FORMS}, '', 'g')`;
  const kindless = (column: unknown) => sql`regexp_replace(lower(${column}), ${TEAM_KIND}, '', 'g')`;
  const teamScore = sql<number>`greatest(
    similarity(${kindless(sql`${teams.shortName}::text`)}, ${short}),
    similarity(lower(${teams.officialNameJa}), ${name}),
    similarity(${org(teams.organizationJa)}, ${orgJa}),
    similarity(${org(teams.organizationEn)}, ${orgEn}))`;
  const entryOf = (path: string) => sql`(${applications.entry} #>> ${`{${path}}`})`;
  const applicationScore = sql<number>`greatest(
    similarity(${kindless(entryOf('shortName'))}, ${short}),
    similarity(lower(${entryOf('officialName,ja')}), ${name}),
    similarity(${org(entryOf('organization,ja'))}, ${orgJa}),
    similarity(${org(entryOf('organization,en'))}, ${orgEn}))`;
  const [teamRows, applicationRows] = await Promise.all([
    db
      .select({ name: teams.shortName, organization: teams.organizationJa, score: teamScore.mapWith(Number) })
      .from(teams)
      .where(
        and(sql`${teamScore} >= ${NEAR_DUPLICATE_THRESHOLD}`, except.teamId ? ne(teams.id, except.teamId) : undefined),
      )
      .orderBy(desc(teamScore))
      .limit(10),
    db
      .select({
        name: sql<string>`${entryOf('shortName')}`,
        organization: sql<string>`${entryOf('organization,ja')}`,
        score: applicationScore.mapWith(Number),
      })
      .from(applications)
      .where(
        and(
          ne(applications.id, except.applicationId),
          notInArray(applications.state, ['draft', 'withdrawn']),
          sql`${applicationScore} >= ${NEAR_DUPLICATE_THRESHOLD}`,
        ),
      )
      .orderBy(desc(applicationScore))
      .limit(10),
  ]);
  return [
    ...teamRows.map((r) => ({ kind: 'team' as const, ...r })),
    ...applicationRows.map((r) => ({ kind: 'application' as const, ...r })),
  ] satisfies NearDuplicate[];
}

/** Per team, the addresses of the active teams that endorsed its admission (copied on the escalation). */
export async function sponsorAddressesByTeam(db: DbOrTx, teamIds: string[]): Promise<Map<string, string[]>> {
  if (teamIds.length === 0) return new Map();
  const rows = await db
    .select({ teamId: applications.teamId, email: teams.email })
    .from(applications)
    .innerJoin(sponsorships, and(eq(sponsorships.applicationId, applications.id), eq(sponsorships.kind, 'endorse')))
    .innerJoin(teams, eq(teams.id, sponsorships.teamId))
    .where(and(inArray(applications.teamId, teamIds), eq(teams.status, 'active')));
  return byTeam(rows);
}
