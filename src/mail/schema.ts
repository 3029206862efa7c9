import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every message the association sends. Written with the change that causes it, in the same transaction; delivered
 * by the outbox worker over SMTP when it is configured, kept for the secretariat to read at /admin/mail when it is
 * not (captured).
 *
 *   pending → sending → sent
 *           ↘ failed (retried at next_attempt_at, backing off) → … → dead (after the last attempt; retry by hand)
 *
 * `sending` is a lease: a worker claims a row until `locked_until`; if it dies mid-send the row is claimed again
 * once the lease has run out.
 */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'dead', 'captured'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    template: text('template').notNull(),
    toAddresses: text('to_addresses').array().notNull(),
    ccAddresses: text('cc_addresses').array().notNull().default([]),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    /**
     * The message's single-use links, encrypted with a key the database never holds; the bodies carry
     * placeholders. Erased once the message is sent (sealed-links.ts).
     */
    sealedLinks: text('sealed_links'),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When the worker may (next) try to send it. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    /** Team mail is encrypted to this team's verified key when the team opted in (reminders). */
    encryptForTeamId: uuid('encrypt_for_team_id'),
    /**
     * The message must never travel in clear (an announcement labelled TLP:AMBER or above): it is encrypted to the
     * team's proven key whatever the team's mail choice, and fails rather than go out signed only when the team has
     * no such key at delivery.
     */
    encryptionRequired: boolean('encryption_required').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    /**
     * When the retention step emptied the delivered message (subject, bodies, links, recipients replaced by keyed
     * hashes): the delivery record stays (retention.ts).
     */
    erasedAt: timestamp('erased_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('outbox_status_created_idx').on(t.status, t.createdAt),
    index('outbox_created_idx').on(t.createdAt),
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'failed', 'sending')`),
    // What the retention step looks for: delivered mail not yet emptied, oldest first.
    index('outbox_retention_idx').on(t.sentAt).where(sql`${t.status} = 'sent' and ${t.erasedAt} is null`),
  ],
);

export type OutboxRow = typeof outbox.$inferSelect;
