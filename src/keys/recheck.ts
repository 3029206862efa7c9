/**
 * The daily recheck of stored keys: expiry (and revocation, for keys updated with one) is re-evaluated at `now` and
 * the status stored, so expired keys are flagged on pages and in the API. A current key that can no longer be used
 * gives way to the team's next key, if it has one (retired "on expiry"). Idempotent: safe on several instances.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { record, SYSTEM_ACTOR } from '../audit/service';
import type { AppContext } from '../context';
import { teams } from '../entry/schema';
import { keyStatusAt } from '../pgp';
import { teamKeys } from './schema';

interface RecheckSummary {
  checked: number;
  changed: number;
  promoted: number;
}

export async function recheckKeys(ctx: Pick<AppContext, 'db'>, now: Date): Promise<RecheckSummary> {
  const keys = await ctx.db
    .select()
    .from(teamKeys)
    .where(inArray(teamKeys.role, ['current', 'next']));
  let changed = 0;
  const unusable = new Set<string>();
  for (const key of keys) {
    const status = await keyStatusAt(key.armored, now);
    if (status !== 'valid') unusable.add(key.id);
    if (status !== key.status) {
      changed += 1;
      await ctx.db.update(teamKeys).set({ status, checkedAt: now }).where(eq(teamKeys.id, key.id));
    } else {
      await ctx.db.update(teamKeys).set({ checkedAt: now }).where(eq(teamKeys.id, key.id));
    }
  }
  let promoted = 0;
  for (const current of keys.filter((k) => k.role === 'current' && unusable.has(k.id))) {
    const next = keys.find((k) => k.teamId === current.teamId && k.role === 'next' && !unusable.has(k.id));
    if (!next) continue;
    await ctx.db.transaction(async (tx) => {
      await tx.update(teamKeys).set({ role: 'retired', retiredAt: now }).where(eq(teamKeys.id, current.id));
      await tx
        .update(teamKeys)
        .set({ role: 'current' })
        .where(and(eq(teamKeys.id, next.id), eq(teamKeys.role, 'next')));
      const [team] = await tx
        .select({ id: teams.id, shortName: teams.shortName })
        .from(teams)
        .where(eq(teams.id, current.teamId));
      await record(tx, SYSTEM_ACTOR, now, {
        action: 'key.rotated_on_expiry',
        team: team ?? null,
        target: current.fingerprint,
        details: { promoted: next.fingerprint },
      });
    });
    promoted += 1;
  }
  return { checked: keys.length, changed, promoted };
}
