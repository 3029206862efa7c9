/** /admin — the secretariat's area. Every route is secretariat-only; services authorise again. */
import type { Request, Response } from 'express';
import { invite } from '../accounts/invitation-service';
import { normalizeEmail } from '../accounts/login-service';
import type { SessionUser } from '../accounts/session-user';
import { AUDIT_ACTIONS, isAuditAction } from '../audit/actions';
import type { AppContext } from '../context';
import { pageLinks } from '../directory/pagination';
import { findTeamBySlug } from '../directory/queries';
import type { GuardedRouter } from '../http/access';
import { actorOf } from '../http/actor';
import { HttpError } from '../http/errors';
import { renderPage } from '../http/render';
import { parseBody, parseQuery } from '../http/validate';
import { currentUser } from '../http/viewer';
import { isMessageKey, type Translate } from '../i18n';
import { withoutLinks } from '../mail/sealed-links';
import {
  ADMIN_MESSAGES,
  adminInviteForm,
  auditQuery,
  mailQuery,
  teamListQuery,
  teamStatusForm,
  userListQuery,
} from './forms';
import {
  auditEntries,
  dashboard,
  failedMailCount,
  getMail,
  listMail,
  listTeams,
  listUsers,
  retryMail,
  setTeamStatus,
  teamChoices,
} from './service';

const PAGE_SIZE = 50;

/** An audit action in the reader's words; an action no longer recorded (older entries) keeps its stored name. */
function auditActionLabel(action: string, t: Translate): string {
  const key = `audit.action.${action}`;
  return isAuditAction(action) && isMessageKey(key) ? t(key) : action;
}

function me(req: Request): SessionUser {
  return currentUser(req) as SessionUser;
}

/**
 * One page of a list and its page links. The lists count their rows alongside the rows themselves, so a page past
 * the end comes back empty with no count: then the count is read from the first row, to say how far the list goes.
 */
async function paged<T>(
  req: Request,
  page: number | undefined,
  fetch: (limit: number, offset: number) => Promise<{ rows: T[]; total: number }>,
) {
  const current = page ?? 1;
  const offset = (current - 1) * PAGE_SIZE;
  const { rows, total } = await fetch(PAGE_SIZE, offset);
  const count = rows.length === 0 && offset > 0 ? (await fetch(1, 0)).total : total;
  return { rows, total: count, pages: pageLinks(req.originalUrl, current, count, PAGE_SIZE) };
}

