/**
 * /admin/drills — the secretariat's communication checks: start a campaign for all active teams or a region or an
 * industry, and watch it (the page refreshes itself while answers are still awaited).
 */
import type { Request, Response } from 'express';
import { actorOf, signedInUser } from '../accounts/request-user';
import type { AppContext } from '../context';
import { INDUSTRIES, REGIONS } from '../entry/vocabulary';
import type { GuardedRouter } from '../http/access';
import { renderPage } from '../http/render';
import { parseBody, refusalMessages } from '../http/validate';
import {
  CAMPAIGN_COLUMNS,
  CAMPAIGN_MESSAGES,
  campaignForm,
  campaignReport,
  listCampaigns,
  startCampaign,
} from './campaigns';
import { formatBusinessDuration } from './format';
import { runDrillsSoon } from './scheduler';

/** How often a campaign page still waiting for answers reloads its table, in seconds. */
const LIVE_REFRESH_SECONDS = 15;

export function registerDrillAdminRoutes(ctx: AppContext, r: GuardedRouter): void {
  const showList = async (
    req: Request,
    res: Response,
    form: { title: string; region: string; industry: string } = { title: '', region: '', industry: '' },
    errors: string[] = [],
    status = 200,
  ) =>
    renderPage(
      res,
      'drills/campaigns',
      {
        title: res.locals.t('drill.campaigns.title'),
        campaigns: await listCampaigns(ctx, signedInUser(req)),
        columns: CAMPAIGN_COLUMNS,
        regions: REGIONS,
        industries: INDUSTRIES,
        form,
        errors,
      },
      status,
    );

  r.get('/admin/drills', 'secretariat', async (req, res) => showList(req, res));

  r.post('/admin/drills', 'secretariat', async (req, res) => {
    const raw = req.body as Record<string, unknown>;
    const echo = {
      title: String(raw.title ?? '').slice(0, 200),
      region: String(raw.region ?? '').slice(0, 40),
      industry: String(raw.industry ?? '').slice(0, 40),
    };
    let id: string;
    try {
      id = await startCampaign(ctx, signedInUser(req), actorOf(req), parseBody(campaignForm, raw, CAMPAIGN_MESSAGES));
    } catch (err) {
      return showList(req, res, echo, refusalMessages(err, res.locals.t, [422]), 422);
    }
    // Sent by a run in the background, so the page answers at once; the campaign page shows it going out.
    void runDrillsSoon(ctx);
    res.redirect(303, `/admin/drills/${id}`);
  });

  r.get('/admin/drills/:id', 'secretariat', async (req, res) => {
    const t = res.locals.t;
    const report = await campaignReport(ctx, signedInUser(req), String(req.params.id));
    await renderPage(res, 'drills/campaign', {
      title: t('drill.campaign.title', { title: report.campaign.title }),
      ...report,
      teams: report.teams.map((row) => ({
        ...row,
        took: row.answerBusinessMs === null ? null : formatBusinessDuration(row.answerBusinessMs, t),
      })),
      columns: CAMPAIGN_COLUMNS,
      refreshSeconds: report.campaign.finished ? null : LIVE_REFRESH_SECONDS,
    });
  });
}
