/** JSON API of the directory: GET /api/v1/teams and GET /api/v1/teams/:slug. */
import type { Response } from 'express';
import { viewerOf } from '../accounts/request-user';
import type { GuardedRouter } from '../http/access';
import { parseQuery } from '../http/validate';
import { API_DEFAULT_LIMIT, apiTeamsQuery, directoryFilters, QUERY_MESSAGES } from './forms';
import type { DirectoryService } from './service';

/**
 * Answers are serialised once per cached result (the read cache hands out the same object until it changes), so a
 * popular search costs no JSON encoding after the first time.
 */
const serialised = new WeakMap<object, string>();

function sendJson(res: Response, value: object): void {
  let body = serialised.get(value);
  if (body === undefined) {
    body = JSON.stringify(value, null, res.app.get('json spaces'));
    serialised.set(value, body);
  }
  res.type('application/json').send(body);
}

export function registerDirectoryApiRoutes(r: GuardedRouter, directory: DirectoryService): void {
  r.get('/teams', 'public', async (req, res) => {
    const query = parseQuery(apiTeamsQuery, req.query, QUERY_MESSAGES);
    const limit = query.limit ?? API_DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const page = await directory.search(
      {
        ...directoryFilters(query),
        limit,
        offset,
      },
      viewerOf(req),
    );
    sendJson(res, page);
  });

  r.get('/teams/:slug', 'public', async (req, res) => {
    const { team } = await directory.show(String(req.params.slug), viewerOf(req));
    sendJson(res, team);
  });
}
