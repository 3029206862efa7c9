/**
 * Announcements: what the secretariat writes to all active teams (or a region, an industry, a constituency type),
 * bilingual, with a TLP label. A draft is previewed with its recipient list and then sent once: sending writes one
 * recipient row and one outbox message per team in one transaction, and the delivery report reads the outbox's
 * state through the recipient rows.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sqlValueList } from '../db/column-types';
import { teams } from '../entry/schema';
import { TLP_LEVELS } from './tlp';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const ANNOUNCEMENT_STATES = ['draft', 'sent'] as const;
export type AnnouncementState = (typeof ANNOUNCEMENT_STATES)[number];

/** How a message reached (or did not reach) one team, decided when it was sent. */
export const RECIPIENT_ROUTES = ['encrypted', 'unencrypted', 'not_reached'] as const;
export type RecipientRoute = (typeof RECIPIENT_ROUTES)[number];

/** The teams an announcement is for; every part left out means all. */
export interface Audience {
  region?: string;
  industry?: string;
  constituencyType?: string;
}

export const announcements = pgTable(
  'announcements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    state: text('state', { enum: ANNOUNCEMENT_STATES }).notNull().default('draft'),
    tlp: text('tlp', { enum: TLP_LEVELS }).notNull(),
    subjectJa: text('subject_ja').notNull(),
    subjectEn: text('subject_en').notNull(),
    bodyJa: text('body_ja').notNull(),
    bodyEn: text('body_en').notNull(),
    audience: jsonb('audience').$type<Audience>().notNull().default({}),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    sentBy: text('sent_by'),
    sentAt: ts('sent_at'),
    /** Teams chosen when it was sent, reached or not. */
    recipientCount: integer('recipient_count').notNull().default(0),
  },
  (t) => [
    check('announcements_state_check', sql`${t.state} in (${sql.raw(sqlValueList(ANNOUNCEMENT_STATES))})`),
    check('announcements_tlp_check', sql`${t.tlp} in (${sql.raw(sqlValueList(TLP_LEVELS))})`),
    index('announcements_sent_idx').on(t.sentAt),
  ],
);

export type AnnouncementRow = typeof announcements.$inferSelect;

export const announcementRecipients = pgTable(
  'announcement_recipients',
  {
    announcementId: uuid('announcement_id')
      .notNull()
      .references(() => announcements.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** The team's short name and address as they were when it was sent: the report is history. */
    teamShortName: text('team_short_name').notNull(),
    address: text('address').notNull(),
    route: text('route', { enum: RECIPIENT_ROUTES }).notNull(),
    /** The team's message in the outbox; none when the team was not reached. */
    outboxId: uuid('outbox_id'),
  },
  (t) => [
    primaryKey({ columns: [t.announcementId, t.teamId] }),
    check('announcement_recipients_route_check', sql`${t.route} in (${sql.raw(sqlValueList(RECIPIENT_ROUTES))})`),
    // The archive asks "did it reach one of my teams?".
    index('announcement_recipients_team_idx').on(t.teamId, t.announcementId),
  ],
);
