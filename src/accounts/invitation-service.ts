/**
 * Invitations: an editor (for their team) or the secretariat (for any team, or as secretariat staff) invites a
 * person by email. The account exists from then on, without a password; the emailed single-use link lets the
 * person set one. Inviting someone who has an account already just adds the membership and tells them.
 */
import { eq } from 'drizzle-orm';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { tooManyRequests } from '../http/errors';
import type { Mailer } from '../mail/mailer';
import { normalizeEmail } from './login-service';
import { hashPassword } from './password';
import { authorize } from './policies';
import { findUserByEmail, findUserById, upsertMembership } from './queries';
import { RULES, takeAttempt } from './rate-limit';
import { users } from './schema';
import { displayName, type SessionUser } from './session-user';
import { consumeToken, issueToken, peekToken, type TokenProblem } from './tokens';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'> & { mailer: Mailer };

interface Invitation {
  email: string;
  name?: string;
  /** The team to join, or null for a secretariat account (secretariat only). */
  team: { id: string; shortName: string } | null;
  role: 'member' | 'editor';
  locale?: 'ja' | 'en';
  /** The fingerprint of a key the secretariat expects the team to register (an import had it): the mail asks. */
  expectedKey?: string | null;
}

export async function invite(
  ctx: Ctx,
  inviter: SessionUser,
  actor: Actor,
  inv: Invitation,
): Promise<{ userId: string }> {
  if (inv.team) authorize(inviter, 'manage-team-users', inv.team);
  else authorize(inviter, 'administer');
  const now = ctx.clock.now();
  const attempt = await takeAttempt(ctx.db, [[RULES.invitation, [`user:${inviter.id}`]]], now);
  if (attempt.limited) throw tooManyRequests(attempt.retryAfterSeconds);

  const { userId, mailId } = await ctx.db
    .transaction((tx) => issueInvitation(tx, ctx, { id: inviter.id, label: displayName(inviter) }, actor, inv, now))
    .catch(async (err: unknown) => {
      // An invitation refused (a bad address, an existing member) was not sent: it does not count.
      await attempt.release();
      throw err;
    });
  await ctx.mailer.deliver([mailId]);
  return { userId };
}

/**
 * The invitation itself, inside the caller's transaction: the account (created without a password when new), the
 * membership, the single-use link, the audit entry and the mail. Callers authorise first; admission calls it when
 * an approved application becomes a team.
 */
export async function issueInvitation(
  tx: Tx,
  ctx: Pick<AppContext, 'config'> & { mailer: Mailer },
  inviter: { id: string | null; label: string },
  actor: Actor,
  inv: Invitation,
  now: Date,
): Promise<{ userId: string; mailId: string }> {
  const email = normalizeEmail(inv.email);
  let user = await findUserByEmail(tx, email);
  if (!user) {
    [user] = await tx
      .insert(users)
      .values({ email, name: inv.name ?? '', locale: inv.locale ?? 'ja', isSecretariat: !inv.team, createdAt: now })
      .returning();
  } else if (!inv.team && !user.isSecretariat) {
    await tx.update(users).set({ isSecretariat: true }).where(eq(users.id, user.id));
  }
  if (inv.team) await upsertMembership(tx, { userId: user.id, teamId: inv.team.id, role: inv.role, now });
  const { raw, expiresAt } = await issueToken(tx, {
    purpose: 'invitation',
    email,
    userId: user.id,
    data: { teamId: inv.team?.id ?? null, role: inv.role },
    createdBy: inviter.id,
    now,
  });
  await record(tx, actor, now, {
    action: 'user.invited',
    team: inv.team,
    target: email,
    details: { role: inv.team ? inv.role : 'secretariat' },
  });
  const mailId = await ctx.mailer.invitation(tx, {
    to: email,
    teamName: inv.team?.shortName ?? null,
    inviter: inviter.label,
    link: `${ctx.config.publicUrl}/invitations/${raw}`,
    expiresAt,
    expectedKey: inv.expectedKey ?? null,
  });
  return { userId: user.id, mailId };
}

export async function checkInvitation(ctx: Pick<AppContext, 'db' | 'clock'>, raw: string) {
  const seen = await peekToken(ctx.db, 'invitation', raw, ctx.clock.now());
  if (!seen.ok) return seen;
  const user = seen.token.userId ? await findUserById(ctx.db, seen.token.userId) : undefined;
  if (!user) return { ok: false as const, problem: 'unknown' as const };
  return { ok: true as const, email: user.email, name: user.name, hasPassword: user.passwordHash !== null };
}

/** Accepts an invitation: sets the name and password (when the account has none yet). */
export async function acceptInvitation(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  raw: string,
  input: { name: string; password: string | null },
  actor: Actor,
): Promise<{ ok: true; userId: string } | { ok: false; problem: TokenProblem }> {
  const now = ctx.clock.now();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return ctx.db.transaction(async (tx) => {
    const used = await consumeToken(tx, 'invitation', raw, now);
    if (!used.ok) return used;
    const user = used.token.userId ? await findUserById(tx, used.token.userId) : undefined;
    if (!user) return { ok: false as const, problem: 'unknown' as const };
    const changes: Partial<typeof users.$inferInsert> = {};
    if (input.name) changes.name = input.name;
    if (passwordHash && !user.passwordHash) changes.passwordHash = passwordHash;
    if (Object.keys(changes).length) await tx.update(users).set(changes).where(eq(users.id, user.id));
    await record(tx, { ...actor, userId: user.id, label: user.email }, now, { action: 'invitation.accepted' });
    return { ok: true as const, userId: user.id };
  });
}
