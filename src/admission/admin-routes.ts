/** /admin/applications — the secretariat's admission queue and the detail page where it screens and decides. */
import type { Request, Response } from 'express';
import type { SessionUser } from '../accounts/session-user';
import type { AppContext } from '../context';
import { pageLinks } from '../directory/pagination';
import type { GuardedRouter } from '../http/access';
import { actorOf } from '../http/actor';
import type { HttpError } from '../http/errors';
import { renderPage } from '../http/render';
import { parseBody, parseQuery, refusalMessages } from '../http/validate';
import { currentUser } from '../http/viewer';
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

const PAGE_SIZE = 50;

/** What the page says after a move went through (?done=…): each of the secretariat's actions, notes, renaming. */
const DONE = new Set<string>([
  ...APPLICATION_STATES.flatMap((state) => allowedActions(state, 'secretariat')),
  'notes',
  'renamed',
]);

function doneNotice(done: unknown): string | null {
  return typeof done === 'string' && DONE.has(done) ? done : null;
}

function me(req: Request): SessionUser {
  return currentUser(req) as SessionUser;
}

export function registerAdmissionAdminRoutes(ctx: AppContext, r: GuardedRouter): void {
  r.get('/admin/applications', 'secretariat', async (req, res) => {
    const q = parseQuery(queueQuery, req.query, ADMIN_APPLICATION_MESSAGES);
    const page = q.page ?? 1;
    const { rows, total } = await applicationQueue(ctx, me(req), {
      state: q.state,
      minDays: q.age,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    await renderPage(res, 'admission/admin-queue', {
      title: res.locals.t('admission.queue.title'),
      rows,
      total,
      now: ctx.clock.now(),
      states: APPLICATION_STATES,
      filter: { state: q.state ?? '', age: q.age ? String(q.age) : '' },
      pages: pageLinks(req.originalUrl, page, total, PAGE_SIZE),
    });
  });

  const showDetail = async (req: Request, res: Response, locals: Record<string, unknown> = {}, status = 200) => {
    const detail = await applicationDetail(ctx, me(req), String(req.params.id));
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
      await saveScreeningNotes(ctx, me(req), actorOf(req), String(req.params.id), form);
    } catch (err) {
      return showDetail(req, res, { errors: refusalMessages(err, res.locals.t) }, (err as HttpError).status);
    }
    backToDetail(req, res, 'notes');
  });

  r.post('/admin/applications/:id/short-name', 'secretariat', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    try {
      const form = parseBody(renameForm, body, ADMIN_APPLICATION_MESSAGES);
      await renameApplication(ctx, me(req), actorOf(req), String(req.params.id), form);
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
      await decide(ctx, me(req), actorOf(req), String(req.params.id), form.action, form);
    } catch (err) {
      // Field errors and refused transitions re-show the page with the message; what was typed is kept.
      const errors = refusalMessages(err, res.locals.t);
      return showDetail(req, res, { errors, form: echo }, (err as HttpError).status);
    }
    backToDetail(req, res, String(body.action));
  });
}
