/**
 * Mail retention: a delivered message is kept whole for RETENTION_MAIL_DAYS — long enough to answer "did it go
 * out, what did it say" — and then emptied. What stays is the delivery record: template, status, attempts, dates,
 * the team it was encrypted for, and each recipient as a keyed hash (`recipient-<16 hex>`), so the secretariat can
 * still count messages per recipient or, knowing an address and holding SESSION_SECRET, check that it was mailed,
 * while a reader of the database (or a backup) learns no address.
 *
 * Queued, failing and given-up mail is not touched: it has not been delivered, and the secretariat may retry it.
 * Mail kept without SMTP (`captured`, read at /admin/mail) counts as delivered when it was stored.
 *
 * Safe in several instances at once: each page is one statement that claims its rows with SKIP LOCKED, and a row
 * once emptied (erased_at set) is never looked at again.
 */
import { createHash, hkdfSync } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { type Database, rowsOf } from '../db/client';
import { outbox } from './schema';

const DAY_MS = 86_400_000;
export const RETENTION_PAGE_SIZE = 500;

/** The key of recipient hashes: HKDF of the session secret, for this one purpose (hex, as SQL takes it). */
export function recipientHashKey(sessionSecret: string): string {
  return Buffer.from(hkdfSync('sha256', sessionSecret, 'csirt-registry', 'outbox recipient hash v1', 32)).toString(
    'hex',
  );
}

/**
 * What an address becomes in an emptied message, computed by the database in the same statement (sha256 of the
 * key and the lowercased address; the key never leaves this process but as a bound value).
 */
export function recipientHashOf(sessionSecret: string, address: string): string {
  const digest = createHash('sha256')
    .update(recipientHashKey(sessionSecret) + address.trim().toLowerCase(), 'utf8')
    .digest('hex');
  return `recipient-${digest.slice(0, 16)}`;
}

const hashedArray = (column: SQL, key: string) =>
  sql`array(select 'recipient-' || left(encode(sha256(convert_to(${key} || lower(trim(a)), 'UTF8')), 'hex'), 16)
        from unnest(${column}) with ordinality as u(a, n) order by n)`;

interface Ctx {
  db: Database;
  clock: Clock;
  config: Pick<Config, 'retention' | 'sessionSecret'>;
}

/** Empties delivered mail older than the retention period, a page at a time; answers how many messages. */
export async function emptyDeliveredMail(ctx: Ctx, pageSize = RETENTION_PAGE_SIZE): Promise<number> {
  const now = ctx.clock.now();
  const before = new Date(now.getTime() - ctx.config.retention.mailDays * DAY_MS);
  const key = recipientHashKey(ctx.config.sessionSecret);
  let total = 0;
  for (;;) {
    const result = await ctx.db.execute(sql`
      update ${outbox} set
        subject = '', text_body = '', html_body = '', sealed_links = null, last_error = null,
        to_addresses = ${hashedArray(sql`to_addresses`, key)},
        cc_addresses = ${hashedArray(sql`cc_addresses`, key)},
        erased_at = ${now}::timestamptz
      where ${outbox.id} in (
        select id from ${outbox}
        where erased_at is null
          and ((status = 'sent' and sent_at < ${before}::timestamptz) or (status = 'captured' and created_at < ${before}::timestamptz))
        order by created_at
        limit ${pageSize}
        for update skip locked)
      returning ${outbox.id}`);
    const n = rowsOf<{ id: string }>(result).length;
    total += n;
    if (n < pageSize) return total;
  }
}
