/**
 * A team's keys as its editors manage them: register a key (checked, fingerprint confirmed by the uploader, proof
 * of possession mailed encrypted to it), verify possession, and rotate (a new key while the current one is valid
 * becomes "next"; retiring the current key promotes it). Retired keys stay listed, so old messages can be verified.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import { RULES, takeAttempt } from '../accounts/rate-limit';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import { findTeamBySlug } from '../directory/queries';
import { notFound, tooManyRequests } from '../http/errors';
import { checkKey, encryptTo, type KeyCheck, normalizeFingerprint } from './pgp';
import { consumePossessionCode, issuePossessionCode } from './possession';
import { keyStateAt } from './presenter';
import { type TeamKeyRow, teamKeys } from './schema';
import { keyRowFrom, setMailEncryption } from './service';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer'>;

export interface KeyTeam {
  id: string;
  slug: string;
  shortName: string;
}

export async function listTeamKeys(
  ctx: Pick<AppContext, 'db'>,
  user: SessionUser,
  team: KeyTeam,
): Promise<TeamKeyRow[]> {
  authorize(user, 'edit-team', team);
  return ctx.db.select().from(teamKeys).where(eq(teamKeys.teamId, team.id)).orderBy(asc(teamKeys.addedAt));
}

export type AddKeyResult =
  | { kind: 'added'; role: 'current' | 'next'; check: KeyCheck; email: string }
  | { kind: 'rejected'; check: KeyCheck }
  | { kind: 'mismatch'; check: KeyCheck }
  | { kind: 'duplicate'; check: KeyCheck }
  | { kind: 'next_exists'; check: KeyCheck };

export async function addKey(
  ctx: Ctx,
  user: SessionUser,
  actor: Actor,
  teamRef: KeyTeam,
  input: { key: string | Uint8Array; confirmFingerprint: string },
): Promise<AddKeyResult> {
  authorize(user, 'edit-team', teamRef);
  const team = await findTeamBySlug(ctx.db, teamRef.slug);
  if (!team) throw notFound('error.teamNotFound', { slug: teamRef.slug });
  const now = ctx.clock.now();
  const check = await checkKey(input.key, { now, email: team.email });
  if (!check.ok || !check.key) return { kind: 'rejected', check };
  if (normalizeFingerprint(input.confirmFingerprint) !== check.fingerprint) return { kind: 'mismatch', check };

  const existing = await ctx.db.select().from(teamKeys).where(eq(teamKeys.teamId, team.id));
  if (existing.some((k) => k.fingerprint === check.fingerprint)) return { kind: 'duplicate', check };
  const current = existing.find((k) => k.role === 'current');
  const next = existing.find((k) => k.role === 'next');
  const currentUsable = current && ['valid', 'expiring'].includes(keyStateAt(current, now));
  if (currentUsable && next) return { kind: 'next_exists', check };
  const role = currentUsable ? 'next' : 'current';

  const record_ = check.key;
  const mailIds = await ctx.db.transaction(async (tx) => {
    // An unusable current key (expired, revoked) gives way at once: it is retired, kept for history.
    if (current && !currentUsable) {
      await tx.update(teamKeys).set({ role: 'retired', retiredAt: now }).where(eq(teamKeys.id, current.id));
    }
    const [row] = await tx
      .insert(teamKeys)
      .values({ ...keyRowFrom(record_, team.id, { role, now }), warnings: check.warnings.map((w) => w.code) })
      .returning({ id: teamKeys.id });
    const { code, expiresAt } = await issuePossessionCode(tx, {
      keyRowId: row.id,
      email: team.email,
      now,
      createdBy: user.id,
    });
    const text = `${code}\n\n${team.shortName} / ${record_.fingerprint}\n${expiresAt.toISOString()}\n`;
    const encryptedCode = await encryptTo(record_.armored, text);
    await record(tx, actor, now, {
      action: 'key.added',
      team: { id: team.id, shortName: team.shortName },
      target: record_.fingerprint,
      details: { role, warnings: check.warnings.map((w) => w.code) },
    });
    return [
      await ctx.mailer.keyPossession(tx, {
        to: team.email,
        teamName: team.shortName,
        slug: team.slug,
        fingerprint: record_.fingerprint,
        encryptedCode,
      }),
    ];
  });
  await ctx.mailer.deliver(mailIds);
  return { kind: 'added', role, check, email: team.email };
}

async function keyOfTeam(ctx: Pick<AppContext, 'db'>, teamId: string, keyRowId: string): Promise<TeamKeyRow> {
  if (!/^[0-9a-f-]{36}$/i.test(keyRowId)) throw notFound();
  const [key] = await ctx.db
    .select()
    .from(teamKeys)
    .where(and(eq(teamKeys.id, keyRowId), eq(teamKeys.teamId, teamId)));
  if (!key) throw notFound();
  return key;
}

export async function verifyPossession(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  user: SessionUser,
  actor: Actor,
  team: KeyTeam,
  keyRowId: string,
  code: string,
): Promise<boolean> {
  authorize(user, 'edit-team', team);
  const key = await keyOfTeam(ctx, team.id, keyRowId);
  const now = ctx.clock.now();
  const limitKeys = [`key:${key.id}`];
  // Counted before the code is checked, taken back when it was right (takeAttempt explains why).
  const attempt = await takeAttempt(ctx.db, [[RULES.possessionCode, limitKeys]], now);
  if (attempt.limited) throw tooManyRequests(attempt.retryAfterSeconds);
  const verified = await ctx.db.transaction(async (tx) => {
    if (!(await consumePossessionCode(tx, key.id, code, now))) return false;
    await tx.update(teamKeys).set({ verifiedAt: now }).where(eq(teamKeys.id, key.id));
    await record(tx, actor, now, { action: 'key.possession_verified', team, target: key.fingerprint });
    return true;
  });
  if (verified) await attempt.release();
  return verified;
}

/** Retires a key; retiring the current key promotes the next one (the end of a rotation). */
export async function retireKey(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  user: SessionUser,
  actor: Actor,
  team: KeyTeam,
  keyRowId: string,
): Promise<void> {
  authorize(user, 'edit-team', team);
  const key = await keyOfTeam(ctx, team.id, keyRowId);
  if (key.role === 'retired') return;
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(teamKeys).set({ role: 'retired', retiredAt: now }).where(eq(teamKeys.id, key.id));
    let promoted: string | null = null;
    if (key.role === 'current') {
      const [next] = await tx
        .update(teamKeys)
        .set({ role: 'current' })
        .where(and(eq(teamKeys.teamId, team.id), inArray(teamKeys.role, ['next'])))
        .returning({ fingerprint: teamKeys.fingerprint });
      promoted = next?.fingerprint ?? null;
    }
    await record(tx, actor, now, { action: 'key.retired', team, target: key.fingerprint, details: { promoted } });
  });
}

/** The team's choice to receive the association's mail encrypted to its verified key. */
export async function setTeamMailEncryption(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  user: SessionUser,
  actor: Actor,
  team: KeyTeam,
  on: boolean,
): Promise<void> {
  authorize(user, 'edit-team', team);
  await ctx.db.transaction(async (tx) => {
    await setMailEncryption(tx, team.id, on);
    await record(tx, actor, ctx.clock.now(), {
      action: on ? 'team.mail_encryption_on' : 'team.mail_encryption_off',
      team,
    });
  });
}
