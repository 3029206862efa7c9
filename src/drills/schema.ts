/**
 * Reachability drills: a short message, signed by the association and encrypted to the team's current key, that
 * the team proves it read by entering the code inside. One row per team and cycle — a half of the year for the
 * regular drills (`2026/2of2`), `campaign:<id>` for a campaign the secretariat started — so a drill is planned and
 * sent once however many runs or instances find it; the row and its mail are written in one transaction.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sqlValueList } from '../db/column-types';
import { teams } from '../entry/schema';
import { ANSWER_CHANNELS, DRILL_STATES } from './vocabulary';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A communication check of many teams at once (all, or a region or an industry), as national networks run them. */
export const drillCampaigns = pgTable('drill_campaigns', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  /** The filter the teams were chosen by: `{region?, industry?}`. */
  filter: jsonb('filter').$type<{ region?: string; industry?: string }>().notNull().default({}),
  teamCount: bigint('team_count', { mode: 'number' }).notNull().default(0),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const drills = pgTable(
  'drills',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    cycle: text('cycle').notNull(),
    campaignId: uuid('campaign_id').references(() => drillCampaigns.id, { onDelete: 'cascade' }),
    state: text('state', { enum: DRILL_STATES }).notNull().default('planned'),
    /** A moment inside the team's business hours, drawn once for the team and the cycle. */
    plannedAt: ts('planned_at').notNull(),
    sentAt: ts('sent_at'),
    /** The key the code was encrypted to (its fingerprint: keys are retired, drills are history). */
    keyFingerprint: text('key_fingerprint'),
    /** The address it went to, as it was then. */
    sentTo: text('sent_to'),
    outboxId: uuid('outbox_id'),
    /** End of the answer window (DRILL_WINDOW_HOURS of the team's business hours after sending), and twice it. */
    lateAt: ts('late_at'),
    failAt: ts('fail_at'),
    markedLateAt: ts('marked_late_at'),
    markedFailedAt: ts('marked_failed_at'),
    answeredAt: ts('answered_at'),
    answeredBy: text('answered_by'),
    answeredVia: text('answered_via', { enum: ANSWER_CHANNELS }),
    /** Time to answer counted in the team's business hours, in ms. */
    answerBusinessMs: bigint('answer_business_ms', { mode: 'number' }),
    answeredLate: boolean('answered_late'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('drills_state_check', sql`${t.state} in (${sql.raw(sqlValueList(DRILL_STATES))})`),
    check(
      'drills_answered_via_check',
      sql`${t.answeredVia} is null or ${t.answeredVia} in (${sql.raw(sqlValueList(ANSWER_CHANNELS))})`,
    ),
    uniqueIndex('drills_team_cycle_key').on(t.teamId, t.cycle),
    // What each run looks for: planned drills now due, sent ones past their window.
    index('drills_planned_idx').on(t.plannedAt).where(sql`${t.state} = 'planned'`),
    index('drills_late_idx').on(t.lateAt).where(sql`${t.state} = 'sent'`),
    index('drills_fail_idx').on(t.failAt).where(sql`${t.state} in ('sent', 'late')`),
    index('drills_team_sent_idx').on(t.teamId, t.sentAt),
    index('drills_campaign_idx').on(t.campaignId),
  ],
);

export type DrillRow = typeof drills.$inferSelect;
export type NewDrillRow = typeof drills.$inferInsert;
export type DrillCampaignRow = typeof drillCampaigns.$inferSelect;
