/** The public directory pages: GET / and GET /teams/:slug. */

import { currentUser, viewerOf } from '../accounts/request-user';
import { looksLikeIndicator } from '../constituency/parse';
import type { AppContext } from '../context';
import { drillResultLine } from '../drills/format';
import { CONSTITUENCY_TYPES, INDUSTRIES, REGIONS, SERVICE_AREAS } from '../entry/vocabulary';
import type { GuardedRouter } from '../http/access';
import { pageLinks, pageSlice } from '../http/paging';
import { renderPage } from '../http/render';
import { fieldMessages, parseQuery } from '../http/validate';
import { directoryFilters, directoryPageQuery, QUERY_MESSAGES } from './forms';
import type { LookupResult, LookupService } from './lookup';
import type { DirectoryService } from './service';

/** What to pass to gpg --keyserver: hkps:// behind TLS (port 443), hkp://host:port otherwise (gpg's default is 11371). */
function keyserverUrlOf(publicUrl: string): string {
  const url = new URL(publicUrl);
  return url.protocol === 'https:' ? `hkps://${url.hostname}${url.port ? `:${url.port}` : ''}` : `hkp://${url.host}`;
}

const VOCABULARY = {
  regions: REGIONS,
  industries: INDUSTRIES,
  services: SERVICE_AREAS,
  constituencies: CONSTITUENCY_TYPES,
};

export function registerDirectoryRoutes(
  ctx: AppContext,
  r: GuardedRouter,
  directory: DirectoryService,
  lookup: LookupService,
): void {
  const pageSize = ctx.config.directoryPageSize;

  r.get('/', 'public', async (req, res) => {
    const t = res.locals.t;
    const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 1000) : '');
    const form = {
      q: str(req.query.q),
      region: str(req.query.region),
      industry: str(req.query.industry),
      service: str(req.query.service),
      constituency: str(req.query.constituency),
      reachable: Boolean(req.query.reachable),
    };
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
          lookup: null,
          ...VOCABULARY,
        },
        400,
      );
      return;
    }
    const slice = pageSlice(query.page, pageSize);
    // An address, a domain, an email or a URL typed into the box: the responsible team comes first, with what
    // matched; the text search still runs for names that merely look like domains ("CSIRT.jp").
    const q = query.q?.trim() ?? '';
    const lookupResult: LookupResult | null =
      q && slice.page === 1 && looksLikeIndicator(q) ? await lookup.lookupOne(q, viewerOf(req)) : null;
    const { items, total } = await directory.search(
      {
        ...directoryFilters(query),
        limit: slice.limit,
        offset: slice.offset,
      },
      viewerOf(req),
    );
    await renderPage(res, 'directory/index', {
      title: t('directory.title'),
      form: {
        q: query.q ?? '',
        region: query.region ?? '',
        industry: query.industry ?? '',
        service: query.service ?? '',
        constituency: query.constituency ?? '',
        reachable: query.reachable ?? false,
      },
      errors: [],
      items,
      total,
      pages: pageLinks(req.originalUrl, slice.page, total, pageSize),
      lookup: lookupResult && lookupResult.kind !== null ? lookupResult : null,
      ...VOCABULARY,
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
      // After "all details are current" (POST /teams/:slug/confirm): said to those who could have pressed it.
      confirmed: canEdit && req.query.confirmed === '1',
      keyserverUrl: keyserverUrlOf(ctx.config.publicUrl),
      reachability: team.reachability
        ? drillResultLine(team.reachability, res.locals.t, (d) => res.locals.fmtDate(d))
        : null,
    });
  });
}
