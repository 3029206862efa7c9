/** /members/announcements — what the secretariat sent, as far as the reader's teams may read it (archive.ts). */
import { viewerOf } from '../accounts/request-user';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { LIST_PAGE_SIZE, pagedList } from '../http/paging';
import { renderPage } from '../http/render';
import { parseQuery } from '../http/validate';
import { archivedAnnouncement, archivePage } from './archive';
import { announcementListQuery, LIST_QUERY_MESSAGES } from './forms';
import { TLP_MARKS } from './tlp';

export function registerAnnouncementMemberRoutes(ctx: AppContext, r: GuardedRouter): void {
  r.get('/members/announcements', 'member', async (req, res) => {
    const query = parseQuery(announcementListQuery, req.query, LIST_QUERY_MESSAGES);
    const { rows, total, pages } = await pagedList(req, query.page, LIST_PAGE_SIZE, (limit, offset) =>
      archivePage(ctx.db, viewerOf(req), limit, offset),
    );
    await renderPage(res, 'announcements/archive', {
      title: res.locals.t('announcement.archive.title'),
      rows,
      total,
      pages,
      tlpMarks: TLP_MARKS,
    });
  });

  r.get('/members/announcements/:id', 'member', async (req, res) => {
    const announcement = await archivedAnnouncement(ctx.db, viewerOf(req), String(req.params.id));
    const locale = res.locals.locale;
    await renderPage(res, 'announcements/read', {
      title: locale === 'en' ? announcement.subjectEn : announcement.subjectJa,
      announcement,
      mark: TLP_MARKS[announcement.tlp],
    });
  });
}
