import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { DAY_MS } from '../clock';
import type { Config } from '../config';
import type { DbOrTx } from '../db/client';
import { escapeLike } from '../db/like';
import { type NewTeamRow, type TeamRow, teams } from './schema';
import { SEARCH_COLUMN_OF } from './search-text';
import { type VisibilityField, visibleSqlText } from './visibility';

export interface TeamSearch {
  q?: string;
  region?: string;
  industry?: string;
  limit: number;
  offset: number;
  service?: string;
  constituency?: string;
  /** Only teams reachable at this instant (business hours in their time zone, or a visible 24/7 line). */
  reachableAt?: Date;
  /** Statuses to include; the public directory shows active teams only. */
  statuses: TeamRow['status'][];
  /** The caller's clearance: a filter never matches on a field the caller may not see. */
  clearance: 'public' | 'members' | 'secretariat';
}

/** The field is one the caller's clearance may see on the row (visibility.ts decides; this is its SQL form). */
function visibleTo(field: VisibilityField, clearance: TeamSearch['clearance']): SQL {
  return sql.raw(visibleSqlText(field, clearance, '"teams"."visibility"'));
}

function filtersOf(s: TeamSearch): SQL[] {
  const base: SQL[] = [inArray(teams.status, s.statuses)];
  if (s.region) base.push(eq(teams.region, s.region));
  if (s.industry) base.push(eq(teams.industry, s.industry));
  if (s.service) base.push(sql`${s.service} = any(${teams.services})`, visibleTo('services', s.clearance));
  if (s.constituency) {
    base.push(sql`${s.constituency} = any(${teams.constituencyTypes})`, visibleTo('constituency', s.clearance));
  }
  if (s.reachableAt) {
    const local = sql`(${s.reachableAt}::timestamptz at time zone ${teams.timeZone})`;
    const inHours = sql`(${teams.businessHours} is not null and ${visibleTo('businessHours', s.clearance)}
      and (${teams.businessHours} -> 'days') @> to_jsonb(extract(dow from ${local})::int)
      and to_char(${local}, 'HH24:MI') >= ${teams.businessHours} ->> 'open'
      and to_char(${local}, 'HH24:MI') < ${teams.businessHours} ->> 'close')`;
    const allDay = sql`(${teams.emergencyPhone} is not null and ${visibleTo('emergencyPhone', s.clearance)})`;
    base.push(sql`(${inHours} or ${allDay})`);
  }
  return base;
}

/**
 * Splits a query into at most 8 terms; every term must occur (AND), in any field the caller may see. (NFKC first, so
 * an ideographic space separates terms and a full-width ％ is the % that escapeLike escapes; the database folds
 * the rest with the same search_fold() its stored text went through.)
 */
export function searchTerms(q: string): string[] {
  return q.normalize('NFKC').split(/\s+/u).filter(Boolean).slice(0, 8);
}

const folded = (text: string) => sql`search_fold(${text})`;

/** Lowest word similarity of a fuzzy name match: "sakra" → "sakura" scores 0.5; unrelated names score < 0.3. */
const FUZZY_THRESHOLD = 0.45;

/**
 * Matching: every term as a substring of the search text (trigram-indexed, Japanese included). Only when that
 * finds nothing does a second pass try fuzzy word matching of the whole query against the names, so a typo ("sakra") still finds
 * "SAKURA" without fuzzy hits drowning precise ones ("OLD-CSIRT" must not return every *-CSIRT).
 * Ranking: exact short name › hits in names › hits in introductions only, then short name. (A similarity score over
 * the long search text was tried and dropped: it cost ~300 ms per broad search on 3,000 teams.)
 */
export async function searchTeams(db: DbOrTx, s: TeamSearch): Promise<{ rows: TeamRow[]; total: number }> {
  const base = filtersOf(s);

  const terms = s.q ? searchTerms(s.q) : [];
  if (terms.length === 0) return pageOf(db, base, undefined, s);

  const whole = terms.join(' ');
  const searched = teams[SEARCH_COLUMN_OF[s.clearance]];
  const substring = (column: typeof searched | typeof teams.nameText, term: string) =>
    sql`${column} like '%' || ${folded(escapeLike(term))} || '%'`;
  const exact = await pageOf(
    db,
    [...base, ...terms.map((term) => substring(searched, term))],
    sql`(case when search_fold(${teams.shortName}::text) = ${folded(whole)} then 10 else 0 end)
      + (${sql.join(
        terms.map((term) => sql`(${substring(teams.nameText, term)})::int`),
        sql` + `,
      )}) * 2`,
    s,
  );
  if (exact.total > 0 || s.offset > 0) return exact;
  const similarity = sql`word_similarity(${folded(whole)}, ${teams.nameText})`;
  return pageOf(db, [...base, sql`${similarity} >= ${FUZZY_THRESHOLD}`], similarity, s);
}

