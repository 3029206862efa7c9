/** The public directory pages: GET / and GET /teams/:slug. */
import type { Request } from 'express';

import { currentUser, viewerOf } from '../accounts/request-user';
import { looksLikeIndicator } from '../constituency/parse';
import type { AppContext } from '../context';
import { drillResultLine } from '../drills/format';
import type { Horizon } from '../entry/read-cache';
import { CONSTITUENCY_TYPES, INDUSTRIES, REGIONS, SERVICE_AREAS } from '../entry/vocabulary';
import type { GuardedRouter } from '../http/access';
import type { PageResponse } from '../http/locals';
import { pageLinks, pageSlice } from '../http/paging';
import { pageHtml, renderPage } from '../http/render';
import { type SerialisedAnswer, sendSerialised, serialiseHtml } from '../http/serialised';
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

/** Raised when a page being kept for every anonymous reader asks for a session's CSRF token. */
class PageNeedsSession extends Error {}

async function withoutSessionToken<T>(res: PageResponse, render: () => Promise<T>): Promise<T> {
  const csrfToken = res.locals.csrfToken;
  res.locals.csrfToken = () => {
    throw new PageNeedsSession('a page kept for every reader asked for a CSRF token');
  };
  try {
    return await render();
  } finally {
    res.locals.csrfToken = csrfToken;
  }
}

export function registerDirectoryRoutes(
  ctx: AppContext,
  r: GuardedRouter,
  directory: DirectoryService,
  lookup: LookupService,
): void {
  const pageSize = ctx.config.directoryPageSize;

  /** The directory page for this request: its status and its HTML (`horizon`: the kept page's, when it is kept). */
  async function directoryPage(
    req: Request,
    res: PageResponse,
    horizon?: Horizon,
  ): Promise<{ status: number; html: string }> {
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
      const html = await pageHtml(res, 'directory/index', {
        title: t('directory.title'),
        form,
        errors,
        items: [],
        total: 0,
        pages: null,
        lookup: null,
        ...VOCABULARY,
      });
      return { status: 400, html };
    }
    const slice = pageSlice(query.page, pageSize);
    // An address, a domain, an email or a URL typed into the box: the responsible team comes first, with what
    // matched; the text search still runs for names that merely look like domains ("CSIRT.jp").
    const q = query.q?.trim() ?? '';
    const lookupResult: LookupResult | null =
      q && slice.page === 1 && looksLikeIndicator(q) ? await lookup.lookupOne(q, viewerOf(req), horizon) : null;
    const { items, total } = await directory.search(
      {
        ...directoryFilters(query),
        limit: slice.limit,
        offset: slice.offset,
      },
      viewerOf(req),
      horizon,
    );
    const html = await pageHtml(res, 'directory/index', {
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
    return { status: 200, html };
  }

  r.get('/', 'public', async (req, res) => {
    if (currentUser(req)) {
      const { status, html } = await directoryPage(req, res);
      res.status(status).type('html').send(html);
      return;
    }
    // Anonymous readers all get the same page for the same address in the same language: it is kept serialised
    // like the reads it shows. A page that asks for a CSRF token (a form) would carry one reader's session token,
    // so it is never kept: it is rendered for each request instead.
    let answer: { status: number; body: SerialisedAnswer };
    try {
      answer = await directory.page([res.locals.locale, req.originalUrl], async (horizon) => {
        const { status, html } = await withoutSessionToken(res, () => directoryPage(req, res, horizon));
        return { status, body: serialiseHtml(html) };
      });
    } catch (err) {
      if (!(err instanceof PageNeedsSession)) throw err;
      const { status, html } = await directoryPage(req, res);
      res.status(status).type('html').send(html);
      return;
    }
    sendSerialised(res, answer.body, answer.status);
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
