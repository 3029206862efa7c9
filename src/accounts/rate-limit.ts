/**
 * Rate limits kept in the database, so they hold across instances behind a load balancer. A sliding window: the
 * attempts of the last `windowMs` are counted; the caller is told how long until a slot frees. Checking and
 * counting are one atomic step (takeAttempt); there is deliberately no way to check without counting.
 */
import { and, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client';
import { rateLimitEvents } from './schema';

interface RateLimitRule {
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
  /** Drill codes: 10 wrong codes per drill, and 30 per client address, in 15 minutes. */
  drillCode: { bucket: 'drill-code', limit: 10, windowMs: 15 * 60_000 },
  drillCodePerIp: { bucket: 'drill-code-ip', limit: 30, windowMs: 15 * 60_000 },
  /** Membership applications: 10 an hour per client address, 5 a day per applicant address. */
  applicationPerIp: { bucket: 'application-ip', limit: 10, windowMs: 60 * 60_000 },
  applicationPerEmail: { bucket: 'application-email', limit: 5, windowMs: 24 * 60 * 60_000 },
  /** Invitations: 30 an hour per inviting user. */
  invitation: { bucket: 'invitation', limit: 30, windowMs: 60 * 60_000 },
} satisfies Record<string, RateLimitRule>;

export type RateLimitVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

/** An attempt that was counted; `release` takes it back (an attempt that turned out not to count, e.g. a success). */
type Attempt = { limited: false; release(): Promise<void> } | { limited: true; retryAfterSeconds: number };

/** How long until a slot frees in one key's window, or 0 when the key has one left. */
async function waitFor(tx: DbOrTx, rule: RateLimitRule, key: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - rule.windowMs);
  // The window frees a slot when enough of the oldest counted attempts have left it.
  const oldest = await tx
    .select({ at: rateLimitEvents.at })
    .from(rateLimitEvents)
    .where(and(eq(rateLimitEvents.bucket, rule.bucket), eq(rateLimitEvents.key, key), gte(rateLimitEvents.at, since)))
    .orderBy(desc(rateLimitEvents.at))
    .limit(rule.limit);
  if (oldest.length < rule.limit) return 0;
  return Math.max(1, oldest[rule.limit - 1].at.getTime() + rule.windowMs - now.getTime());
}

/**
 * Checks and counts one attempt in one step: for every (rule, keys) pair, either every key has room and an attempt
 * is recorded for each, or none is recorded and the caller is told how long to wait. The keys are locked for the
 * step (advisory locks, in a fixed order, on PostgreSQL; the embedded database runs one transaction at a time), so
 * a hundred requests at once cannot all see the same room: exactly `limit` of them get through.
 *
 * Rules that count failures only (wrong passwords, wrong codes) take the attempt before the work and `release`
 * it when the work succeeds — counting afterwards is what let parallel guesses through.
 */
export async function takeAttempt(
  db: Database,
  limits: readonly (readonly [RateLimitRule, readonly string[]])[],
  now: Date,
): Promise<Attempt> {
  const pairs = limits.flatMap(([rule, keys]) => keys.filter(Boolean).map((key) => ({ rule, key })));
  if (pairs.length === 0) return { limited: false, release: async () => undefined };
  const lockNames = [...new Set(pairs.map((p) => `${p.rule.bucket}:${p.key}`))].sort();
  const result = await db.transaction(async (tx) => {
    for (const name of lockNames) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`);
    let waitMs = 0;
    for (const { rule, key } of pairs) waitMs = Math.max(waitMs, await waitFor(tx, rule, key, now));
    if (waitMs > 0) return { waitMs, ids: [] };
    const rows = await tx
      .insert(rateLimitEvents)
      .values(pairs.map(({ rule, key }) => ({ bucket: rule.bucket, key, at: now })))
      .returning({ id: rateLimitEvents.id });
    return { waitMs: 0, ids: rows.map((r) => r.id) };
  });
  if (result.waitMs > 0) return { limited: true, retryAfterSeconds: Math.ceil(result.waitMs / 1000) };
  return {
    limited: false,
    release: async () => {
      await db.delete(rateLimitEvents).where(inArray(rateLimitEvents.id, result.ids));
    },
  };
}

/** Drops attempts older than the longest window (run now and then; the counts ignore them anyway). */
export async function pruneAttempts(db: DbOrTx, now: Date): Promise<void> {
  const longest = Math.max(...Object.values(RULES).map((r) => r.windowMs));
  await db.delete(rateLimitEvents).where(lt(rateLimitEvents.at, new Date(now.getTime() - longest)));
}
