/**
 * /admin/announcements — the secretariat writes an announcement (compose), reads it as the teams will with the
 * list of teams it goes to (preview), sends it, and follows its delivery (report, retry).
 */
import type { Request, Response } from 'express';
import { actorOf, signedInUser } from '../accounts/request-user';
import type { AppContext } from '../context';
import { CONSTITUENCY_TYPES, INDUSTRIES, REGIONS } from '../entry/vocabulary';
import type { GuardedRouter } from '../http/access';
import { HttpError } from '../http/errors';
import { LIST_PAGE_SIZE, pagedList } from '../http/paging';
import { renderPage } from '../http/render';
import { parseBody, parseQuery, refusalMessages } from '../http/validate';
import {
  ANNOUNCEMENT_MESSAGES,
  type AnnouncementFormValues,
  announcementForm,
  announcementListQuery,
  formValues,
  LIST_QUERY_MESSAGES,
} from './forms';
import { DELIVERY_STATES } from './labels';
import { deliveryReport, retryAnnouncement } from './report';
import type { AnnouncementRow } from './schema';
import {
  createAnnouncement,
  discardAnnouncement,
  getAnnouncement,
  listAnnouncements,
  previewAnnouncement,
  sendAnnouncement,
  updateAnnouncement,
} from './service';
import { ARCHIVE_READERS, needsEncryption, TLP_LEVELS, TLP_MARKS } from './tlp';

const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
const listQuery = (req: Request) => parseQuery(announcementListQuery, req.query, LIST_QUERY_MESSAGES);

const valuesOf = (row: AnnouncementRow): AnnouncementFormValues => ({
  tlp: row.tlp,
  subjectJa: row.subjectJa,
  subjectEn: row.subjectEn,
  bodyJa: row.bodyJa,
  bodyEn: row.bodyEn,
  region: row.audience.region ?? '',
  industry: row.audience.industry ?? '',
  constituencyType: row.audience.constituencyType ?? '',
});

