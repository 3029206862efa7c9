/**
 * Two-factor authentication with TOTP: enrolment (secret + QR code, confirmed by a first code), verification at
 * login (a TOTP code, or one of ten single-use recovery codes), and turning it off.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import type { DbOrTx } from '../db/client';
import { conflict } from '../http/errors';
import { verifyPassword } from './password';
import { qrDataUrl } from './qr';
import { findUserById } from './queries';
import { RULES, takeAttempt } from './rate-limit';
import { recoveryCodes, users } from './schema';
import type { SessionUser } from './session-user';
import {
  generateRecoveryCodes,
  generateTotpSecret,
  hashRecoveryCode,
  normalizeRecoveryCode,
  otpauthUri,
  verifyTotp,
} from './totp';

const ISSUER = 'CSIRT Registry';

interface Enrolment {
  secret: string;
  uri: string;
  qr: string;
}

/** Starts (or restarts) enrolment: a new secret, not yet in force until a code confirms it. */
export async function beginEnrolment(ctx: Pick<AppContext, 'db'>, user: SessionUser): Promise<Enrolment> {
  if (user.totpEnabled) throw conflict('totp_enabled', 'twofa.alreadyEnabled');
  const secret = generateTotpSecret();
  await ctx.db.update(users).set({ totpSecret: secret }).where(eq(users.id, user.id));
  return describeEnrolment(user, secret);
}

/** The pending enrolment of a user, to show the QR code again after a wrong code. */
export async function pendingEnrolment(ctx: Pick<AppContext, 'db'>, user: SessionUser): Promise<Enrolment | null> {
  const row = await findUserById(ctx.db, user.id);
  if (!row?.totpSecret || row.totpEnabledAt) return null;
  return describeEnrolment(user, row.totpSecret);
}

async function describeEnrolment(user: SessionUser, secret: string): Promise<Enrolment> {
  const uri = otpauthUri({ secret, accountName: user.email, issuer: ISSUER });
  return { secret, uri, qr: await qrDataUrl(uri) };
}

async function replaceRecoveryCodes(tx: DbOrTx, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes(10);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })));
  return codes;
}

/** Confirms enrolment with a first code; returns the recovery codes, shown once. */
export async function confirmEnrolment(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  user: SessionUser,
  actor: Actor,
  code: string,
): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false }> {
  const now = ctx.clock.now();
  const row = await findUserById(ctx.db, user.id);
  if (!row?.totpSecret || row.totpEnabledAt) return { ok: false };
  const result = verifyTotp(row.totpSecret, code, now, { lastUsedStep: row.totpLastStep });
  if (!result.ok) return { ok: false };
  return ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ totpEnabledAt: now, totpLastStep: result.step }).where(eq(users.id, user.id));
    const codes = await replaceRecoveryCodes(tx, user.id);
    await record(tx, actor, now, { action: 'two_factor.enabled' });
    return { ok: true as const, recoveryCodes: codes };
  });
}

export async function regenerateRecoveryCodes(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  user: SessionUser,
  actor: Actor,
): Promise<string[]> {
  if (!user.totpEnabled) throw conflict('totp_disabled', 'twofa.notEnabled');
  return ctx.db.transaction(async (tx) => {
    const codes = await replaceRecoveryCodes(tx, user.id);
    await record(tx, actor, ctx.clock.now(), { action: 'two_factor.recovery_codes_replaced' });
    return codes;
  });
}

/** Turning 2FA off needs the password; refused for the secretariat where 2FA is required. */
export async function disableTwoFactor(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config'>,
  user: SessionUser,
  actor: Actor,
  password: string,
): Promise<'disabled' | 'wrong-password' | 'required'> {
  if (user.isSecretariat && ctx.config.secretariatTwoFactorRequired) return 'required';
  const row = await findUserById(ctx.db, user.id);
  if (!row || !(await verifyPassword(password, row.passwordHash))) return 'wrong-password';
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(users.id, user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await record(tx, actor, ctx.clock.now(), { action: 'two_factor.disabled' });
  });
  return 'disabled';
}

type SecondFactorResult =
  | { kind: 'ok'; method: 'totp' | 'recovery_code' }
  | { kind: 'invalid' }
  | { kind: 'limited'; retryAfterSeconds: number };

/** The second step of a login: a current TOTP code or an unused recovery code. */
export async function verifySecondFactor(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  userId: string,
  actor: Actor,
  code: string,
): Promise<SecondFactorResult> {
  const now = ctx.clock.now();
  const keys = [`user:${userId}`, `ip:${actor.ip ?? 'unknown'}`];
  // Counted before the code is checked, taken back when it was right (takeAttempt explains why).
  const attempt = await takeAttempt(ctx.db, [[RULES.secondFactorFailure, keys]], now);
  if (attempt.limited) return { kind: 'limited', retryAfterSeconds: attempt.retryAfterSeconds };
  const user = await findUserById(ctx.db, userId);
  if (!user?.totpSecret || !user.totpEnabledAt || user.disabledAt) return { kind: 'invalid' };

  const totp = verifyTotp(user.totpSecret, code, now, { lastUsedStep: user.totpLastStep });
  if (totp.ok) {
    await ctx.db.update(users).set({ totpLastStep: totp.step }).where(eq(users.id, userId));
    await attempt.release();
    return { kind: 'ok', method: 'totp' };
  }
  const normalized = normalizeRecoveryCode(code);
  if (/^[A-Z0-9]{12}$/.test(normalized)) {
    const used = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(recoveryCodes)
        .set({ usedAt: now })
        .where(
          and(
            eq(recoveryCodes.userId, userId),
            eq(recoveryCodes.codeHash, hashRecoveryCode(normalized)),
            isNull(recoveryCodes.usedAt),
          ),
        )
        .returning({ id: recoveryCodes.id });
      if (row)
        await record(tx, { ...actor, userId, label: user.email }, now, { action: 'two_factor.recovery_code_used' });
      return !!row;
    });
    if (used) {
      await attempt.release();
      return { kind: 'ok', method: 'recovery_code' };
    }
  }
  await record(ctx.db, { ...actor, userId, label: user.email }, now, { action: 'login.second_factor_failed' });
  return { kind: 'invalid' };
}

export async function remainingRecoveryCodes(ctx: Pick<AppContext, 'db'>, userId: string): Promise<number> {
  const rows = await ctx.db
    .select({ id: recoveryCodes.id })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return rows.length;
}
