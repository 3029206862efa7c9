/**
 * Demo drills: a year of reachability checks already behind the demo teams — the two regular cycles before the
 * current one and a campaign six weeks ago — so the team pages, the freshness view, the campaign pages and /stats
 * show results: most teams answered within hours, some late, some not at all, and the teams without a proven key
 * could not be checked. Deterministic (drawn from each team's position); seeded once.
 */
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { addDays } from '../src/clock';
import type { AppContext } from '../src/context';
import { addBusinessMs, businessMsBetween } from '../src/drills/business-time';
import { cycleAt, deskHoursOf, hoursOf, windowOf } from '../src/drills/plan';
import { drillCampaigns, drills, type NewDrillRow } from '../src/drills/schema';
import { teams } from '../src/entry/schema';
import { teamKeys } from '../src/keys/schema';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

type Outcome = { kind: 'answered'; minutes: number } | { kind: 'late' } | { kind: 'failed' };

/** What the team did with its drill: the latest check (round 2) varies most, so the team pages differ. */
function outcomeOf(index: number, round: 0 | 1 | 2): Outcome {
  const pick = (index * 7 + round * 3) % 11;
  if (round === 2 && index % 8 === 3) return { kind: 'late' };
  if (round === 2 && index % 8 === 6) return { kind: 'failed' };
  if (pick === 4) return { kind: 'late' };
  return { kind: 'answered', minutes: 6 + ((index * 37 + round * 53) % 240) };
}

const HOUR = 60 * 60_000;

export async function seedDemoDrills(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .select({
      id: teams.id,
      email: teams.email,
      businessHours: teams.businessHours,
      timeZone: teams.timeZone,
      emergencyPhone: teams.emergencyPhone,
    })
    .from(teams)
    .where(eq(teams.status, 'active'))
    .orderBy(teams.slug);
  if (rows.length === 0) return 0;
  const title = '疎通確認訓練 / Communication check';
  if (
    (await ctx.db.select({ id: drillCampaigns.id }).from(drillCampaigns).where(eq(drillCampaigns.title, title))).length
  ) {
    return 0; // seeded before
  }
  const proven = await ctx.db
    .select({ teamId: teamKeys.teamId, fingerprint: teamKeys.fingerprint })
    .from(teamKeys)
    .where(
      and(
        inArray(
          teamKeys.teamId,
          rows.map((r) => r.id),
        ),
        eq(teamKeys.role, 'current'),
        isNotNull(teamKeys.verifiedAt),
      ),
    );
  const keyOf = new Map(proven.map((p) => [p.teamId, p.fingerprint]));
  const perYear = Math.max(2, ctx.config.drills.perYear);
  const windowHours = ctx.config.drills.windowHours;
  const current = cycleAt(now, perYear);
  const previous = cycleAt(new Date(current.start.getTime() - 1), perYear);
  const before = cycleAt(new Date(previous.start.getTime() - 1), perYear);

  const [campaign] = await ctx.db
    .insert(drillCampaigns)
    .values({
      title,
      filter: {},
      teamCount: rows.length,
      createdBy: 'secretariat@demo.example',
      createdAt: addDays(now, -42),
    })
    .returning({ id: drillCampaigns.id });
  const rounds = [
    { cycle: before.id, day: addDays(before.start, 40), campaignId: null },
    { cycle: previous.id, day: addDays(previous.start, 60), campaignId: null },
    { cycle: `campaign:${campaign?.id}`, day: addDays(now, -42), campaignId: campaign?.id ?? null },
  ] as const;

  const values: NewDrillRow[] = [];
  for (const [index, team] of rows.entries()) {
    for (const [round, r] of rounds.entries()) {
      // Inside the team's desk hours, a little later for each team.
      const sentAt = addBusinessMs(deskHoursOf(team), r.day, (index % 6) * HOUR + index * 60_000);
      const base = { teamId: team.id, cycle: r.cycle, campaignId: r.campaignId, plannedAt: sentAt, createdAt: sentAt };
      const fingerprint = keyOf.get(team.id);
      if (!fingerprint) {
        values.push({ ...base, state: 'no_key', sentTo: team.email });
        continue;
      }
      const { lateAt, failAt } = windowOf(team, sentAt, windowHours);
      const sent = { ...base, sentAt, sentTo: team.email, keyFingerprint: fingerprint, lateAt, failAt };
      const outcome = outcomeOf(index, round as 0 | 1 | 2);
      if (outcome.kind === 'failed') {
        values.push({ ...sent, state: 'failed', markedLateAt: lateAt, markedFailedAt: failAt });
        continue;
      }
      // A late team answers a few business hours after its editors were told.
      const answeredAt =
        outcome.kind === 'late'
          ? addBusinessMs(hoursOf(team), lateAt, (2 + (index % 5)) * HOUR)
          : addBusinessMs(hoursOf(team), sentAt, outcome.minutes * 60_000);
      values.push({
        ...sent,
        state: 'answered',
        markedLateAt: outcome.kind === 'late' ? lateAt : null,
        answeredAt,
        answeredBy: 'link',
        answeredVia: 'link',
        answerBusinessMs: businessMsBetween(hoursOf(team), sentAt, answeredAt),
        answeredLate: outcome.kind === 'late',
      });
    }
  }
  const written = await ctx.db.insert(drills).values(values).onConflictDoNothing().returning({ id: drills.id });
  return written.length;
}
