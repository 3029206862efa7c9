/**
 * The confirmation pages: /confirm/:token (from a reminder; no login) and the editors' "all details are current"
 * button on the team page (POST /teams/:slug/confirm).
 */
import type { Response } from 'express';
import { actorOf, signedInUser } from '../accounts/request-user';
import type { AppContext } from '../context';
import { entryOf } from '../entry/entry';
import type { TeamRow } from '../entry/schema';
import { accessTeamOf, type GuardedRouter } from '../http/access';
import { renderPage } from '../http/render';
import { confirmAsEditor, confirmByLink, type LinkProblem, viewConfirmationLink } from './confirmation';

const PROBLEM_MESSAGES = {
  unknown: 'confirm.linkUnknown',
  used: 'confirm.linkUsed',
  expired: 'confirm.linkExpired',
  inactive: 'confirm.teamInactive',
} as const;
const PROBLEM_STATUS = { unknown: 404, used: 410, expired: 410, inactive: 410 } as const;

export function registerConfirmationRoutes(ctx: AppContext, r: GuardedRouter): void {
  const show = (res: Response, locals: { team?: TeamRow; state: string; message?: string }, status = 200) =>
    renderPage(
      res,
      'reminders/confirm',
      {
        title: locals.team
          ? res.locals.t('confirm.title', { team: locals.team.shortName })
          : res.locals.t('confirm.linkUnknown'),
        team: locals.team ?? null,
        entry: locals.team && locals.state !== 'problem' ? entryOf(locals.team) : null,
        state: locals.state,
        message: locals.message ?? null,
        token: String(res.req.params.token ?? ''),
      },
      status,
    );

  /**
   * A link that cannot confirm says why and where to go instead: the team page, and the login that leads to its
   * editor (where "all details are current" confirms too). A used link also says when the entry was confirmed.
   */
  const showProblem = (res: Response, view: LinkProblem) => {
    const t = res.locals.t;
    const problem = t(PROBLEM_MESSAGES[view.problem]);
    const message =
      view.team && view.problem === 'used'
        ? t('confirm.twoSentences', { first: problem, second: alreadyConfirmed(res, view.team) })
        : problem;
    return show(res, { team: view.team, state: 'problem', message }, PROBLEM_STATUS[view.problem]);
  };

  /** "Confirmed on … ; next due …": for a link whose cycle someone has confirmed already. */
  const alreadyConfirmed = (res: Response, team: TeamRow) =>
    res.locals.t('confirm.already', {
      date: res.locals.fmtDate(team.confirmedAt),
      due: res.locals.fmtDate(team.confirmationDueAt),
    });

  r.get('/confirm/:token', 'public', async (req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    const view = await viewConfirmationLink(ctx, String(req.params.token));
    if (view.kind === 'problem') return showProblem(res, view);
    const message = view.kind === 'already' ? alreadyConfirmed(res, view.team) : undefined;
    await show(res, { team: view.team, state: view.kind, message });
  });

  r.post('/confirm/:token', 'public', async (req, res) => {
    const result = await confirmByLink(ctx, String(req.params.token), actorOf(req));
    if (result.kind === 'problem') return showProblem(res, result);
    if (result.kind === 'already') {
      return show(res, { team: result.team, state: 'already', message: alreadyConfirmed(res, result.team) });
    }
    const message = res.locals.t('confirm.done', { date: res.locals.fmtDate(result.nextDue) });
    await show(res, { team: result.team, state: 'done', message });
  });

  r.post('/teams/:slug/confirm', 'team-editor', async (req, res) => {
    const team = accessTeamOf(res);
    await confirmAsEditor(ctx, signedInUser(req), actorOf(req), team);
    // The team page then says it is done and when the next confirmation is due.
    res.redirect(303, `/teams/${team.slug}?confirmed=1`);
  });
}
