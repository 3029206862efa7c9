/** /admin/freshness — the yearly loop as the secretariat watches it. */

import { actorOf, signedInUser } from '../accounts/request-user';
import type { AppContext } from '../context';
import { reachabilityReport } from '../drills/reachability-report';
import type { GuardedRouter } from '../http/access';
import { renderPage } from '../http/render';
import { freshnessReport, sendReminderNow } from './freshness-report';
import { nextScheduledRun } from './scheduler';

export function registerFreshnessAdminRoutes(ctx: AppContext, r: GuardedRouter): void {
  r.get('/admin/freshness', 'secretariat', async (req, res) => {
    const user = signedInUser(req);
    const [report, reachability] = await Promise.all([freshnessReport(ctx, user), reachabilityReport(ctx, user)]);
    const sent = typeof req.query.sent === 'string' ? req.query.sent.slice(0, 63) : null;
    await renderPage(res, 'reminders/admin-freshness', {
      title: res.locals.t('admin.freshness.title'),
      ...report,
      reachability,
      sent,
      nextRun: nextScheduledRun(ctx.config, ctx.clock.now()),
    });
  });

  r.post('/admin/freshness/:slug/send', 'secretariat', async (req, res) => {
    const team = await sendReminderNow(ctx, signedInUser(req), actorOf(req), String(req.params.slug));
    res.redirect(303, `/admin/freshness?sent=${encodeURIComponent(team)}`);
  });
}
