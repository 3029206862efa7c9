/** /teams/:slug/users — a team's editors invite and remove the team's users. */
import type { Request, Response } from 'express';
import type { AppContext } from '../context';
import { type AccessTeam, accessTeamOf, type GuardedRouter } from '../http/access';
import { renderPage } from '../http/render';
import { fieldMessages, parseBody } from '../http/validate';
import { ACCOUNT_MESSAGES, inviteForm } from './forms';
import { invite } from './invitation-service';
import { normalizeEmail } from './login-service';
import { actorOf, signedInUser } from './request-user';
import type { SessionUser } from './session-user';
import { listTeamUsers, removeTeamUser } from './team-users-service';

function context(req: Request, res: Response): { user: SessionUser; team: AccessTeam } {
  return { user: signedInUser(req), team: accessTeamOf(res) };
}

export function registerTeamUserRoutes(ctx: AppContext, r: GuardedRouter): void {
  const show = async (req: Request, res: Response, locals: Record<string, unknown> = {}, status = 200) => {
    const { user, team } = context(req, res);
    await renderPage(
      res,
      'accounts/team-users',
      {
        title: res.locals.t('teamUsers.title', { team: team.shortName }),
        team,
        members: await listTeamUsers(ctx, user, team),
        errors: [],
        invite: { email: '', name: '', role: 'member' },
        notice: null,
        ...locals,
      },
      status,
    );
  };

  r.get('/teams/:slug/users', 'team-editor', async (req, res) => show(req, res));

  r.post('/teams/:slug/users', 'team-editor', async (req, res) => {
    const { user, team } = context(req, res);
    const raw = req.body as Record<string, unknown>;
    const echo = {
      email: String(raw.email ?? '').slice(0, 254),
      name: String(raw.name ?? '').slice(0, 100),
      role: raw.role === 'editor' ? 'editor' : 'member',
    };
    let form: ReturnType<typeof inviteForm.parse>;
    try {
      form = parseBody(inviteForm, raw, ACCOUNT_MESSAGES);
    } catch (err) {
      const errors = fieldMessages(err, res.locals.t);
      return show(req, res, { errors, invite: echo }, 422);
    }
    await invite(ctx, user, actorOf(req), { email: form.email, name: form.name, team, role: form.role });
    await show(req, res, { notice: res.locals.t('teamUsers.invited', { email: normalizeEmail(form.email) }) });
  });

  r.post('/teams/:slug/users/:userId/remove', 'team-editor', async (req, res) => {
    const { user, team } = context(req, res);
    await removeTeamUser(ctx, user, actorOf(req), team, String(req.params.userId));
    res.redirect(`/teams/${team.slug}/users`);
  });
}
