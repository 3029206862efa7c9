import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { teams } from '../entry/schema';
import { LOGGED_STAGES } from './stages';

/**
 * One row per reminder sent: (team, kind, cycle, stage) is unique, so a stage of a cycle is sent once however many
 * runs or instances find it. The row and its mail are written in one transaction: a run that dies half-way leaves
 * either both or neither. Cycle: the confirmation due date (confirmation) or the key fingerprint (key watch).
 * A row holds the stage's name only: its order is looked up in the stage list when read (stages.ts), so changing
 * the list never changes what a row means.
 */
export const reminderLog = pgTable(
  'reminder_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['confirmation', 'key'] }).notNull(),
    cycle: text('cycle').notNull(),
    stage: text('stage', { enum: LOGGED_STAGES }).notNull(),
    outboxId: uuid('outbox_id'),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('reminder_log_once').on(t.teamId, t.kind, t.cycle, t.stage),
    index('reminder_log_team_sent_idx').on(t.teamId, t.sentAt),
  ],
);

/**
 * Leases for jobs that one instance at a time should run (the daily reminder run). Correctness never depends on
 * it — the reminder log is — it only keeps instances from doing the same work twice.
 */
export const jobLocks = pgTable('job_locks', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }).notNull(),
});

export type ReminderLogRow = typeof reminderLog.$inferSelect;
