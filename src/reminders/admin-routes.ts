/** /admin/freshness — the yearly loop as the secretariat watches it. */
import type { Request } from 'express';
import type { SessionUser } from '../accounts/session-user';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { actorOf } from '../http/actor';
import { renderPage } from '../http/render';
import { currentUser } from '../http/viewer';
import { freshnessReport, sendReminderNow } from './freshness-report';
import { nextScheduledRun } from './scheduler';

function me(req: Request): SessionUser {
  return currentUser(req) as SessionUser;
}

export function registerFreshnessAdminRoutes(ctx: AppContext, r: GuardedRouter): void {
  r.get('/admin/freshness', 'secretariat', async (req, res) => {
    const report = await freshnessReport(ctx, me(req));
    const sent = typeof req.query.sent === 'string' ? req.query.sent.slice(0, 63) : null;
    await renderPage(res, 'reminders/admin-freshness', {
      title: res.locals.t('admin.freshness.title'),
      ...report,
      sent,
      nextRun: nextScheduledRun(ctx.config, ctx.clock.now()),
    });
  });

  r.post('/admin/freshness/:slug/send', 'secretariat', async (req, res) => {
    const team = await sendReminderNow(ctx, me(req), actorOf(req), String(req.params.slug));
    res.redirect(303, `/admin/freshness?sent=${encodeURIComponent(team)}`);
  });
}
