/** JSON API of the directory: GET /api/v1/teams and GET /api/v1/teams/:slug. */
import { viewerOf } from '../accounts/request-user';
import type { GuardedRouter } from '../http/access';
import { sendSerialised } from '../http/serialised';
import { parseQuery } from '../http/validate';
import { API_DEFAULT_LIMIT, apiTeamsQuery, directoryFilters, QUERY_MESSAGES } from './forms';
import type { DirectoryService } from './service';

export function registerDirectoryApiRoutes(r: GuardedRouter, directory: DirectoryService): void {
  r.get('/teams', 'public', async (req, res) => {
    const query = parseQuery(apiTeamsQuery, req.query, QUERY_MESSAGES);
    const limit = query.limit ?? API_DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const filters = { ...directoryFilters(query), limit, offset };
    // Serialised once per cached result: a popular search costs no JSON encoding or hashing after the first time.
    sendSerialised(res, await directory.searchAnswer(filters, viewerOf(req), req.app.get('json spaces')));
  });

  r.get('/teams/:slug', 'public', async (req, res) => {
    sendSerialised(res, await directory.showAnswer(String(req.params.slug), viewerOf(req), req.app.get('json spaces')));
  });
}
