/**
 * /drills/:ref — the page a drill's mail points to. `<drill id>` alone shows a field for the code; the link inside
 * the encrypted part, `<drill id>.<code>`, shows the same page with the code filled in. Only the POST answers, so
 * a mail scanner that opens links answers nothing. No sign-in is needed (the code is the proof); an editor of the
 * team who is signed in is recorded by name.
 */
import type { Request, Response } from 'express';
import { currentUser } from '../accounts/request-user';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { renderPage } from '../http/render';
import { type AnswerOutcome, answerDrill, closingOf, drillForAnswer, parseDrillRef } from './answer';
import { formatBusinessDuration } from './format';

type Found = NonNullable<Awaited<ReturnType<typeof drillForAnswer>>>;

export function registerDrillRoutes(ctx: AppContext, r: GuardedRouter): void {
  const show = (
    res: Response,
    found: Found,
    locals: { code?: string; message?: string; done?: boolean; error?: string; closed?: boolean },
    status = 200,
  ) => {
    const t = res.locals.t;
    const { drill } = found;
    return renderPage(
      res,
      'drills/answer',
      {
        title: t('drill.answer.title', { team: found.team }),
        team: found.team,
        drillId: drill.id,
        sentAt: drill.sentAt,
        answered: drill.state === 'answered' || locals.done === true,
        closed: locals.closed === true,
        answeredAt: drill.answeredAt,
        took: drill.answerBusinessMs !== null ? formatBusinessDuration(drill.answerBusinessMs, t) : null,
        late: drill.answeredLate === true,
        code: locals.code ?? '',
        message: locals.message ?? null,
        error: locals.error ?? null,
      },
      status,
    );
  };

  const notFound = (res: Response) =>
    renderPage(res, 'drills/answer', { title: res.locals.t('drill.answer.unknown'), unknown: true }, 404);

  r.get('/drills/:ref', 'public', async (req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    const { drillId, code } = parseDrillRef(String(req.params.ref));
    const found = await drillForAnswer(ctx, drillId);
    if (!found) return notFound(res);
    const closesAt = closingOf(found.drill);
    if (found.drill.state !== 'answered' && closesAt && ctx.clock.now() >= closesAt) {
      return show(
        res,
        found,
        { closed: true, error: res.locals.t('drill.answer.expired', { date: res.locals.fmtDateTime(closesAt) }) },
        410,
      );
    }
    await show(res, found, { code: code ?? '' });
  });

  r.post('/drills/:ref', 'public', async (req: Request, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    const { drillId } = parseDrillRef(String(req.params.ref));
    const code = String((req.body as Record<string, unknown>).code ?? '').slice(0, 64);
    const user = currentUser(req);
    const found = await drillForAnswer(ctx, drillId);
    if (!found) return notFound(res);
    const editor = user?.memberships.some(
      (m) => m.teamId === found.drill.teamId && m.role === 'editor' && m.status === 'active',
    );
    const outcome: AnswerOutcome = await answerDrill(ctx, {
      drillId,
      code,
      via: editor ? 'editor' : 'link',
      by: editor && user ? user.email : 'link',
      ip: req.ip ?? null,
    });
    const t = res.locals.t;
    if (outcome.kind === 'not_found') return notFound(res);
    if (outcome.kind === 'expired') {
      return show(
        res,
        found,
        { closed: true, error: t('drill.answer.expired', { date: res.locals.fmtDateTime(outcome.closesAt) }) },
        410,
      );
    }
    if (outcome.kind === 'wrong_code') return show(res, found, { code, error: t('drill.answer.wrongCode') }, 422);
    const { drill } = outcome;
    const message =
      outcome.kind === 'already'
        ? t('drill.answer.already', { at: res.locals.fmtDateTime(drill.answeredAt) })
        : t(drill.answeredLate ? 'drill.answer.doneLate' : 'drill.answer.done', {
            took: formatBusinessDuration(drill.answerBusinessMs ?? 0, t),
          });
    await show(res, { drill, team: outcome.team }, { message, done: true });
  });
}
