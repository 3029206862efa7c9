import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { teams } from '../entry/schema';

/**
 * A team's OpenPGP keys. `role` is the key's place in the team's rotation; `status` is what the last check found.
 * Only the minimised public key is stored (third-party certifications stripped).
 */
/** A key's place in a team's life: awaiting proof of possession, published now, next in rotation, or retired. */
/** What the last check of a key found. */
export const KEY_CHECK_STATUSES = ['valid', 'expired', 'revoked', 'invalid'] as const;

export const KEY_ROLES = ['pending', 'current', 'next', 'retired'] as const;

export const teamKeys = pgTable(
  'team_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /**
     * pending: uploaded, possession not yet proven, served nowhere · current: served as the team's key · next: added
     * during a rotation, served too · retired: out of service, kept for history and found by fingerprint (a plain
     * text column: no migration for a new role). See rotation.ts.
     */
    role: text('role', { enum: KEY_ROLES }).notNull(),
    status: text('status', { enum: KEY_CHECK_STATUSES }).notNull().default('valid'),
    /** 40 uppercase hex digits. */
    fingerprint: text('fingerprint').notNull(),
    /** Last 16 hex digits of the fingerprint (v4 key id), uppercase. */
    keyId: text('key_id').notNull(),
    algorithm: text('algorithm').notNull(),
    bits: integer('bits'),
    keyCreatedAt: timestamp('key_created_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    uids: text('uids').array().notNull().default(sql`'{}'::text[]`),
    /** Lowercased e-mail addresses found in the user IDs, for HKP/VKS lookup by address. */
    emails: text('emails').array().notNull().default(sql`'{}'::text[]`),
    armored: text('armored').notNull(),
    warnings: jsonb('warnings').$type<string[]>().notNull().default([]),
    /** Proof of possession: when the team decrypted the one-time code sent to this key. */
    verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'date' }),
    checkedAt: timestamp('checked_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    addedAt: timestamp('added_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('team_keys_team_fingerprint_key').on(t.teamId, t.fingerprint),
    // At most one current and one next key per team.
    uniqueIndex('team_keys_one_current_key').on(t.teamId, t.role).where(sql`${t.role} in ('current', 'next')`),
    index('team_keys_fingerprint_idx').on(t.fingerprint),
    index('team_keys_key_id_idx').on(t.keyId),
    index('team_keys_emails_idx').using('gin', t.emails),
    check('team_keys_fingerprint_format', sql`${t.fingerprint} ~ '^[0-9A-F]{40}$'`),
  ],
);

export type TeamKeyRow = typeof teamKeys.$inferSelect;
export type NewTeamKeyRow = typeof teamKeys.$inferInsert;

/**
 * A key a team is known to hold but has not registered: an import had only its fingerprint. The keys page asks the
 * team's editors for it; registering a key with that fingerprint settles it.
 */
export const expectedKeys = pgTable('expected_keys', {
  teamId: uuid('team_id')
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  fingerprint: text('fingerprint').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  recordedBy: text('recorded_by').notNull(),
});
