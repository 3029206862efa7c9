/** A team's users, as its editors (and the secretariat) manage them. */
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import { conflict, notFound } from '../http/errors';
import { authorize } from './policies';
import { membersOfTeam, removeMembership } from './queries';
import type { SessionUser } from './session-user';

interface TeamRef {
  id: string;
  shortName: string;
}

export async function listTeamUsers(ctx: Pick<AppContext, 'db'>, user: SessionUser, team: TeamRef) {
  authorize(user, 'manage-team-users', team);
  return membersOfTeam(ctx.db, team.id);
}

export async function removeTeamUser(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  user: SessionUser,
  actor: Actor,
  team: TeamRef,
  userId: string,
): Promise<void> {
  authorize(user, 'manage-team-users', team);
  const members = await membersOfTeam(ctx.db, team.id);
  const target = members.find((m) => m.userId === userId);
  if (!target) throw notFound();
  // A team must keep someone who can edit it; the secretariat can still step in.
  const editors = members.filter((m) => m.role === 'editor');
  if (target.role === 'editor' && editors.length === 1) throw conflict('last_editor', 'teamUsers.lastEditor');
  await ctx.db.transaction(async (tx) => {
    await removeMembership(tx, userId, team.id);
    await record(tx, actor, ctx.clock.now(), { action: 'user.removed_from_team', team, target: target.email });
  });
}
