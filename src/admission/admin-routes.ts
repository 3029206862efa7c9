/** /admin/applications — the secretariat's admission queue and the detail page where it screens and decides. */
import type { Request, Response } from 'express';
import { actorOf, signedInUser } from '../accounts/request-user';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import type { HttpError } from '../http/errors';
import { LIST_PAGE_SIZE, pagedList } from '../http/paging';
import { renderPage } from '../http/render';
import { parseBody, parseQuery, refusalMessages } from '../http/validate';
import { presentCheck } from '../keys/check-presenter';
import { ADMIN_APPLICATION_MESSAGES, decisionForm, notesForm, queueQuery, renameForm } from './forms';
import {
  applicationDetail,
  applicationQueue,
  CHECKLIST_ITEMS,
  decide,
  renameApplication,
  saveScreeningNotes,
} from './screening-service';
import { APPLICATION_STATES, allowedActions } from './state';

/** What the page says after a move went through (?done=…): each of the secretariat's actions, notes, renaming. */
const DONE = new Set<string>([
  ...APPLICATION_STATES.flatMap((state) => allowedActions(state, 'secretariat')),
  'notes',
  'renamed',
]);

function doneNotice(done: unknown): string | null {
  return typeof done === 'string' && DONE.has(done) ? done : null;
}

export function registerAdmissionAdminRoutes(ctx: AppContext, r: GuardedRouter): void {
  r.get('/admin/applications', 'secretariat', async (req, res) => {
    const q = parseQuery(queueQuery, req.query, ADMIN_APPLICATION_MESSAGES);
    const { rows, total, pages } = await pagedList(req, q.page, LIST_PAGE_SIZE, (limit, offset) =>
      applicationQueue(ctx, signedInUser(req), { state: q.state, minDays: q.age, limit, offset }),
    );
    await renderPage(res, 'admission/admin-queue', {
      title: res.locals.t('admission.queue.title'),
      rows,
      total,
      now: ctx.clock.now(),
      states: APPLICATION_STATES,
      filter: { state: q.state ?? '', age: q.age ? String(q.age) : '' },
      pages,
    });
  });

  const showDetail = async (req: Request, res: Response, locals: Record<string, unknown> = {}, status = 200) => {
    const detail = await applicationDetail(ctx, signedInUser(req), String(req.params.id));
    const t = res.locals.t;
    await renderPage(
      res,
      'admission/admin-detail',
      {
        title: t('admission.detail.title', { team: detail.app.entry.shortName }),
        ...detail,
        // Buttons for what would go through now; for the rest, the reason it would not.
        actions: detail.options.filter((o) => !o.blocked).map((o) => o.action),
        blocked: detail.options.flatMap((o) =>
          o.blocked ? [{ action: o.action, reason: t(o.blocked.messageKey, o.blocked.params) }] : [],
        ),
        keyReport: detail.keyCheck ? presentCheck(detail.keyCheck, t, res.locals.fmtDate) : null,
        checklistItems: CHECKLIST_ITEMS,
        notice: doneNotice(req.query.done),
        errors: [],
        form: { message: '', reference: '', shortName: detail.app.entry.shortName },
        ...locals,
      },
      status,
    );
  };

  const backToDetail = (req: Request, res: Response, done: string) =>
    res.redirect(303, `/admin/applications/${String(req.params.id)}?done=${done}`);

  r.get('/admin/applications/:id', 'secretariat', async (req, res) => showDetail(req, res));

  r.post('/admin/applications/:id/notes', 'secretariat', async (req, res) => {
    try {
      const form = parseBody(notesForm, req.body, ADMIN_APPLICATION_MESSAGES);
      await saveScreeningNotes(ctx, signedInUser(req), actorOf(req), String(req.params.id), form);
    } catch (err) {
      return showDetail(req, res, { errors: refusalMessages(err, res.locals.t) }, (err as HttpError).status);
    }
    backToDetail(req, res, 'notes');
  });

  r.post('/admin/applications/:id/short-name', 'secretariat', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    try {
      const form = parseBody(renameForm, body, ADMIN_APPLICATION_MESSAGES);
      await renameApplication(ctx, signedInUser(req), actorOf(req), String(req.params.id), form);
    } catch (err) {
      const errors = refusalMessages(err, res.locals.t);
      const echo = { message: '', reference: '', shortName: String(body.shortName ?? '').slice(0, 40) };
      return showDetail(req, res, { errors, form: echo }, (err as HttpError).status);
    }
    backToDetail(req, res, 'renamed');
  });

  r.post('/admin/applications/:id/decision', 'secretariat', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const echo = {
      message: String(body.message ?? '').slice(0, 5000),
      reference: String(body.reference ?? '').slice(0, 300),
      shortName: '',
    };
    try {
      const form = parseBody(decisionForm, body, ADMIN_APPLICATION_MESSAGES);
      await decide(ctx, signedInUser(req), actorOf(req), String(req.params.id), form.action, form);
    } catch (err) {
      // Field errors and refused transitions re-show the page with the message; what was typed is kept.
      const errors = refusalMessages(err, res.locals.t);
      return showDetail(req, res, { errors, form: echo }, (err as HttpError).status);
    }
    backToDetail(req, res, String(body.action));
  });
}
