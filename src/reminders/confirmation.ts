/**
 * Confirming a team's entry: "still correct" through the single-use link of a reminder, or from the logged-in UI by
 * the team's editors. Either starts a new cycle: confirmed now, due again after CONFIRMATION_INTERVAL_DAYS.
 */
import { eq, sql } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import type { SessionUser } from '../accounts/session-user';
import { consumeToken, peekToken, type TokenProblem, tokenData } from '../accounts/tokens';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import type { DbOrTx } from '../db/client';
import { nextDueAt } from '../entry/freshness';
import { type TeamRow, teams } from '../entry/schema';
import { confirmationCycle } from './stages';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

async function teamById(db: DbOrTx, id: string): Promise<TeamRow | undefined> {
  const [team] = await db.select().from(teams).where(eq(teams.id, id));
  return team;
}

/** Starts the team's next cycle (inside the caller's transaction) and records who confirmed. */
export async function confirmTeam(tx: DbOrTx, ctx: Ctx, team: TeamRow, by: string, actor: Actor): Promise<Date> {
  const now = ctx.clock.now();
  const due = nextDueAt(now, ctx.config.freshness);
  await tx
    .update(teams)
    .set({ confirmedAt: now, confirmedBy: by, confirmationDueAt: due, version: sql`${teams.version} + 1` })
    .where(eq(teams.id, team.id));
  await record(tx, actor, now, {
    action: 'team.confirmed',
    team: { id: team.id, shortName: team.shortName },
    details: { by, previousDue: team.confirmationDueAt.toISOString() },
  });
  return due;
}

export type LinkProblem = { kind: 'problem'; problem: TokenProblem | 'inactive'; team?: TeamRow };

export type LinkView = { kind: 'ready'; team: TeamRow } | { kind: 'already'; team: TeamRow } | LinkProblem;

/** A used or expired link still names its team, so its page can offer the team page and the login instead. */
async function problemOf(ctx: Ctx, raw: string, problem: TokenProblem | 'inactive'): Promise<LinkProblem> {
  if (problem === 'unknown') return { kind: 'problem', problem };
  const data = (await tokenData(ctx.db, 'confirmation', raw)) as { teamId?: string } | null;
  const team = data?.teamId ? await teamById(ctx.db, data.teamId) : undefined;
  return team ? { kind: 'problem', problem, team } : { kind: 'problem', problem };
}

/**
 * What a reminder link opens. A link of a cycle that has been confirmed meanwhile (by another link or in the UI)
 * shows the confirmation instead of the button.
 */
export async function viewConfirmationLink(ctx: Ctx, raw: string): Promise<LinkView> {
  const seen = await peekToken(ctx.db, 'confirmation', raw, ctx.clock.now());
  if (!seen.ok) return problemOf(ctx, raw, seen.problem);
  const data = seen.token.data as { teamId?: string; cycle?: string };
  const team = data.teamId ? await teamById(ctx.db, data.teamId) : undefined;
  if (!team) return { kind: 'problem', problem: 'unknown' };
  if (team.status !== 'active') return { kind: 'problem', problem: 'inactive', team };
  if (confirmationCycle(team.confirmationDueAt) !== data.cycle) return { kind: 'already', team };
  return { kind: 'ready', team };
}

export type LinkConfirmation =
  | { kind: 'confirmed'; team: TeamRow; nextDue: Date }
  | { kind: 'already'; team: TeamRow }
  | LinkProblem;

export async function confirmByLink(ctx: Ctx, raw: string, actor: Actor): Promise<LinkConfirmation> {
  const result = await ctx.db.transaction(async (tx): Promise<LinkConfirmation> => {
    const used = await consumeToken(tx, 'confirmation', raw, ctx.clock.now());
    if (!used.ok) return { kind: 'problem', problem: used.problem };
    const data = used.token.data as { teamId?: string; cycle?: string };
    const [team] = data.teamId
      ? await tx.select().from(teams).where(eq(teams.id, data.teamId)).for('update')
      : [undefined];
    if (!team) return { kind: 'problem', problem: 'unknown' };
    if (team.status !== 'active') return { kind: 'problem', problem: 'inactive', team };
    if (confirmationCycle(team.confirmationDueAt) !== data.cycle) return { kind: 'already', team };
    const by = `link ${used.token.email}`;
    const nextDue = await confirmTeam(tx, ctx, team, by, { ...actor, label: by });
    return { kind: 'confirmed', team, nextDue };
  });
  // A refused link names its team for the page, read after the transaction (which changed nothing).
  return result.kind === 'problem' && !result.team ? problemOf(ctx, raw, result.problem) : result;
}

/** "All details are current", from the team page: an editor of the team (or the secretariat). */
export async function confirmAsEditor(ctx: Ctx, user: SessionUser, actor: Actor, team: { id: string }): Promise<Date> {
  authorize(user, 'edit-team', team);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(teams).where(eq(teams.id, team.id)).for('update');
    return confirmTeam(tx, ctx, row, user.email, actor);
  });
}