export function registerAdminRoutes(ctx: AppContext, r: GuardedRouter): void {
  r.get('/admin', 'secretariat', async (req, res) => {
    await renderPage(res, 'admin/dashboard', {
      title: res.locals.t('admin.title'),
      counts: await dashboard(ctx, me(req)),
    });
  });

  r.get('/admin/teams', 'secretariat', async (req, res) => {
    const q = parseQuery(teamListQuery, req.query, ADMIN_MESSAGES);
    const { rows, total, pages } = await paged(req, q.page, (limit, offset) =>
      listTeams(ctx, me(req), { q: q.q, status: q.status, limit, offset }),
    );
    await renderPage(res, 'admin/teams', {
      title: res.locals.t('admin.teams.title'),
      rows,
      total,
      filter: { q: q.q ?? '', status: q.status ?? '' },
      pages,
    });
  });

  r.post('/admin/teams/:slug/status', 'secretariat', async (req, res) => {
    const form = parseBody(teamStatusForm, req.body, ADMIN_MESSAGES);
    await setTeamStatus(ctx, me(req), actorOf(req), String(req.params.slug), form.status);
    res.redirect(`/admin/teams?q=${encodeURIComponent(String(req.params.slug))}`);
  });

  const showUsers = async (req: Request, res: Response, locals: Record<string, unknown> = {}, status = 200) => {
    const q = parseQuery(userListQuery, req.query, ADMIN_MESSAGES);
    const { rows, total, pages } = await paged(req, q.page, (limit, offset) =>
      listUsers(ctx, me(req), { q: q.q, limit, offset }),
    );
    await renderPage(
      res,
      'admin/users',
      {
        title: res.locals.t('admin.users.title'),
        rows,
        total,
        filter: { q: q.q ?? '' },
        pages,
        teamsForInvite: await teamChoices(ctx),
        inviteErrors: [],
        invite: { email: '', name: '', team: '', role: 'member' },
        notice: null,
        ...locals,
      },
      status,
    );
  };

  r.get('/admin/users', 'secretariat', async (req, res) => showUsers(req, res));

  r.post('/admin/users', 'secretariat', async (req, res) => {
    const raw = req.body as Record<string, unknown>;
    const echo = {
      email: String(raw.email ?? '').slice(0, 254),
      name: String(raw.name ?? '').slice(0, 100),
      team: String(raw.team ?? '').slice(0, 63),
      role: raw.role === 'editor' ? 'editor' : 'member',
    };
    try {
      const form = parseBody(adminInviteForm, raw, ADMIN_MESSAGES);
      let team: { id: string; shortName: string } | null = null;
      if (form.team !== 'secretariat') {
        const row = await findTeamBySlug(ctx.db, form.team);
        if (!row) {
          throw new HttpError(422, 'invalid_input', 'validation.team', {}, [
            { field: 'team', messageKey: 'validation.team' },
          ]);
        }
        team = { id: row.id, shortName: row.shortName };
      }
      await invite(ctx, me(req), actorOf(req), { email: form.email, name: form.name, team, role: form.role });
      await showUsers(req, res, { notice: res.locals.t('admin.users.invited', { email: normalizeEmail(form.email) }) });
    } catch (err) {
      if (!(err instanceof HttpError) || err.status !== 422) throw err;
      const inviteErrors = err.fields.map((f) => res.locals.t(f.messageKey, f.params));
      await showUsers(req, res, { inviteErrors, invite: echo }, 422);
    }
  });

  r.get('/admin/audit', 'secretariat', async (req, res) => {
    const q = parseQuery(auditQuery, req.query, ADMIN_MESSAGES);
    const until = q.until ? new Date(Date.parse(`${q.until}T00:00:00Z`) + 86_400_000) : undefined;
    const { rows, total, pages } = await paged(req, q.page, (limit, offset) =>
      auditEntries(ctx, me(req), {
        actor: q.actor,
        team: q.team,
        action: q.action,
        from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
        until,
        limit,
        offset,
      }),
    );
    const t = res.locals.t;
    await renderPage(res, 'admin/audit', {
      title: t('admin.audit.title'),
      rows: rows.map((e) => ({ ...e, actionLabel: auditActionLabel(e.action, t) })),
      actions: AUDIT_ACTIONS.map((a) => ({ value: a, label: auditActionLabel(a, t) })),
      total,
      filter: {
        actor: q.actor ?? '',
        team: q.team ?? '',
        action: q.action ?? '',
        from: q.from ?? '',
        until: q.until ?? '',
      },
      pages,
    });
  });

  r.get('/admin/mail', 'secretariat', async (req, res) => {
    const q = parseQuery(mailQuery, req.query, ADMIN_MESSAGES);
    const { rows, total, pages } = await paged(req, q.page, (limit, offset) =>
      listMail(ctx, me(req), { status: q.status, limit, offset }),
    );
    await renderPage(res, 'admin/mail', {
      title: res.locals.t('admin.mail.title'),
      rows,
      total,
      filter: { status: q.status ?? '' },
      smtp: Boolean(ctx.config.mail.smtpUrl),
      failures: await failedMailCount(ctx),
      pages,
    });
  });

  r.post('/admin/mail/:id/retry', 'secretariat', async (req, res) => {
    await retryMail(ctx, me(req), actorOf(req), String(req.params.id));
    // Sent at once when it can be; otherwise the worker's next round tries again.
    await ctx.mailer.deliver([String(req.params.id)]);
    res.redirect(303, `/admin/mail/${String(req.params.id)}`);
  });

  r.get('/admin/mail/:id', 'secretariat', async (req, res) => {
    const mail = await getMail(ctx, me(req), String(req.params.id));
    // Single-use links are sealed: the secretariat sees where they were, never the links (sealed-links.ts).
    const textBody = withoutLinks(mail.textBody, res.locals.t('admin.mail.sealedLink'));
    await renderPage(res, 'admin/mail-message', { title: mail.subject, mail: { ...mail, textBody } });
  });
}
