/** The public directory pages: GET / and GET /teams/:slug. */
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { renderPage } from '../http/render';
import { fieldMessages, parseQuery } from '../http/validate';
import { currentUser, viewerOf } from '../http/viewer';
import { directoryPageQuery, QUERY_MESSAGES } from './forms';
import { pageLinks } from './pagination';
import type { DirectoryService } from './service';
import { INDUSTRIES, REGIONS } from './vocabulary';

/** What to pass to gpg --keyserver: hkps:// behind TLS (port 443), hkp://host:port otherwise (gpg's default is 11371). */
function keyserverUrlOf(publicUrl: string): string {
  const url = new URL(publicUrl);
  return url.protocol === 'https:' ? `hkps://${url.hostname}${url.port ? `:${url.port}` : ''}` : `hkp://${url.host}`;
}

export function registerDirectoryRoutes(ctx: AppContext, r: GuardedRouter, directory: DirectoryService): void {
  const pageSize = ctx.config.directoryPageSize;

  r.get('/', 'public', async (req, res) => {
    const t = res.locals.t;
    const form = { q: String(req.query.q ?? ''), region: req.query.region, industry: req.query.industry };
    let query: ReturnType<typeof directoryPageQuery.parse>;
    try {
      query = parseQuery(directoryPageQuery, req.query, QUERY_MESSAGES);
    } catch (err) {
      // Keep the user's form and say what is wrong, rather than a bare error page.
      const errors = fieldMessages(err, t);
      await renderPage(
        res,
        'directory/index',
        {
          title: t('directory.title'),
          form,
          errors,
          items: [],
          total: 0,
          pages: null,
          regions: REGIONS,
          industries: INDUSTRIES,
        },
        400,
      );
      return;
    }
    const page = query.page ?? 1;
    const { items, total } = await directory.search(
      { q: query.q, region: query.region, industry: query.industry, limit: pageSize, offset: (page - 1) * pageSize },
      viewerOf(req),
    );
    await renderPage(res, 'directory/index', {
      title: t('directory.title'),
      form: { q: query.q ?? '', region: query.region ?? '', industry: query.industry ?? '' },
      errors: [],
      items,
      total,
      from: total === 0 ? 0 : (page - 1) * pageSize + 1,
      to: Math.min(total, page * pageSize),
      pages: pageLinks(req.originalUrl, page, total, pageSize),
      regions: REGIONS,
      industries: INDUSTRIES,
    });
  });

  r.get('/teams/:slug', 'public', async (req, res) => {
    const { team, hidden } = await directory.show(String(req.params.slug), viewerOf(req));
    const user = currentUser(req);
    const canEdit =
      !!user &&
      (user.isSecretariat ||
        user.memberships.some((m) => m.slug === team.slug && m.role === 'editor' && m.status === 'active'));
    await renderPage(res, 'directory/team', {
      title: team.shortName,
      team,
      hidden,
      canEdit,
      keyserverUrl: keyserverUrlOf(ctx.config.publicUrl),
    });
  });
}
