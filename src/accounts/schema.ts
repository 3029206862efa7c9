import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { sqlValueList } from '../db/column-types';
import { citext, teams } from '../entry/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** What a user may do for a team: read the members' directory, or also keep the team's entry and keys. */
export const MEMBERSHIP_ROLES = ['member', 'editor'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: citext('email').notNull(),
    name: text('name').notNull().default(''),
    /** Preferred language for mail. */
    locale: text('locale', { enum: ['ja', 'en'] })
      .notNull()
      .default('ja'),
    /** scrypt hash (password.ts); null until an invited user sets a password. */
    passwordHash: text('password_hash'),
    isSecretariat: boolean('is_secretariat').notNull().default(false),
    disabledAt: ts('disabled_at'),
    /** TOTP secret (base32) while enrolled or enrolling; enabled once totpEnabledAt is set. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: ts('totp_enabled_at'),
    /** The last accepted TOTP time step: a code is never accepted twice. */
    totpLastStep: integer('totp_last_step'),
    lastLoginAt: ts('last_login_at'),
    /** The secretariat erased this user: the row stays (disabled, named by its pseudonym) so references hold. */
    erasedAt: ts('erased_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);

/** A user's place in a team: every member may look up members-only fields; editors also change the entry. */
export const teamMemberships = pgTable(
  'team_memberships',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    role: text('role', { enum: MEMBERSHIP_ROLES }).notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.teamId] }),
    index('team_memberships_team_idx').on(t.teamId),
    check('team_memberships_role_check', sql`${t.role} in (${sql.raw(sqlValueList(MEMBERSHIP_ROLES))})`),
  ],
);

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/**
 * One table for every emailed single-use token (invitation, password reset, …): only a hash is stored, with its
 * purpose and expiry; using it sets usedAt.
 */
export const tokens = pgTable(
  'tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    purpose: text('purpose', {
      enum: ['invitation', 'password_reset', 'key_possession', 'confirmation', 'drill'],
    }).notNull(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    email: citext('email').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tokens_hash_key').on(t.tokenHash), index('tokens_email_idx').on(t.email)],
);

/** Personal API tokens (Authorization: Bearer). Shown once at creation; only a hash is kept. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first characters of the token, to recognise it in the list. */
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** What the token may do (api-token-service.ts). Read-only: the API, the feeds, keys and exports, by GET. */
    scopes: text('scopes').array().notNull().default(sql`'{read}'::text[]`),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

/** Sessions live in the database, so any instance behind a load balancer can serve any request. */
export const sessions = pgTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    sess: jsonb('sess').$type<Record<string, unknown>>().notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt)],
);

/** Failed or counted attempts for rate limits that must hold across instances (login, password reset, …). */
export const rateLimitEvents = pgTable(
  'rate_limit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    bucket: text('bucket').notNull(),
    key: text('key').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('rate_limit_events_lookup_idx').on(t.bucket, t.key, t.at)],
);

export type UserRow = typeof users.$inferSelect;
export type MembershipRow = typeof teamMemberships.$inferSelect;
export type TokenRow = typeof tokens.$inferSelect;
