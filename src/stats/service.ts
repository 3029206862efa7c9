/**
 * The association's statistics (/stats): members by industry and by region, founding year against joining year
 * (as the NCA's own slides show them), and freshness over time from the daily snapshots. Counts only — no field a
 * team may hide — so the page is public.
 */
import { asc, eq, gte, sql } from 'drizzle-orm';
import { DAY_MS, dayIn } from '../clock';
import type { AppContext } from '../context';
import type { DbOrTx } from '../db/client';
import { freshnessCounts } from '../entry/queries';
import { teams } from '../entry/schema';
import { REGIONS, type Region } from '../entry/vocabulary';
import { freshnessSnapshots } from './schema';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

/** Today's snapshot (the reminder run records it; running again the same day replaces it). */
export async function recordFreshnessSnapshot(ctx: Ctx, now: Date): Promise<void> {
  const counts = await freshnessCounts(ctx.db, now, ctx.config.freshness);
  const day = dayIn(ctx.config.displayTimeZone, now);
  await ctx.db
    .insert(freshnessSnapshots)
    .values({ day, ...counts })
    .onConflictDoUpdate({ target: freshnessSnapshots.day, set: counts });
}

async function countBy(db: DbOrTx, column: typeof teams.region | typeof teams.industry) {
  const rows = await db
    .select({ key: column, n: sql<number>`count(*)`.mapWith(Number) })
    .from(teams)
    .where(eq(teams.status, 'active'))
    .groupBy(column);
  return rows.filter((r) => r.key !== null) as { key: string; n: number }[];
}

export async function statistics(ctx: Ctx) {
  const now = ctx.clock.now();
  const yearOf = (column: typeof teams.foundedOn | typeof teams.memberSince) =>
    sql<number>`extract(year from ${column})::int`.mapWith(Number);
  const [byRegion, byIndustry, founded, joined, snapshots, today] = await Promise.all([
    countBy(ctx.db, teams.region),
    countBy(ctx.db, teams.industry),
    ctx.db
      .select({ year: yearOf(teams.foundedOn), n: sql<number>`count(*)`.mapWith(Number) })
      .from(teams)
      .where(sql`${teams.status} = 'active' and ${teams.foundedOn} is not null`)
      .groupBy(sql`1`),
    ctx.db
      .select({ year: yearOf(teams.memberSince), n: sql<number>`count(*)`.mapWith(Number) })
      .from(teams)
      .where(eq(teams.status, 'active'))
      .groupBy(sql`1`),
    ctx.db
      .select()
      .from(freshnessSnapshots)
      .where(gte(freshnessSnapshots.day, dayIn(ctx.config.displayTimeZone, new Date(now.getTime() - 400 * DAY_MS))))
      .orderBy(asc(freshnessSnapshots.day)),
    freshnessCounts(ctx.db, now, ctx.config.freshness),
  ]);
  byRegion.sort((a, b) => REGIONS.indexOf(a.key as Region) - REGIONS.indexOf(b.key as Region));
  byIndustry.sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
  const years = [...new Set([...founded, ...joined].map((r) => r.year))].sort((a, b) => a - b);
  const count = (rows: { year: number; n: number }[], y: number) => rows.find((r) => r.year === y)?.n ?? 0;
  return {
    total: today.current + today.due + today.overdue + today.stale,
    byRegion,
    byIndustry,
    years: years.map((y) => ({ year: y, founded: count(founded, y), joined: count(joined, y) })),
    // The latest point is always today's counts, whether or not today's run has recorded them yet.
    freshness: [
      ...snapshots.filter((s) => s.day !== dayIn(ctx.config.displayTimeZone, now)),
      { day: dayIn(ctx.config.displayTimeZone, now), ...today },
    ],
  };
}
