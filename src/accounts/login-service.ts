/**
 * Checking credentials. One generic answer for a wrong address or a wrong password (no account enumeration), the
 * same scrypt work either way (no timing difference), and a rate limit per account and per client address that
 * holds across instances.
 */
import { eq } from 'drizzle-orm';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import { verifyPassword } from './password';
import { findUserByEmail } from './queries';
import { RULES, takeAttempt } from './rate-limit';
import { users } from './schema';
import { loadSessionUser, type SessionUser } from './session-user';

export type LoginResult =
  | { kind: 'ok'; user: SessionUser }
  | { kind: 'second-factor'; userId: string }
  | { kind: 'invalid' }
  | { kind: 'limited'; retryAfterSeconds: number };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function checkCredentials(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  input: { email: string; password: string },
  actor: Actor,
): Promise<LoginResult> {
  const now = ctx.clock.now();
  const email = normalizeEmail(input.email);
  const keys = [`account:${email}`, `ip:${actor.ip ?? 'unknown'}`];
  // Counted before the password is checked, taken back when it was right (takeAttempt explains why).
  const attempt = await takeAttempt(ctx.db, [[RULES.loginFailure, keys]], now);
  if (attempt.limited) return { kind: 'limited', retryAfterSeconds: attempt.retryAfterSeconds };

  const user = await findUserByEmail(ctx.db, email);
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!user || !passwordOk || user.disabledAt) {
    await record(ctx.db, actor, now, { action: 'login.failed', target: email });
    return { kind: 'invalid' };
  }
  await attempt.release();
  if (user.totpEnabledAt) return { kind: 'second-factor', userId: user.id };
  return completeLogin(ctx, user.id, actor, 'password');
}

/** Marks a successful login (after the second factor when there is one). */
export async function completeLogin(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  userId: string,
  actor: Actor,
  method: 'password' | 'totp' | 'recovery_code',
): Promise<LoginResult> {
  const now = ctx.clock.now();
  const user = await loadSessionUser(ctx.db, userId);
  if (!user) return { kind: 'invalid' };
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, userId));
    await record(tx, { ...actor, userId, label: user.email }, now, { action: 'login.succeeded', details: { method } });
  });
  return { kind: 'ok', user };
}
