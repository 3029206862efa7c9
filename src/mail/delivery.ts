/**
 * The outbox worker: sends what the outbox holds over SMTP, with retries.
 *
 * A worker claims due rows with FOR UPDATE SKIP LOCKED and marks them `sending` with a lease, so several instances
 * (or the after-commit delivery and the periodic worker of one instance) never take the same row; the SMTP exchange
 * happens outside any transaction. A failure schedules the next attempt with exponential backoff; after the last
 * attempt the row is `dead` and waits for the secretariat's retry. A process that dies mid-send leaves its lease to
 * run out, and the row is tried again: delivery is at least once, and the stable Message-ID
 * (<outbox id@host>) lets receivers recognise the rare repeat. Once sent, a message's sealed links are erased: a
 * link that reached its recipient is nowhere else.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { Logger } from '../log';
import { type OutboxRow, outbox } from './schema';

/** How long a claimed row stays with its worker before another may take it. */
const SEND_LEASE_MS = 5 * 60_000;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 6 * 60 * 60_000;
/**
 * Messages of a round in flight at once. Each SMTP exchange is mostly waiting (a relay's greeting pause alone is
 * often 100 ms or more), so a few at a time send an announcement to thousands of teams several times faster; each
 * row still succeeds or fails on its own.
 */
const SEND_CONCURRENCY = 5;

/** The wait before attempt n+1 after n failed attempts: 1 min, 2, 4, … capped at 6 hours. */
function backoffMs(failedAttempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1), MAX_RETRY_MS);
}

export interface FlushResult {
  sent: number;
  failed: number;
  dead: number;
}

/**
 * Builds the messages handed to nodemailer for one row (plain, or PGP/MIME signed or encrypted): usually one; an
 * encrypted message with Cc recipients is two (see compose.ts).
 */
type Compose = (row: OutboxRow) => Promise<Parameters<Transporter['sendMail']>[0][]>;

interface Delivery {
  /** Sends due messages (or only `ids`), up to `limit` per round, until none is due. */
  flush(opts?: { ids?: string[]; limit?: number }): Promise<FlushResult>;
}

export function createDelivery(deps: {
  db: Database;
  clock: Clock;
  log: Logger;
  transport: Transporter | null;
  config: Pick<Config, 'mail'>;
  compose: Compose;
}): Delivery {
  const { db, clock, log, transport, config, compose } = deps;

  async function claim(now: Date, limit: number, ids?: string[]): Promise<OutboxRow[]> {
    const due = sql`(${outbox.status} in ('pending', 'failed') and ${outbox.nextAttemptAt} <= ${now})
      or (${outbox.status} = 'sending' and ${outbox.lockedUntil} <= ${now})`;
    const only = ids ? sql`and ${inArray(outbox.id, ids)}` : sql``;
    const picked = sql`select ${outbox.id} from ${outbox} where (${due}) ${only}
      order by ${outbox.nextAttemptAt} limit ${limit} for update skip locked`;
    return db
      .update(outbox)
      .set({
        status: 'sending',
        lockedUntil: new Date(now.getTime() + SEND_LEASE_MS),
        attempts: sql`${outbox.attempts} + 1`,
      })
      .where(sql`${outbox.id} in (${picked})`)
      .returning();
  }

  async function sendOne(row: OutboxRow, result: FlushResult): Promise<void> {
    if (!transport) return;
    try {
      for (const message of await compose(row)) await transport.sendMail(message);
      await db
        .update(outbox)
        .set({ status: 'sent', sentAt: clock.now(), lockedUntil: null, lastError: null, sealedLinks: null })
        .where(and(eq(outbox.id, row.id), eq(outbox.status, 'sending')));
      result.sent += 1;
    } catch (err) {
      const message = (err as Error).message.slice(0, 500);
      const dead = row.attempts >= config.mail.maxAttempts;
      // Kept, not lost: the secretariat sees failures at /admin/mail. Addresses are not logged.
      log.warn({ outboxId: row.id, attempt: row.attempts, dead, err: message }, 'mail delivery failed');
      await db
        .update(outbox)
        .set({
          status: dead ? 'dead' : 'failed',
          lastError: message,
          lockedUntil: null,
          nextAttemptAt: dead ? null : new Date(clock.now().getTime() + backoffMs(row.attempts)),
        })
        .where(eq(outbox.id, row.id));
      if (dead) result.dead += 1;
      else result.failed += 1;
    }
  }

  return {
    async flush(opts = {}) {
      const result: FlushResult = { sent: 0, failed: 0, dead: 0 };
      if (!transport) return result;
      const limit = opts.limit ?? 50;
      for (;;) {
        const rows = await claim(clock.now(), limit, opts.ids);
        for (let i = 0; i < rows.length; i += SEND_CONCURRENCY) {
          await Promise.all(rows.slice(i, i + SEND_CONCURRENCY).map((row) => sendOne(row, result)));
        }
        // A round that failed everything stops here: the failures are due again only after their backoff.
        if (rows.length < limit || opts.ids) break;
      }
      return result;
    },
  };
}
