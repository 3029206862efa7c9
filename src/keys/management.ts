/**
 * A team's keys as its editors manage them: register a key (checked, fingerprint confirmed by the uploader, proof
 * of possession mailed encrypted to it; pending and served nowhere until the code is entered), verify possession
 * (the key then takes its place in the rotation, see rotation.ts). Retiring and revoking: management-retirement.ts.
 */
import { and, eq } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import { RULES, takeAttempt } from '../accounts/rate-limit';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { findTeamBySlug } from '../entry/queries';
import { notFound, tooManyRequests } from '../http/errors';
import { checkKey, encryptTo, type KeyCheck, type KeyRecord, normalizeFingerprint } from '../pgp';
import { consumePossessionCode, issuePossessionCode } from './possession';
import { keysOfTeam } from './queries';
import { byRole, isUsable, lockTeamKeys, retireFromService } from './rotation';
import { expectedKeys, type TeamKeyRow, teamKeys } from './schema';
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
  return keysOfTeam(ctx.db, team.id);
}

/**
 * The key an import recorded for the team by fingerprint only, while the team has registered no key with it: the
 * keys page asks the editors for it.
 */
export async function expectedKeyOf(ctx: Pick<AppContext, 'db'>, user: SessionUser, team: KeyTeam) {
  authorize(user, 'edit-team', team);
  const [expected] = await ctx.db.select().from(expectedKeys).where(eq(expectedKeys.teamId, team.id));
  if (!expected) return null;
  const registered = await keysOfTeam(ctx.db, team.id);
  return registered.some((k) => k.fingerprint === expected.fingerprint) ? null : expected;
}

type AddKeyResult =
  /** Stored as pending (served nowhere) until possession is verified; `replaced`: the pending upload it replaced. */
  | { kind: 'added'; check: KeyCheck; email: string; replaced: string | null }
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
  const keyRecord = check.key;
  const warnings = check.warnings.map((w) => w.code);

  const outcome = await ctx.db.transaction(async (tx) => {
    const existing = await lockTeamKeys(tx, team.id);
    const { current, next, pending } = byRole(existing);
    // The same key again while it is pending: a fresh code (the first mail may be lost).
    if (existing.some((k) => k.fingerprint === check.fingerprint && k.role !== 'pending')) return 'duplicate' as const;
    if (isUsable(current, now) && next) return 'next_exists' as const;
    const mailId = await registerPendingKey(tx, ctx, {
      team,
      key: keyRecord,
      warnings,
      replacing: pending ?? null,
      actor,
      createdBy: user.id,
      now,
    });
    return { mailId, replaced: pending?.fingerprint ?? null };
  });
  if (typeof outcome === 'string') return { kind: outcome, check };
  await ctx.mailer.deliver([outcome.mailId]);
  return { kind: 'added', check, email: team.email, replaced: outcome.replaced };
}

/**
 * Registers a checked key as the team's pending key (replacing a pending one) and queues the possession code,
 * encrypted to it, to the team address: the one way a key enters, from an editor's upload or an import.
 */
export async function registerPendingKey(
  tx: Tx,
  ctx: Pick<AppContext, 'mailer'>,
  p: {
    team: { id: string; slug: string; shortName: string; email: string };
    key: KeyRecord;
    warnings: string[];
    replacing: TeamKeyRow | null;
    actor: Actor;
    createdBy: string | null;
    now: Date;
  },
): Promise<string> {
  const { team, key, now } = p;
  if (p.replacing) await tx.delete(teamKeys).where(eq(teamKeys.id, p.replacing.id));
  const [row] = await tx
    .insert(teamKeys)
    .values({ ...keyRowFrom(key, team.id, { role: 'pending', now }), warnings: p.warnings })
    .returning({ id: teamKeys.id });
  const { code, expiresAt } = await issuePossessionCode(tx, {
    keyRowId: row.id,
    email: team.email,
    now,
    createdBy: p.createdBy,
  });
  const text = `${code}\n\n${team.shortName} / ${key.fingerprint}\n${expiresAt.toISOString()}\n`;
  await record(tx, p.actor, now, {
    // Not "key.added": members' change feed announces a key once it is served (key.possession_verified).
    action: 'key.uploaded',
    team: { id: team.id, shortName: team.shortName },
    target: key.fingerprint,
    details: { role: 'pending', warnings: p.warnings, replaced: p.replacing?.fingerprint ?? null },
  });
  return ctx.mailer.keyPossession(tx, {
    to: team.email,
    teamName: team.shortName,
    slug: team.slug,
    fingerprint: key.fingerprint,
    encryptedCode: await encryptTo(key.armored, text),
  });
}

export async function keyOfTeam(ctx: Pick<AppContext, 'db'>, teamId: string, keyRowId: string): Promise<TeamKeyRow> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(keyRowId)) throw notFound();
  const [key] = await ctx.db
    .select()
    .from(teamKeys)
    .where(and(eq(teamKeys.id, keyRowId), eq(teamKeys.teamId, teamId)));
  if (!key) throw notFound();
  return key;
}

type VerifyResult =
  /** `role`: where a pending key went (next or current); a served key keeps its role. */
  | { kind: 'verified'; role: 'current' | 'next' | 'retired' }
  | { kind: 'wrong_code' }
  /** A pending key cannot take a place: both places of a rotation are taken. */
  | { kind: 'next_exists' }
  /** The pending key expired or was revoked since it was uploaded. */
  | { kind: 'unusable' };

/** Where a pending key goes once its possession is proven, or why it cannot go anywhere. */
function placeFor(keys: TeamKeyRow[], key: TeamKeyRow, now: Date): 'current' | 'next' | 'next_exists' | 'unusable' {
  if (!isUsable(key, now)) return 'unusable';
  const { current, next } = byRole(keys);
  if (!isUsable(current, now)) return 'current';
  return next ? 'next_exists' : 'next';
}

export async function verifyPossession(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  user: SessionUser,
  actor: Actor,
  team: KeyTeam,
  keyRowId: string,
  code: string,
): Promise<VerifyResult> {
  authorize(user, 'edit-team', team);
  const key = await keyOfTeam(ctx, team.id, keyRowId);
  const now = ctx.clock.now();
  const limitKeys = [`key:${key.id}`];
  // Counted before the code is checked, taken back unless the code was wrong (takeAttempt explains why).
  const attempt = await takeAttempt(ctx.db, [[RULES.possessionCode, limitKeys]], now);
  if (attempt.limited) throw tooManyRequests(attempt.retryAfterSeconds);
  const result = await ctx.db.transaction(async (tx): Promise<VerifyResult> => {
    const keys = await lockTeamKeys(tx, team.id);
    const place = key.role === 'pending' ? placeFor(keys, key, now) : key.role;
    if (place === 'next_exists' || place === 'unusable') return { kind: place };
    if (!(await consumePossessionCode(tx, key.id, code, now))) return { kind: 'wrong_code' };
    if (key.role === 'pending') {
      // An unusable current key gives way now, kept for history (and still findable by fingerprint).
      const { current } = byRole(keys);
      if (place === 'current' && current) await retireFromService(tx, current, now);
    }
    await tx.update(teamKeys).set({ verifiedAt: now, role: place }).where(eq(teamKeys.id, key.id));
    await record(tx, actor, now, {
      action: 'key.possession_verified',
      team,
      target: key.fingerprint,
      details: { role: place },
    });
    return { kind: 'verified', role: place };
  });
  // Only a wrong code counts against the limit.
  if (result.kind !== 'wrong_code') await attempt.release();
  return result;
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
