/**
 * Taking a team's key out of service: retiring it (by an editor's choice; a pending upload is discarded instead),
 * or revoking it with a revocation the editor brings. Retired and revoked keys stay listed, and the keyserver still
 * finds them by fingerprint and key id: a revoked key is served with its revocation, so `gpg --refresh-keys` learns
 * that it is gone.
 */
import { eq } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import { applyRevocation, type RevocationError } from '../pgp';
import { type KeyTeam, keyOfTeam, listTeamKeys } from './management';
import { byRole, isUsable, lockTeamKeys, retireFromService } from './rotation';
import { type TeamKeyRow, teamKeys } from './schema';

type Ctx = Pick<AppContext, 'db' | 'clock'>;

/** What the editor is told after taking a key out of service (the keys page's `?done=` notice). */
type RetirementOutcome =
  /** Retired; the next key is the current key now. */
  | 'promoted'
  /** Retired; the team still has its current key (a next key was retired). */
  | 'retired'
  /** Retired; the team has no key now. */
  | 'no_key'
  /** A pending upload was thrown away. */
  | 'discarded'
  | 'already';

/** Whether retiring this key leaves the team without a usable key: the editor must say so explicitly. */
export function leavesTeamWithoutKey(key: TeamKeyRow, keys: TeamKeyRow[], now: Date): boolean {
  return key.role === 'current' && !isUsable(byRole(keys).next, now);
}

export async function retireKey(
  ctx: Ctx,
  user: SessionUser,
  actor: Actor,
  team: KeyTeam,
  keyRowId: string,
  opts: { confirmNoKey?: boolean } = {},
): Promise<RetirementOutcome | 'needs_confirmation'> {
  authorize(user, 'edit-team', team);
  const key = await keyOfTeam(ctx, team.id, keyRowId);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const keys = await lockTeamKeys(tx, team.id);
    const row = keys.find((k) => k.id === key.id);
    if (!row || row.role === 'retired') return 'already' as const;
    if (row.role === 'pending') {
      await tx.delete(teamKeys).where(eq(teamKeys.id, row.id));
      await record(tx, actor, now, { action: 'key.discarded', team, target: row.fingerprint });
      return 'discarded' as const;
    }
    const noKeyLeft = leavesTeamWithoutKey(row, keys, now);
    if (noKeyLeft && !opts.confirmNoKey) return 'needs_confirmation' as const;
    const promoted = await retireFromService(tx, row, now);
    await record(tx, actor, now, { action: 'key.retired', team, target: row.fingerprint, details: { promoted } });
    if (promoted) return noKeyLeft ? ('no_key' as const) : ('promoted' as const);
    return row.role === 'current' ? ('no_key' as const) : ('retired' as const);
  });
}

type RevokeResult =
  | { kind: 'revoked'; fingerprint: string; outcome: 'promoted' | 'retired' | 'no_key' }
  | { kind: 'already'; fingerprint: string }
  | { kind: 'refused'; code: RevocationError };

/** Verifies a revocation for one of the team's keys, stores the key with it (revoked, retired) and audits it. */
export async function revokeKey(
  ctx: Ctx,
  user: SessionUser,
  actor: Actor,
  team: KeyTeam,
  input: string | Uint8Array,
): Promise<RevokeResult> {
  // A pending key is served nowhere: discarding it is enough, and it cannot be revoked here.
  const candidates = (await listTeamKeys(ctx, user, team)).filter((k) => k.role !== 'pending');
  const now = ctx.clock.now();
  const result = await applyRevocation(input, candidates, now);
  if (!result.ok) return { kind: 'refused', code: result.code };
  return ctx.db.transaction(async (tx): Promise<RevokeResult> => {
    const keys = await lockTeamKeys(tx, team.id);
    const row = keys.find((k) => k.fingerprint === result.fingerprint && k.role !== 'pending');
    if (!row) return { kind: 'refused', code: 'wrong_key' };
    if (row.status === 'revoked') return { kind: 'already', fingerprint: row.fingerprint };
    const noKeyLeft = leavesTeamWithoutKey(row, keys, now);
    const promoted = await retireFromService(tx, row, now, { armored: result.armored, status: 'revoked' });
    await record(tx, actor, now, {
      action: 'key.revoked',
      team,
      target: row.fingerprint,
      details: { role: row.role, promoted, revokedAt: result.revokedAt.toISOString() },
    });
    const outcome = row.role !== 'current' ? 'retired' : noKeyLeft ? 'no_key' : 'promoted';
    return { kind: 'revoked', fingerprint: row.fingerprint, outcome };
  });
}
