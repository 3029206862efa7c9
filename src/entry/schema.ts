import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { citext, sqlValueList } from '../db/column-types';
import { entryTableColumns } from './fields';
import { nameTextSql, searchTextSql } from './search-text';
import { TEAM_STATUSES, type VisibilityOverrides } from './vocabulary';

export type { VisibilityOverrides };
export { citext };

export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** URL slug, the lowercased short name; stable once created. */
    slug: text('slug').notNull(),
    /** Every field of the entry (fields/): its columns are declared with the field. */
    ...entryTableColumns(),
    visibility: jsonb('visibility').$type<VisibilityOverrides>().notNull().default({}),
    /** The team wants the association's mail to its address encrypted to its (verified) key. */
    encryptMail: boolean('encrypt_mail').notNull().default(false),

    confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'date' }),
    confirmedBy: text('confirmed_by'),
    /** When the next yearly confirmation falls due (confirmedAt + interval); indexed for the reminder loop. */
    confirmationDueAt: timestamp('confirmation_due_at', { withTimezone: true, mode: 'date' }).notNull(),

    /** Optimistic locking: every update bumps it; an edit based on an older version is refused. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),

    /**
     * What free-text search may match, one column per clearance (see search-text.ts): folded text of the names
     * and of each field the clearance may see on this row. Kept by the database itself, so no write path can
     * forget it, and trigram-indexed: works for Japanese, which has no word boundaries for full-text search.
     */
    searchPublic: text('search_public')
      .notNull()
      .generatedAlwaysAs(sql.raw(searchTextSql('public'))),
    searchMembers: text('search_members')
      .notNull()
      .generatedAlwaysAs(sql.raw(searchTextSql('members'))),
    searchAll: text('search_all')
      .notNull()
      .generatedAlwaysAs(sql.raw(searchTextSql('secretariat'))),
    /** Names only (always public), folded, for ranking: a hit in a name outranks a hit elsewhere. */
    nameText: text('name_text').notNull().generatedAlwaysAs(sql.raw(nameTextSql())),
  },
  (t) => [
    uniqueIndex('teams_slug_key').on(t.slug),
    uniqueIndex('teams_short_name_key').on(t.shortName),
    index('teams_status_short_name_idx').on(t.status, t.shortName),
    index('teams_region_idx').on(t.region),
    index('teams_industry_idx').on(t.industry),
    index('teams_confirmation_due_idx').on(t.confirmationDueAt),
    index('teams_search_public_trgm_idx').using('gin', sql`${t.searchPublic} gin_trgm_ops`),
    index('teams_search_members_trgm_idx').using('gin', sql`${t.searchMembers} gin_trgm_ops`),
    index('teams_search_all_trgm_idx').using('gin', sql`${t.searchAll} gin_trgm_ops`),
    check('teams_status_check', sql`${t.status} in (${sql.raw(sqlValueList(TEAM_STATUSES))})`),
    check('teams_slug_format', sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{0,62}$'`),
  ],
);

export type TeamRow = typeof teams.$inferSelect;
export type NewTeamRow = typeof teams.$inferInsert;

/**
 * One row whose value grows with every change to teams or their keys (database triggers, 0004 migration), so any
 * instance can tell in one cheap query whether its cached directory reads are still current.
 */
export const directoryGeneration = pgTable('directory_generation', {
  id: integer('id').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});

/** One saved edit of a team's entry: who, when, and each changed field's value before and after. */
export const teamChanges = pgTable(
  'team_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id'),
    actor: text('actor').notNull(),
    changes: jsonb('changes').$type<{ field: string; before: string; after: string }[]>().notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('team_changes_team_at_idx').on(t.teamId, t.at)],
);

export type TeamChangeRow = typeof teamChanges.$inferSelect;
