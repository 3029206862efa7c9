/**
 * Exports as DESIGN's contract: /teams/:slug.vcf, /teams/:slug/rfc2350.txt, /teams/:slug/security.txt and the
 * whole directory as /api/v1/teams.csv and /api/v1/teams.json — each with the fields the caller may see, only for
 * active teams (a suspended or withdrawn team's exports are 404, for the secretariat too: exports travel).
 */
import type { Request } from 'express';
import type { AppContext } from '../context';
import type { GuardedRouter } from '../http/access';
import { notFound } from '../http/errors';
import { parseQuery } from '../http/validate';
import { viewerOf } from '../http/viewer';
import { translator } from '../i18n';
import { toCsv, toRfc2350, toSecurityTxt, toVcard } from './exports';
import { apiTeamsQuery, directoryFilters, QUERY_MESSAGES } from './forms';
import type { TeamView } from './presenter';
import type { DirectoryService } from './service';

/** The whole directory in one export; beyond this, page through the JSON API. */
const EXPORT_MAX = 20_000;

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
      .send(toVcard(team, ctx.config.publicUrl));
  });

  r.get('/teams/:slug/rfc2350.txt', 'public', async (req, res) => {
    const team = await activeTeam(req);
    const associationName = translator('en')('site.name');
    res
      .type('text/plain; charset=utf-8')
      .send(toRfc2350(team, { siteUrl: ctx.config.publicUrl, associationName, now: ctx.clock.now() }));
  });

  r.get('/teams/:slug/security.txt', 'public', async (req, res) => {
    const team = await activeTeam(req);
    res
      .type('text/plain; charset=utf-8')
      .send(toSecurityTxt(team, { siteUrl: ctx.config.publicUrl, now: ctx.clock.now() }));
  });
}

export function registerDirectoryExportApi(r: GuardedRouter, directory: DirectoryService): void {
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

  r.get('/teams.csv', 'public', async (req, res) => {
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', 'attachment; filename="teams.csv"')
      .send(toCsv(await everything(req)));
  });

  r.get('/teams.json', 'public', async (req, res) => {
    const items = await everything(req);
    res.json({ items, total: items.length });
  });
}
