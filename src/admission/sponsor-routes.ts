/** /members/applications — member teams' editors endorse or object to applicants in the sponsorship stage. */
import type { Request, Response } from 'express';
import { actorOf, signedInUser } from '../accounts/request-user';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import type { HttpError } from '../http/errors';
import { renderPage } from '../http/render';
import { parseBody, refusalMessages } from '../http/validate';
import { SPONSORSHIP_MESSAGES, sponsorshipForm } from './forms';
import { applicationsForSponsors, giveSponsorship, sponsorView } from './sponsorship-service';

export function registerSponsorRoutes(ctx: AppContext, r: GuardedRouter): void {
  r.get('/members/applications', 'member', async (req, res) => {
    await renderPage(res, 'admission/sponsor-list', {
      title: res.locals.t('sponsor.list.title'),
      rows: await applicationsForSponsors(ctx, signedInUser(req)),
      required: ctx.config.admission.sponsorsRequired,
    });
  });

  const show = async (req: Request, res: Response, locals: Record<string, unknown> = {}, status = 200) => {
    const view = await sponsorView(ctx, signedInUser(req), String(req.params.id));
    await renderPage(
      res,
      'admission/sponsor-detail',
      {
        title: res.locals.t('sponsor.detail.title', { team: view.app.entry.shortName }),
        ...view,
        errors: [],
        form: { team: '', kind: 'endorse', reason: '' },
        ...locals,
      },
      status,
    );
  };

  r.get('/members/applications/:id', 'member', async (req, res) => show(req, res));

  r.post('/members/applications/:id/sponsorship', 'member', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const echo = {
      team: String(body.team ?? '').slice(0, 63),
      kind: body.kind === 'object' ? 'object' : 'endorse',
      reason: String(body.reason ?? '').slice(0, 2000),
    };
    try {
      const form = parseBody(sponsorshipForm, body, SPONSORSHIP_MESSAGES);
      await giveSponsorship(ctx, signedInUser(req), actorOf(req), String(req.params.id), form);
    } catch (err) {
      // A second sponsorship, one for the team's own organisation, or a closed stage: said on the page.
      const errors = refusalMessages(err, res.locals.t);
      return show(req, res, { errors, form: echo }, (err as HttpError).status);
    }
    res.redirect(303, `/members/applications/${String(req.params.id)}`);
  });
}
