/**
 * Campaigns: the secretariat checks the reachability of many teams at once (all active teams, or a region or an
 * industry), as national CSIRT networks run communication checks. Starting one writes the campaign and one drill
 * per chosen team (cycle `campaign:<id>`, due now) in one transaction; the drill run sends them like any other
 * drill — the same code, key, window, escalation and guarantees — so a campaign is nothing but drills with a name.
 */

import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { authorize } from '../accounts/policies';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import { isUuid } from '../db/ids';
import { teams } from '../entry/schema';
import { INDUSTRIES, REGIONS } from '../entry/vocabulary';
import { notFound, unprocessable } from '../http/errors';
import { type DrillCampaignRow, drillCampaigns, drills } from './schema';
import type { DrillState } from './vocabulary';

type Ctx = Pick<AppContext, 'db' | 'clock'>;

const blank = (v: unknown) => (v === '' ? undefined : v);

/** The start form: a title, and the filter the teams are chosen by (none: every active team). */
export const campaignForm = z.object({
  title: z.string().trim().min(1).max(200),
  region: z.preprocess(blank, z.enum(REGIONS).optional()),
  industry: z.preprocess(blank, z.enum(INDUSTRIES).optional()),
});
export type CampaignForm = z.output<typeof campaignForm>;

export const CAMPAIGN_MESSAGES = {
  title: 'validation.campaignTitle',
  region: 'validation.region',
  industry: 'validation.industry',
} as const;

/** How the secretariat reads a campaign drill's state: sending and within its window are both "waiting". */
export const CAMPAIGN_COLUMNS = ['answered', 'waiting', 'late', 'failed', 'no_key'] as const;
export type CampaignColumn = (typeof CAMPAIGN_COLUMNS)[number];
const COLUMN_OF: Record<DrillState, CampaignColumn> = {
  planned: 'waiting',
  sent: 'waiting',
  late: 'late',
  failed: 'failed',
  answered: 'answered',
  no_key: 'no_key',
};

const INSERT_PAGE = 2000;

const chosenTeams = (f: Pick<CampaignForm, 'region' | 'industry'>) =>
  and(
    eq(teams.status, 'active'),
    f.region ? eq(teams.region, f.region) : undefined,
    f.industry ? eq(teams.industry, f.industry) : undefined,
  );

/** Writes the campaign and its drills (due at once); answers the campaign's id. */
export async function startCampaign(ctx: Ctx, user: SessionUser, actor: Actor, form: CampaignForm): Promise<string> {
  authorize(user, 'administer');
  const now = ctx.clock.now();
  const filter = {
    ...(form.region ? { region: form.region } : {}),
    ...(form.industry ? { industry: form.industry } : {}),
  };
  return ctx.db.transaction(async (tx) => {
    const [campaign] = await tx
      .insert(drillCampaigns)
      .values({ title: form.title, filter, createdBy: actor.label, createdAt: now })
      .returning({ id: drillCampaigns.id });
    if (!campaign) throw new Error('campaign insert returned nothing');
    const cycle = `campaign:${campaign.id}`;
    let count = 0;
    for (let after: string | null = null; ; ) {
      const page: { id: string }[] = await tx
        .select({ id: teams.id })
        .from(teams)
        .where(and(chosenTeams(form), after ? gt(teams.id, after) : undefined))
        .orderBy(asc(teams.id))
        .limit(INSERT_PAGE);
      if (page.length === 0) break;
      after = page[page.length - 1]?.id ?? null;
      // Due now: a campaign is a check "at once"; its window still counts only the team's business hours.
      await tx
        .insert(drills)
        .values(page.map((t) => ({ teamId: t.id, cycle, campaignId: campaign.id, plannedAt: now, createdAt: now })));
      count += page.length;
      if (page.length < INSERT_PAGE) break;
    }
    // Refused after the fact, in the same transaction: nothing of an empty campaign is kept.
    if (count === 0) throw unprocessable([{ field: 'region', messageKey: 'drill.campaign.noTeams' }]);
    await tx.update(drillCampaigns).set({ teamCount: count }).where(eq(drillCampaigns.id, campaign.id));
    await record(tx, actor, now, {
      action: 'drill.campaign_started',
      target: form.title,
      details: { campaignId: campaign.id, teams: count, ...filter },
    });
    return campaign.id;
  });
}

/** Counts per column for each campaign given. */
async function columnCounts(ctx: Ctx, ids: string[]) {
  const out = new Map<string, Record<CampaignColumn, number>>();
  if (ids.length === 0) return out;
  const rows = await ctx.db
    .select({ campaignId: drills.campaignId, state: drills.state, n: sql<number>`count(*)`.mapWith(Number) })
    .from(drills)
    .where(inArray(drills.campaignId, ids))
    .groupBy(drills.campaignId, drills.state);
  for (const id of ids) out.set(id, { answered: 0, waiting: 0, late: 0, failed: 0, no_key: 0 });
  for (const r of rows) {
    const counts = r.campaignId ? out.get(r.campaignId) : undefined;
    if (counts) counts[COLUMN_OF[r.state]] += r.n;
  }
  return out;
}

export interface CampaignSummary extends DrillCampaignRow {
  counts: Record<CampaignColumn, number>;
  /** Nothing is waiting or late any more: every drill has a final outcome. */
  finished: boolean;
}

const summarise = (c: DrillCampaignRow, counts: Record<CampaignColumn, number>): CampaignSummary => ({
  ...c,
  counts,
  finished: counts.waiting + counts.late === 0,
});

export async function listCampaigns(ctx: Ctx, user: SessionUser, limit = 50): Promise<CampaignSummary[]> {
  authorize(user, 'administer');
  const rows = await ctx.db.select().from(drillCampaigns).orderBy(desc(drillCampaigns.createdAt)).limit(limit);
  const counts = await columnCounts(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => summarise(r, counts.get(r.id) ?? { answered: 0, waiting: 0, late: 0, failed: 0, no_key: 0 }));
}

/** One campaign with each team's drill, the ones needing attention first. */
export async function campaignReport(ctx: Ctx, user: SessionUser, id: string) {
  authorize(user, 'administer');
  const [campaign] = isUuid(id) ? await ctx.db.select().from(drillCampaigns).where(eq(drillCampaigns.id, id)) : [];
  if (!campaign) throw notFound('drill.campaign.notFound');
  const counts = (await columnCounts(ctx, [id])).get(id) ?? { answered: 0, waiting: 0, late: 0, failed: 0, no_key: 0 };
  const rows = await ctx.db
    .select({
      slug: teams.slug,
      shortName: teams.shortName,
      state: drills.state,
      sentAt: drills.sentAt,
      sentTo: drills.sentTo,
      answeredAt: drills.answeredAt,
      answeredBy: drills.answeredBy,
      answerBusinessMs: drills.answerBusinessMs,
      answeredLate: drills.answeredLate,
    })
    .from(drills)
    .innerJoin(teams, eq(teams.id, drills.teamId))
    .where(eq(drills.campaignId, id))
    .orderBy(
      sql`case ${drills.state} when 'failed' then 0 when 'no_key' then 1 when 'late' then 2 when 'sent' then 3
        when 'planned' then 4 else 5 end`,
      asc(teams.shortName),
    );
  return {
    campaign: summarise(campaign, counts),
    teams: rows.map((r) => ({ ...r, column: COLUMN_OF[r.state] })),
  };
}