/** One page and the total in one query (a window count); past the last page, a separate count. */
async function pageOf(db: DbOrTx, filters: SQL[], rank: SQL | undefined, s: TeamSearch) {
  const rows = await db
    .select({ team: teams, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(teams)
    .where(and(...filters))
    .orderBy(...(rank ? [desc(rank)] : []), asc(teams.shortName))
    .limit(s.limit)
    .offset(s.offset);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && s.offset > 0) {
    const [row] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(teams)
      .where(and(...filters));
    total = row?.n ?? 0;
  }
  return { rows: rows.map((r) => r.team), total };
}

export async function findTeamBySlug(db: DbOrTx, slug: string): Promise<TeamRow | undefined> {
  const [row] = await db.select().from(teams).where(eq(teams.slug, slug)).limit(1);
  return row;
}

/** Inserts teams, skipping short names that exist already; returns the inserted rows' ids by slug. */
export async function insertTeams(db: DbOrTx, rows: NewTeamRow[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const inserted = await db
    .insert(teams)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: teams.id, slug: teams.slug });
  return new Map(inserted.map((r) => [r.slug, r.id]));
}

export async function countTeams(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(teams);
  return row?.n ?? 0;
}

/**
 * Refreshes the planner's statistics after bulk loads. PostgreSQL's autovacuum would do it eventually; the embedded
 * database has none, and with stale statistics the planner misjudges searches badly.
 */
export async function analyzeDirectory(db: DbOrTx): Promise<void> {
  await db.execute(sql`analyze teams, team_keys, constituency_claims`);
}

/** Teams by id, as a map (feeds and reports that start from events). */
export async function findTeamsByIds(db: DbOrTx, ids: string[]): Promise<Map<string, TeamRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(teams).where(inArray(teams.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The few columns a team summary needs (directory/presenter.ts SummaryRow), of teams in one of these states. */
export async function findTeamSummaries(db: DbOrTx, ids: string[], statuses: readonly TeamRow['status'][]) {
  if (ids.length === 0) return new Map<string, TeamSummaryRow>();
  const rows = await db
    .select({
      id: teams.id,
      slug: teams.slug,
      status: teams.status,
      shortName: teams.shortName,
      officialNameJa: teams.officialNameJa,
      officialNameEn: teams.officialNameEn,
      email: teams.email,
      visibility: teams.visibility,
      confirmedAt: teams.confirmedAt,
      confirmationDueAt: teams.confirmationDueAt,
      createdAt: teams.createdAt,
    })
    .from(teams)
    .where(and(inArray(teams.id, ids), inArray(teams.status, [...statuses])));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The columns of a team that a lookup answer's summary is made of (directory/presenter.ts presentSummary). */
export type TeamSummaryRow = Pick<
  TeamRow,
  | 'id'
  | 'slug'
  | 'status'
  | 'shortName'
  | 'officialNameJa'
  | 'officialNameEn'
  | 'email'
  | 'visibility'
  | 'confirmedAt'
  | 'confirmationDueAt'
  | 'createdAt'
>;

/** Active teams per freshness state at `now` — the rules of freshness.ts, counted by the database. */
export async function freshnessCounts(db: DbOrTx, now: Date, f: Config['freshness']) {
  const soon = new Date(now.getTime() + f.dueSoonDays * DAY_MS);
  const staleBefore = new Date(now.getTime() - f.staleAfterDays * DAY_MS);
  const due = teams.confirmationDueAt;
  const [row] = await db
    .select({
      current: sql<number>`count(*) filter (where ${due} > ${soon})`.mapWith(Number),
      due: sql<number>`count(*) filter (where ${due} > ${now} and ${due} <= ${soon})`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${due} <= ${now} and ${due} > ${staleBefore})`.mapWith(Number),
      stale: sql<number>`count(*) filter (where ${due} <= ${staleBefore})`.mapWith(Number),
    })
    .from(teams)
    .where(eq(teams.status, 'active'));
  return row;
}
