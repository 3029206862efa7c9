import { date, integer, pgTable } from 'drizzle-orm/pg-core';

/**
 * One row per day the reminder run ran: how many active teams were current, due, overdue or stale. Freshness over
 * time cannot be rebuilt afterwards (only each team's latest confirmation is kept), so it is recorded as it is.
 */
export const freshnessSnapshots = pgTable('freshness_snapshots', {
  day: date('day', { mode: 'string' }).primaryKey(),
  current: integer('current').notNull(),
  due: integer('due').notNull(),
  overdue: integer('overdue').notNull(),
  stale: integer('stale').notNull(),
});
