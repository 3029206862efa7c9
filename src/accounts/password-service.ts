/** Password reset by email and password change in account settings. */
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import type { DbOrTx } from '../db/client';
import type { Mailer } from '../mail/mailer';
import { normalizeEmail } from './login-service';
import { hashPassword, verifyPassword } from './password';
import { findUserByEmail, findUserById } from './queries';
import { type RateLimitVerdict, RULES, takeAttempt } from './rate-limit';
import { sessions, tokens, users } from './schema';
import type { SessionUser } from './session-user';
import { consumeToken, issueToken, peekToken, type TokenProblem } from './tokens';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'> & { mailer: Mailer };

/**
 * Sends a reset link when the address belongs to an account. The answer is the same either way, so the form does
 * not reveal who has an account; only the rate limit (per address and per client) can refuse.
 */
export async function requestPasswordReset(ctx: Ctx, emailInput: string, actor: Actor): Promise<RateLimitVerdict> {
  const now = ctx.clock.now();
  const email = normalizeEmail(emailInput);
  const emailKey = [`email:${email}`];
  const ipKey = [`ip:${actor.ip ?? 'unknown'}`];
  const attempt = await takeAttempt(
    ctx.db,
    [
      [RULES.passwordResetPerEmail, emailKey],
      [RULES.passwordResetPerIp, ipKey],
    ],
    now,
  );
  if (attempt.limited) return attempt;
  const user = await findUserByEmail(ctx.db, email);
  const mailIds = await ctx.db.transaction(async (tx) => {
    if (!user || user.disabledAt) return [];
    const { raw, expiresAt } = await issueToken(tx, { purpose: 'password_reset', email, userId: user.id, now });
    await record(tx, actor, now, { action: 'password.reset_requested', target: email });
    const link = `${ctx.config.publicUrl}/password/reset/${raw}`;
    return [await ctx.mailer.passwordReset(tx, { to: user.email, link, expiresAt })];
  });
  await ctx.mailer.deliver(mailIds);
  return { limited: false };
}

export async function checkResetToken(ctx: Pick<AppContext, 'db' | 'clock'>, raw: string) {
  return peekToken(ctx.db, 'password_reset', raw, ctx.clock.now());
}

/**
 * After a new password, whoever knew the old one is out: every session of the user ends (but the one that just
 * changed it, when there is one), and every reset link still outstanding stops working.
 */
async function revokeOldCredentials(tx: DbOrTx, userId: string, now: Date, keepSessionId?: string): Promise<void> {
  const ofUser = sql`${sessions.sess} -> 'passport' ->> 'user' = ${userId}`;
  await tx.delete(sessions).where(keepSessionId ? and(ofUser, ne(sessions.sid, keepSessionId)) : ofUser);
  await tx
    .update(tokens)
    .set({ usedAt: now })
    .where(and(eq(tokens.userId, userId), eq(tokens.purpose, 'password_reset'), isNull(tokens.usedAt)));
}

export async function resetPassword(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  raw: string,
  password: string,
  actor: Actor,
): Promise<{ ok: true; email: string } | { ok: false; problem: TokenProblem }> {
  const now = ctx.clock.now();
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction(async (tx) => {
    const used = await consumeToken(tx, 'password_reset', raw, now);
    if (!used.ok) return used;
    const userId = used.token.userId;
    const user = userId ? await findUserById(tx, userId) : undefined;
    if (!user) return { ok: false as const, problem: 'unknown' as const };
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await revokeOldCredentials(tx, user.id, now);
    await record(tx, { ...actor, userId: user.id, label: user.email }, now, { action: 'password.reset' });
    return { ok: true as const, email: user.email };
  });
}

/** The password change in account settings; `sessionId` is the session making it, which stays signed in. */
export async function changePassword(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  user: SessionUser,
  actor: Actor,
  input: { current: string; next: string; sessionId: string },
): Promise<'changed' | 'wrong-password'> {
  const row = await findUserById(ctx.db, user.id);
  if (!row || !(await verifyPassword(input.current, row.passwordHash))) return 'wrong-password';
  const passwordHash = await hashPassword(input.next);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await revokeOldCredentials(tx, user.id, now, input.sessionId);
    await record(tx, actor, now, { action: 'password.changed' });
  });
  return 'changed';
}
