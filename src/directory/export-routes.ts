/**
 * Exports as DESIGN's contract: /teams/:slug.vcf, /teams/:slug/rfc2350.txt, /teams/:slug/security.txt and the
 * whole directory as /api/v1/teams.csv, /api/v1/teams.xlsx, /api/v1/teams.json and, in Trusted Introducer's shape,
 * /api/v1/teams.ti.json — each with the fields the caller
 * may see, only for active teams (a suspended or withdrawn team's exports are 404, for the secretariat too: exports
 * travel). Labels and notes are in the reader's language (?lang=, else the cookie, Accept-Language, Japanese).
 */
import type { Request, Response } from 'express';
import { viewerOf } from '../accounts/request-user';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { notFound } from '../http/errors';
import { parseQuery } from '../http/validate';
import { translator } from '../i18n';
import {
  exportContext,
  toCsv,
  toRfc2350,
  toSecurityTxt,
  toTrustedIntroducer,
  toVcard,
  toXlsx,
  XLSX_TYPE,
} from './exports';
import { apiTeamsQuery, directoryFilters, QUERY_MESSAGES } from './forms';
import type { TeamView } from './presenter';
import type { DirectoryService } from './service';

/** The whole directory in one export; beyond this, page through the JSON API. */
const EXPORT_MAX = 20_000;

/** The reader's context for an export: the site, their language, the association's time zone. */
function readerOf(ctx: AppContext, res: Response) {
  return exportContext({
    siteUrl: ctx.config.publicUrl,
    locale: res.locals.locale,
    timeZone: ctx.config.displayTimeZone,
  });
}

export function registerTeamExportRoutes(ctx: AppContext, r: GuardedRouter, directory: DirectoryService): void {
  const activeTeam = async (req: Request): Promise<TeamView> => {
    const slug = String(req.params.slug);
    const { team } = await directory.show(slug, viewerOf(req));
    if (team.status !== 'active') throw notFound('error.teamNotFound', { slug });
    return team;
  };

  r.get('/teams/:slug.vcf', 'public', async (req, res) => {
    const team = await activeTeam(req);
    res
      .type('text/vcard; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${team.slug}.vcf"`)
      .send(toVcard(team, readerOf(ctx, res)));
  });

  r.get('/teams/:slug/rfc2350.txt', 'public', async (req, res) => {
    const team = await activeTeam(req);
    res.type('text/plain; charset=utf-8').send(toRfc2350(team, readerOf(ctx, res), translator('en')('site.name')));
  });

  r.get('/teams/:slug/security.txt', 'public', async (req, res) => {
    const team = await activeTeam(req);
    res.type('text/plain; charset=utf-8').send(toSecurityTxt(team, readerOf(ctx, res)));
  });
}

export function registerDirectoryExportApi(ctx: AppContext, r: GuardedRouter, directory: DirectoryService): void {
  const everything = async (req: Request) => {
    const query = parseQuery(apiTeamsQuery, req.query, QUERY_MESSAGES);
    const page = await directory.search(
      {
        ...directoryFilters(query),
        limit: EXPORT_MAX,
        offset: 0,
      },
      viewerOf(req),
    );
    return page.items.filter((t) => t.status === 'active');
  };

  // The file is made before any header is set: a refused query must answer as JSON, not as a "CSV" of an error.
  r.get('/teams.csv', 'public', async (req, res) => {
    const body = toCsv(await everything(req), readerOf(ctx, res));
    res.type('text/csv; charset=utf-8').set('Content-Disposition', 'attachment; filename="teams.csv"').send(body);
  });

  r.get('/teams.xlsx', 'public', async (req, res) => {
    const body = await toXlsx(await everything(req), readerOf(ctx, res));
    res.type(XLSX_TYPE).set('Content-Disposition', 'attachment; filename="teams.xlsx"').send(body);
  });

  r.get('/teams.json', 'public', async (req, res) => {
    const items = await everything(req);
    res.json({ items, total: items.length });
  });

  r.get('/teams.ti.json', 'public', async (req, res) => {
    res.json(toTrustedIntroducer(await everything(req)));
  });
}
