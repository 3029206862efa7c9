import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema';
import type { TeamEntry } from '../entry/entry';
import { citext, teams } from '../entry/schema';
import { APPLICATION_STATES } from './state';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The three criteria an applicant attests (NCA's), each as its own checkbox. */
export interface Attestations {
  operatesAsCsirtInJapan: boolean;
  agreesWithMission: boolean;
  handlesInformationAppropriately: boolean;
}

/** A membership application: the future team entry, its key, and the vetting that leads to a decision. */
/** What a member team's editor says of an application: endorse it, or object to it. */
export const SPONSORSHIP_KINDS = ['endorse', 'object'] as const;

export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    state: text('state', { enum: APPLICATION_STATES }).notNull().default('draft'),
    /** The team entry as applied for; approval creates the team from it. */
    entry: jsonb('entry').$type<TeamEntry>().notNull(),
    /** The applicant's key, as checked and minimised at application time (armored public key). */
    keyArmored: text('key_armored'),
    keyFingerprint: text('key_fingerprint'),
    attestations: jsonb('attestations').$type<Attestations>().notNull(),
    applicantName: text('applicant_name').notNull(),
    applicantEmail: citext('applicant_email').notNull(),
    applicantPhone: text('applicant_phone'),
    /** A second contact (deputy), invited with the applicant on approval. */
    deputyName: text('deputy_name'),
    deputyEmail: citext('deputy_email'),
    applicantLocale: text('applicant_locale', { enum: ['ja', 'en'] })
      .notNull()
      .default('ja'),
    /** The applicant's page is reached through a secret link; only its hash is kept. */
    accessTokenHash: text('access_token_hash').notNull(),
    emailVerifiedAt: ts('email_verified_at'),
    /** The secretariat's screening checklist: item → checked. */
    checklist: jsonb('checklist').$type<Record<string, boolean>>().notNull().default({}),
    /** Secretariat-only. */
    internalNotes: text('internal_notes').notNull().default(''),
    sponsorshipOpenedAt: ts('sponsorship_opened_at'),
    objectionWindowEndsAt: ts('objection_window_ends_at'),
    decisionReason: text('decision_reason'),
    /** The steering committee's decision the secretariat records on approval or rejection (date, minute number). */
    decisionReference: text('decision_reference'),
    /** The team created on approval. */
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    stateChangedAt: ts('state_changed_at').notNull(),
    /**
     * When the retention step erased the personal data of this closed (rejected or withdrawn) application: what
     * stays is the anonymised record statistics need (retention.ts). Set once, so a later run skips it.
     */
    erasedAt: ts('erased_at'),
    createdAt: ts('created_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('applications_access_token_key').on(t.accessTokenHash),
    index('applications_state_idx').on(t.state, t.stateChangedAt),
    index('applications_short_name_idx').on(sql`lower(${t.entry} ->> 'shortName')`),
    check(
      'applications_state_check',
      sql`${t.state} in ('draft', 'submitted', 'screening', 'needs_info', 'sponsorship', 'decision', 'approved', 'rejected', 'withdrawn')`,
    ),
  ],
);

/** An endorsement or an objection by a member team (one per team and application), with the editor who gave it. */
export const sponsorships = pgTable(
  'sponsorships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: SPONSORSHIP_KINDS }).notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('sponsorships_one_per_team').on(t.applicationId, t.teamId)],
);

/** Messages between the secretariat and the applicant (needs-info requests and answers). */
export const applicationMessages = pgTable(
  'application_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    author: text('author', { enum: ['secretariat', 'applicant'] }).notNull(),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('application_messages_app_idx').on(t.applicationId, t.createdAt)],
);

export type ApplicationRow = typeof applications.$inferSelect;
