/** /admin — the secretariat's area. Every route is secretariat-only; services authorise again. */
import type { Request } from 'express';
import { normalizeEmail } from '../accounts/login-service';
import { actorOf, signedInUser } from '../accounts/request-user';
import { AUDIT_ACTIONS, isAuditAction } from '../audit/actions';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import type { PageResponse } from '../http/locals';
import { LIST_PAGE_SIZE, pagedList } from '../http/paging';
import { renderPage } from '../http/render';
import { parseBody, parseQuery, refusalMessages } from '../http/validate';
import { isMessageKey, type Translate } from '../i18n';
import { withoutLinks } from '../mail/sealed-links';
import {
  ADMIN_MESSAGES,
  adminInviteForm,
  auditQuery,
  eraseUserForm,
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
  inviteUser,
  listMail,
  listTeams,
  listUsers,
  retryMail,
  setTeamStatus,
  teamChoices,
} from './service';
import { eraseUser } from './user-erasure';

/** An audit action in the reader's words; an action no longer recorded (older entries) keeps its stored name. */
function auditActionLabel(action: string, t: Translate): string {
  const key = `audit.action.${action}`;
  return isAuditAction(action) && isMessageKey(key) ? t(key) : action;
}

export function registerAdminRoutes(ctx: AppContext, r: GuardedRouter): void {
  r.get('/admin', 'secretariat', async (req, res) => {
    await renderPage(res, 'admin/dashboard', {
      title: res.locals.t('admin.title'),
      counts: await dashboard(ctx, signedInUser(req)),
    });
  });

  r.get('/admin/teams', 'secretariat', async (req, res) => {
    const q = parseQuery(teamListQuery, req.query, ADMIN_MESSAGES);
    const { rows, total, pages } = await pagedList(req, q.page, LIST_PAGE_SIZE, (limit, offset) =>
      listTeams(ctx, signedInUser(req), { q: q.q, status: q.status, limit, offset }),
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
    await setTeamStatus(ctx, signedInUser(req), actorOf(req), String(req.params.slug), form.status);
    res.redirect(`/admin/teams?q=${encodeURIComponent(String(req.params.slug))}`);
  });

  const showUsers = async (req: Request, res: PageResponse, locals: Record<string, unknown> = {}, status = 200) => {
    const q = parseQuery(userListQuery, req.query, ADMIN_MESSAGES);
    const { rows, total, pages } = await pagedList(req, q.page, LIST_PAGE_SIZE, (limit, offset) =>
      listUsers(ctx, signedInUser(req), { q: q.q, limit, offset }),
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
      await inviteUser(ctx, signedInUser(req), actorOf(req), form);
      await showUsers(req, res, { notice: res.locals.t('admin.users.invited', { email: normalizeEmail(form.email) }) });
    } catch (err) {
      // Field errors re-show the form with what was typed; anything else is the error page's.
      const inviteErrors = refusalMessages(err, res.locals.t, [422]);
      await showUsers(req, res, { inviteErrors, invite: echo }, 422);
    }
  });

  r.post('/admin/users/:userId/erase', 'secretariat', async (req, res) => {
    parseBody(eraseUserForm, req.body, ADMIN_MESSAGES);
    const result = await eraseUser(ctx, signedInUser(req), actorOf(req), String(req.params.userId));
    const key = result.kind === 'erased' ? 'admin.users.erased' : 'admin.users.alreadyErased';
    await showUsers(req, res, { notice: res.locals.t(key, { pseudonym: result.pseudonym }) });
  });

  r.get('/admin/audit', 'secretariat', async (req, res) => {
    const q = parseQuery(auditQuery, req.query, ADMIN_MESSAGES);
    const until = q.until ? new Date(Date.parse(`${q.until}T00:00:00Z`) + 86_400_000) : undefined;
    const { rows, total, pages } = await pagedList(req, q.page, LIST_PAGE_SIZE, (limit, offset) =>
      auditEntries(ctx, signedInUser(req), {
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
    const { rows, total, pages } = await pagedList(req, q.page, LIST_PAGE_SIZE, (limit, offset) =>
      listMail(ctx, signedInUser(req), { status: q.status, limit, offset }),
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
    await retryMail(ctx, signedInUser(req), actorOf(req), String(req.params.id));
    // Sent at once when it can be; otherwise the worker's next round tries again.
    await ctx.mailer.deliver([String(req.params.id)]);
    res.redirect(303, `/admin/mail/${String(req.params.id)}`);
  });

  r.get('/admin/mail/:id', 'secretariat', async (req, res) => {
    const mail = await getMail(ctx, signedInUser(req), String(req.params.id));
    // Single-use links are sealed: the secretariat sees where they were, never the links (sealed-links.ts).
    const textBody = withoutLinks(mail.textBody, res.locals.t('admin.mail.sealedLink'));
    await renderPage(res, 'admin/mail-message', { title: mail.subject, mail: { ...mail, textBody } });
  });
}
