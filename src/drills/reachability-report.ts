/**
 * How reachable the membership is, from the drills: the distribution of answer times (median, p90, in business
 * hours) for the secretariat's freshness view, the teams whose last drill failed or could not be sent, the teams
 * that cannot be drilled today (no proven key), and answer times month by month for /stats.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import type { SessionUser } from '../accounts/session-user';
import { DAY_MS } from '../clock';
import type { AppContext } from '../context';
import { teams } from '../entry/schema';
import { teamsWithoutProvenKey } from '../keys/service';
import { drills } from './schema';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

/** The period the secretariat's figures cover. */
const REPORT_DAYS = 365;
/** A month on /stats is shown only with this many answers: fewer would point at single teams on a public page. */
export const MIN_ANSWERS_PER_MONTH = 5;
const LIST_LIMIT = 200;

const hoursOfMs = (ms: number | null) => (ms === null ? null : Math.round((ms / 3_600_000) * 10) / 10);

export async function reachabilityReport(ctx: Ctx, user: SessionUser) {
  authorize(user, 'administer');
  const since = new Date(ctx.clock.now().getTime() - REPORT_DAYS * DAY_MS);
  const [totals] = await ctx.db
    .select({
      sent: sql<number>`count(*) filter (where ${drills.sentAt} is not null)`.mapWith(Number),
      answered: sql<number>`count(*) filter (where ${drills.state} = 'answered')`.mapWith(Number),
      answeredLate: sql<number>`count(*) filter (where ${drills.answeredLate})`.mapWith(Number),
      failed: sql<number>`count(*) filter (where ${drills.state} = 'failed')`.mapWith(Number),
      noKey: sql<number>`count(*) filter (where ${drills.state} = 'no_key')`.mapWith(Number),
      median: sql<number | null>`percentile_cont(0.5) within group (order by ${drills.answerBusinessMs})`.mapWith(
        (v) => (v === null ? null : Number(v)),
      ),
      p90: sql<number | null>`percentile_cont(0.9) within group (order by ${drills.answerBusinessMs})`.mapWith((v) =>
        v === null ? null : Number(v),
      ),
    })
    .from(drills)
    .where(gte(drills.plannedAt, since));
  // Each active team's latest drill with a result; the ones that failed or could not be sent are listed.
  const latest = ctx.db
    .selectDistinctOn([drills.teamId], {
      teamId: sql<string>`${drills.teamId}`.as('team_id'),
      state: sql<string>`${drills.state}`.as('state'),
      at: sql<Date>`coalesce(${drills.sentAt}, ${drills.plannedAt})`.as('at'),
      sentTo: sql<string | null>`${drills.sentTo}`.as('sent_to'),
    })
    .from(drills)
    .where(inArray(drills.state, ['answered', 'late', 'failed', 'no_key']))
    .orderBy(drills.teamId, desc(sql`coalesce(${drills.sentAt}, ${drills.plannedAt})`))
    .as('latest');
  const failing = await ctx.db
    .select({
      slug: teams.slug,
      shortName: teams.shortName,
      state: latest.state,
      at: sql<Date>`${latest.at}`.mapWith((v) => new Date(v)),
      sentTo: latest.sentTo,
    })
    .from(latest)
    .innerJoin(teams, eq(teams.id, latest.teamId))
    .where(and(eq(teams.status, 'active'), inArray(latest.state, ['failed', 'late'])))
    .orderBy(desc(latest.at))
    .limit(LIST_LIMIT);
  const cannotDrill = await teamsWithoutProvenKey(ctx.db, LIST_LIMIT);
  return {
    sinceDays: REPORT_DAYS,
    totals: {
      sent: totals?.sent ?? 0,
      answered: totals?.answered ?? 0,
      answeredLate: totals?.answeredLate ?? 0,
      failed: totals?.failed ?? 0,
      noKey: totals?.noKey ?? 0,
    },
    medianHours: hoursOfMs(totals?.median ?? null),
    p90Hours: hoursOfMs(totals?.p90 ?? null),
    failing,
    cannotDrill,
  };
}

/** Answer times by month (in the display time zone) over the last year: median and p90 in business hours. */
export async function answerTimesByMonth(ctx: Ctx) {
  const since = new Date(ctx.clock.now().getTime() - REPORT_DAYS * DAY_MS);
  const month = sql<string>`to_char(${drills.answeredAt} at time zone ${ctx.config.displayTimeZone}, 'YYYY-MM')`;
  const rows = await ctx.db
    .select({
      month,
      answers: sql<number>`count(*)`.mapWith(Number),
      median: sql<number>`percentile_cont(0.5) within group (order by ${drills.answerBusinessMs})`.mapWith(Number),
      p90: sql<number>`percentile_cont(0.9) within group (order by ${drills.answerBusinessMs})`.mapWith(Number),
    })
    .from(drills)
    .where(and(eq(drills.state, 'answered'), isNotNull(drills.answerBusinessMs), gte(drills.answeredAt, since)))
    .groupBy(sql`1`)
    .orderBy(asc(sql`1`));
  return rows
    .filter((r) => r.answers >= MIN_ANSWERS_PER_MONTH)
    .map((r) => ({ month: r.month, answers: r.answers, medianHours: hoursOfMs(r.median), p90Hours: hoursOfMs(r.p90) }));
}