export function registerAnnouncementAdminRoutes(ctx: AppContext, r: GuardedRouter): void {
  /** Sent after the commit, in the background: the report shows the messages going out. */
  const deliverSoon = (ids: string[]) => {
    void ctx.mailer.deliver(ids).catch((err) => ctx.log.warn({ err }, 'announcement delivery failed'));
  };

  const showCompose = (
    res: Response,
    form: AnnouncementFormValues,
    action: string,
    errors: string[] = [],
    status = 200,
  ) =>
    renderPage(
      res,
      'announcements/compose',
      {
        title: res.locals.t(
          action === '/admin/announcements' ? 'announcement.compose.title' : 'announcement.compose.editTitle',
        ),
        form,
        action,
        errors,
        tlpLevels: TLP_LEVELS,
        tlpMarks: TLP_MARKS,
        regions: REGIONS,
        industries: INDUSTRIES,
        constituencyTypes: CONSTITUENCY_TYPES,
      },
      status,
    );

  const showPreview = async (req: Request, res: Response, errors: string[] = [], status = 200) => {
    const preview = await previewAnnouncement(ctx, signedInUser(req), String(req.params.id));
    await renderPage(
      res,
      'announcements/preview',
      {
        title: res.locals.t('announcement.preview.title', { subject: preview.announcement.subjectJa }),
        ...preview,
        mark: TLP_MARKS[preview.announcement.tlp],
        encryptionNeeded: needsEncryption(preview.announcement.tlp),
        errors,
      },
      status,
    );
  };

  r.get('/admin/announcements', 'secretariat', async (req, res) => {
    const { rows, total, pages } = await pagedList(req, listQuery(req).page, LIST_PAGE_SIZE, (limit, offset) =>
      listAnnouncements(ctx, signedInUser(req), limit, offset),
    );
    await renderPage(res, 'announcements/list', {
      title: res.locals.t('announcement.admin.title'),
      rows,
      total,
      pages,
      tlpMarks: TLP_MARKS,
    });
  });

  r.get('/admin/announcements/new', 'secretariat', async (_req, res) =>
    showCompose(res, formValues(), '/admin/announcements'),
  );

  r.post('/admin/announcements', 'secretariat', async (req, res) => {
    let id: string;
    try {
      const form = parseBody(announcementForm, body(req), ANNOUNCEMENT_MESSAGES);
      id = await createAnnouncement(ctx, signedInUser(req), actorOf(req), form);
    } catch (err) {
      const errors = refusalMessages(err, res.locals.t, [422]);
      return showCompose(res, formValues(body(req)), '/admin/announcements', errors, 422);
    }
    res.redirect(303, `/admin/announcements/${id}`);
  });

  r.get('/admin/announcements/:id', 'secretariat', async (req, res) => {
    const announcement = await getAnnouncement(ctx, signedInUser(req), String(req.params.id));
    if (announcement.state === 'draft') return showPreview(req, res);
    const query = listQuery(req);
    let report: Awaited<ReturnType<typeof deliveryReport>> | undefined;
    const { rows, total, pages } = await pagedList(req, query.page, LIST_PAGE_SIZE, async (limit, offset) => {
      report = await deliveryReport(ctx, signedInUser(req), announcement.id, { limit, offset });
      return report;
    });
    await renderPage(res, 'announcements/report', {
      title: res.locals.t('announcement.report.title', { subject: announcement.subjectJa }),
      announcement,
      counts: report?.counts,
      rows,
      total,
      pages,
      states: DELIVERY_STATES,
      mark: TLP_MARKS[announcement.tlp],
      archived: ARCHIVE_READERS[announcement.tlp] !== 'nobody',
      retried: query.retried ?? null,
    });
  });

  r.get('/admin/announcements/:id/edit', 'secretariat', async (req, res) => {
    const announcement = await getAnnouncement(ctx, signedInUser(req), String(req.params.id));
    if (announcement.state !== 'draft') return res.redirect(303, `/admin/announcements/${announcement.id}`);
    await showCompose(res, valuesOf(announcement), `/admin/announcements/${announcement.id}/edit`);
  });

  r.post('/admin/announcements/:id/edit', 'secretariat', async (req, res) => {
    const id = String(req.params.id);
    try {
      const form = parseBody(announcementForm, body(req), ANNOUNCEMENT_MESSAGES);
      await updateAnnouncement(ctx, signedInUser(req), id, form);
    } catch (err) {
      const errors = refusalMessages(err, res.locals.t, [409, 422]);
      // 409: sent meanwhile (a second tab); 422: the form itself.
      const status = err instanceof HttpError ? err.status : 422;
      return showCompose(res, formValues(body(req)), `/admin/announcements/${id}/edit`, errors, status);
    }
    res.redirect(303, `/admin/announcements/${id}`);
  });

  r.post('/admin/announcements/:id/send', 'secretariat', async (req, res) => {
    const id = String(req.params.id);
    const digest = typeof body(req).recipients === 'string' ? String(body(req).recipients).slice(0, 64) : '';
    try {
      const outcome = await sendAnnouncement(ctx, signedInUser(req), actorOf(req), id, digest);
      if (outcome.sent) deliverSoon(outcome.outboxIds);
    } catch (err) {
      // The list changed since the preview, or nobody would get it: the preview again, as it is now.
      return showPreview(req, res, refusalMessages(err, res.locals.t, [409, 422]), 409);
    }
    res.redirect(303, `/admin/announcements/${id}`);
  });

  r.post('/admin/announcements/:id/discard', 'secretariat', async (req, res) => {
    await discardAnnouncement(ctx, signedInUser(req), actorOf(req), String(req.params.id));
    res.redirect(303, '/admin/announcements');
  });

  r.post('/admin/announcements/:id/retry', 'secretariat', async (req, res) => {
    const id = String(req.params.id);
    const ids = await retryAnnouncement(ctx, signedInUser(req), actorOf(req), id);
    deliverSoon(ids);
    res.redirect(303, `/admin/announcements/${id}?retried=${ids.length}`);
  });
}
