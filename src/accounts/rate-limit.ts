/**
 * Rate limits kept in the database, so they hold across instances behind a load balancer. A sliding window: the
 * attempts of the last `windowMs` are counted; the caller is told how long until the oldest one leaves the window.
 */
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { rateLimitEvents } from './schema';

export interface RateLimitRule {
  bucket: string;
  limit: number;
  windowMs: number;
}

export const RULES = {
  /** At most 10 failed logins per account and per address in 15 minutes. */
  loginFailure: { bucket: 'login-failure', limit: 10, windowMs: 15 * 60_000 },
  /** Second-factor codes share the same ceiling. */
  secondFactorFailure: { bucket: 'second-factor-failure', limit: 10, windowMs: 15 * 60_000 },
  /** Reset mails: 5 per address and 20 per client address an hour. */
  passwordResetPerEmail: { bucket: 'password-reset-email', limit: 5, windowMs: 60 * 60_000 },
  passwordResetPerIp: { bucket: 'password-reset-ip', limit: 20, windowMs: 60 * 60_000 },
  /** Key checks (parsing is cheap but not free): 60 a minute per client address. */
  keyCheck: { bucket: 'key-check', limit: 60, windowMs: 60_000 },
  /** Possession codes: 10 wrong codes per key in 15 minutes. */
  possessionCode: { bucket: 'possession-code', limit: 10, windowMs: 15 * 60_000 },
  /** Membership applications: 10 an hour per client address, 5 a day per applicant address. */
  applicationPerIp: { bucket: 'application-ip', limit: 10, windowMs: 60 * 60_000 },
  applicationPerEmail: { bucket: 'application-email', limit: 5, windowMs: 24 * 60 * 60_000 },
  /** Invitations: 30 an hour per inviting user. */
  invitation: { bucket: 'invitation', limit: 30, windowMs: 60 * 60_000 },
} satisfies Record<string, RateLimitRule>;

export type RateLimitVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

/** Whether any of the keys has used up its allowance. Does not count an attempt. */
export async function checkLimit(
  db: DbOrTx,
  rule: RateLimitRule,
  keys: string[],
  now: Date,
): Promise<RateLimitVerdict> {
  const since = new Date(now.getTime() - rule.windowMs);
  const live = keys.filter(Boolean);
  if (live.length === 0) return { limited: false };
  const counts = await db
    .select({
      key: rateLimitEvents.key,
      n: sql<number>`count(*)`.mapWith(Number),
      oldest: sql<Date>`min(${rateLimitEvents.at})`.mapWith((v) => new Date(v)),
    })
    .from(rateLimitEvents)
    .where(
      and(eq(rateLimitEvents.bucket, rule.bucket), inArray(rateLimitEvents.key, live), gte(rateLimitEvents.at, since)),
    )
    .groupBy(rateLimitEvents.key);
  let retryAfterMs = 0;
  for (const row of counts) {
    if (row.n < rule.limit) continue;
    // The window frees a slot when the oldest counted attempts leave it; find when enough of them have.
    const excess = row.n - rule.limit + 1;
    const leaving = await db
      .select({ at: rateLimitEvents.at })
      .from(rateLimitEvents)
      .where(
        and(eq(rateLimitEvents.bucket, rule.bucket), eq(rateLimitEvents.key, row.key), gte(rateLimitEvents.at, since)),
      )
      .orderBy(asc(rateLimitEvents.at))
      .limit(excess);
    const freedAt = (leaving.at(-1)?.at ?? row.oldest).getTime() + rule.windowMs;
    retryAfterMs = Math.max(retryAfterMs, freedAt - now.getTime());
  }
  return retryAfterMs > 0 ? { limited: true, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } : { limited: false };
}

export async function countAttempt(db: DbOrTx, rule: RateLimitRule, keys: string[], now: Date): Promise<void> {
  const live = keys.filter(Boolean);
  if (live.length === 0) return;
  await db.insert(rateLimitEvents).values(live.map((key) => ({ bucket: rule.bucket, key, at: now })));
}

/** Drops attempts older than the longest window (run now and then; the counts ignore them anyway). */
export async function pruneAttempts(db: DbOrTx, now: Date): Promise<void> {
  const longest = Math.max(...Object.values(RULES).map((r) => r.windowMs));
  await db.delete(rateLimitEvents).where(lt(rateLimitEvents.at, new Date(now.getTime() - longest)));
}
