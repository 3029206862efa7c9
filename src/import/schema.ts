/**
 * Imports the secretariat has previewed: the file as uploaded (so the commit reads the same bytes the preview did),
 * the column mapping as last corrected, and once committed, who did it and what was written.
 */
import { boolean, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { teams } from '../entry/schema';
import type { ColumnMapping, ImportDefaults } from './columns';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const imports = pgTable('imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  filename: text('filename').notNull(),
  /** The uploaded bytes, base64 (a few MB at most: MAX_IMPORT_BYTES). */
  content: text('content').notNull(),
  mapping: jsonb('mapping').$type<ColumnMapping>().notNull(),
  /** Values for rows that have none (a listing without regions or industries): `{region?, industry?}`. */
  defaults: jsonb('defaults').$type<ImportDefaults>().notNull().default({}),
  /** Whether rows matching existing teams update them (otherwise they are refused as existing). */
  allowUpdate: boolean('allow_update').notNull().default(false),
  /** Whether each new team's address is invited as its editor (held until the secretariat sends them). */
  inviteContacts: boolean('invite_contacts').notNull().default(false),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  committedAt: ts('committed_at'),
  committedBy: text('committed_by'),
  summary: jsonb('summary').$type<Record<string, number>>(),
});

/**
 * Invitations an import holds for the teams it created: written with the commit, sent only when the secretariat
 * says so (POST /admin/import/:id/invitations), each once.
 */
export const importInvitations = pgTable(
  'import_invitations',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
  },
  (t) => [primaryKey({ columns: [t.importId, t.teamId] })],
);

export type ImportRow = typeof imports.$inferSelect;
