import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { type NewTeamRow, type TeamRow, teams } from './schema';

export interface TeamSearch {
  q?: string;
  region?: string;
  industry?: string;
  limit: number;
  offset: number;
  /** Statuses to include; the public directory shows active teams only. */
  statuses: TeamRow['status'][];
}

/** Escapes LIKE wildcards so a user's "%" or "_" is matched literally. */
export function likeEscape(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Splits a query into at most 8 lowercase terms; every term must occur (AND), in any field. */
export function searchTerms(q: string): string[] {
  return q.toLowerCase().normalize('NFKC').split(/\s+/u).filter(Boolean).slice(0, 8);
}

/**
 * One query for the page and the total (a window count). Matching: every term as a substring of the search text
 * (trigram index, Japanese included), or the whole query as a fuzzy word match (typos in Latin names).
 * Ranking: exact short name › name hits › introduction hits, then similarity, then short name.
 */
export async function searchTeams(db: DbOrTx, s: TeamSearch): Promise<{ rows: TeamRow[]; total: number }> {
  const filters: SQL[] = [inArray(teams.status, s.statuses)];
  if (s.region) filters.push(eq(teams.region, s.region));
  if (s.industry) filters.push(eq(teams.industry, s.industry));

  const terms = s.q ? searchTerms(s.q) : [];
  let rank: SQL | undefined;
  if (terms.length > 0) {
    const whole = terms.join(' ');
    const allTermsMatch = sql.join(
      terms.map((term) => sql`${teams.searchText} like ${`%${likeEscape(term)}%`}`),
      sql` and `,
    );
    const nameHits = sql.join(
      terms.map((term) => sql`(${teams.nameText} like ${`%${likeEscape(term)}%`})::int`),
      sql` + `,
    );
    filters.push(sql`((${allTermsMatch}) or ${whole} <% ${teams.searchText})`);
    rank = sql`(case when lower(${teams.shortName}::text) = ${whole} then 10 else 0 end)
      + (${nameHits}) * 2
      + word_similarity(${whole}, ${teams.searchText})`;
  }

  const rows = await db
    .select({ team: teams, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(teams)
    .where(and(...filters))
    .orderBy(...(rank ? [desc(rank)] : []), asc(teams.shortName))
    .limit(s.limit)
    .offset(s.offset);

  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && s.offset > 0) {
    // Past the last page the window count has no row to ride on; count separately.
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
