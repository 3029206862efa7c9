/** JSON API of the directory: GET /api/v1/teams and GET /api/v1/teams/:slug. */
import { Router } from 'express';
import type { AppContext } from '../context';
import { parseQuery } from '../http/validate';
import { viewerOf } from '../http/viewer';
import { API_DEFAULT_LIMIT, apiTeamsQuery, QUERY_MESSAGES } from './forms';
import { createDirectoryService } from './service';

export function createDirectoryApiRouter(ctx: AppContext): Router {
  const directory = createDirectoryService(ctx);
  const router = Router();

  router.get('/teams', async (req, res) => {
    const query = parseQuery(apiTeamsQuery, req.query, QUERY_MESSAGES);
    const limit = query.limit ?? API_DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const { items, total } = await directory.search(
      { q: query.q, region: query.region, industry: query.industry, limit, offset },
      viewerOf(req),
    );
    res.json({ items, total, limit, offset });
  });

  router.get('/teams/:slug', async (req, res) => {
    const { team } = await directory.show(req.params.slug, viewerOf(req));
    res.json(team);
  });

  return router;
}
