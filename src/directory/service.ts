/**
 * Directory use cases: find teams and show one, as the viewer may see them.
 */

import { clearance, type Viewer } from '../accounts/viewer';
import { visibleClaimsByTeam } from '../constituency/queries';
import type { AppContext } from '../context';
import { lastResultsByTeam } from '../drills/results';
import { findTeamBySlug, searchTeams } from '../entry/queries';
import { DirectoryReadCache, type Horizon } from '../entry/read-cache';
import type { TeamRow } from '../entry/schema';
import type { VisibilityField } from '../entry/visibility';
import { TEAM_STATUSES } from '../entry/vocabulary';
import { notFound } from '../http/errors';
import { type SerialisedAnswer, serialiseJson } from '../http/serialised';
import { keyHistoryOfTeam, servedKeysByTeam } from '../keys/service';
import type { DirectoryFilters } from './forms';
import { hiddenFields, presentTeam, type TeamView } from './presenter';

/** One page of results: the shape of GET /api/v1/teams. */
export interface DirectoryPage {
  items: TeamView[];
  total: number;
  limit: number;
  offset: number;
}

export interface DirectoryQuery extends DirectoryFilters {
  limit: number;
  offset: number;
}

/** Suspended and withdrawn teams leave the directory for everyone but the secretariat. */
export function listedStatuses(viewer: Viewer): TeamRow['status'][] {
  return viewer.kind === 'secretariat' ? [...TEAM_STATUSES] : ['active'];
}

/** A search's cache key: the query and the viewer's clearance (what decides which teams and fields they see). */
function searchKey(kind: string, query: DirectoryQuery, viewer: Viewer, now: () => Date): string {
  return JSON.stringify([
    kind,
    clearance(viewer),
    query.q,
    query.region,
    query.industry,
    query.service,
    query.constituency,
    // "Reachable now" changes with the clock: cached for the minute it was asked in.
    query.reachable ? Math.floor(now().getTime() / 60_000) : null,
    query.limit,
    query.offset,
  ]);
}

export function createDirectoryService(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config'> & Partial<Pick<AppContext, 'database'>>,
) {
  const cache = new DirectoryReadCache(ctx.db, ctx.clock);
  // Until (and unless) notifications are subscribed, the cache checks the generation per read: always correct.
  if (ctx.database) void cache.subscribe(ctx.database).catch(() => undefined);
  const now = () => ctx.clock.now();
  return {
    /**
     * Results depend on the query and on what the viewer's clearance lets them see — nothing else. `parent`: the
     * horizon of an answer built from these results (read-cache.ts).
     */
    search(query: DirectoryQuery, viewer: Viewer, parent?: Horizon): Promise<DirectoryPage> {
      return cache.read(
        searchKey('search', query, viewer, now),
        (horizon) => this.searchUncached(query, viewer, horizon),
        parent,
      );
    },

    /**
     * The API's answer, serialised once per cached result. Its key holds everything the bytes depend on: the
     * search's key (query, clearance — which is also what a token's owner is cleared for) and the JSON spacing.
     * The JSON does not depend on the reader's language.
     */
    searchAnswer(
      query: DirectoryQuery,
      viewer: Viewer,
      spaces: number | string | undefined,
    ): Promise<SerialisedAnswer> {
      return cache.read(searchKey(`search-json:${spaces ?? ''}`, query, viewer, now), async (horizon) =>
        serialiseJson(await this.search(query, viewer, horizon), spaces),
      );
    },

    /**
     * A whole page kept like the reads it shows (per generation, until a state it shows changes: `render` hands its
     * horizon to the reads it makes). `key` must hold everything the page depends on besides the directory's data;
     * routes.ts uses it for anonymous readers only.
     */
    page<T>(key: readonly string[], render: (horizon: Horizon) => Promise<T>): Promise<T> {
      return cache.read(JSON.stringify(['page', ...key]), render);
    },

    async searchUncached(query: DirectoryQuery, viewer: Viewer, horizon?: Horizon): Promise<DirectoryPage> {
      // "Reachable now" is asked per minute (searchKey): its answer holds until the minute is over.
      if (query.reachable) horizon?.until((Math.floor(ctx.clock.now().getTime() / 60_000) + 1) * 60_000);
      const { rows, total } = await searchTeams(ctx.db, {
        ...query,
        reachableAt: query.reachable ? ctx.clock.now() : undefined,
        statuses: listedStatuses(viewer),
        clearance: clearance(viewer),
      });
      const ids = rows.map((r) => r.id);
      const keys = await servedKeysByTeam(ctx.db, ids);
      const [claims, drills] = await Promise.all([
        visibleClaimsByTeam(ctx.db, ids, clearance(viewer)),
        lastResultsByTeam(ctx.db, ids),
      ]);
      const now = ctx.clock.now();
      const items = rows.map((row) =>
        presentTeam(
          row,
          keys.get(row.id),
          { viewer, now, config: ctx.config, horizon },
          { claims: claims.get(row.id), drill: drills.get(row.id) },
        ),
      );
      return { items, total, limit: query.limit, offset: query.offset };
    },

    async show(slug: string, viewer: Viewer): Promise<{ team: TeamView; hidden: VisibilityField[] }> {
      const found = await this.cachedShow(slug, viewer);
      if (!found) throw notFound('error.teamNotFound', { slug });
      return found;
    },

    /** GET /api/v1/teams/:slug's answer, serialised once per cached result (keyed like show, plus the spacing). */
    async showAnswer(slug: string, viewer: Viewer, spaces: number | string | undefined): Promise<SerialisedAnswer> {
      const key = JSON.stringify(['show-json', spaces ?? '', clearance(viewer), slug]);
      const found = await cache.read(key, async (horizon) => {
        const shown = await this.cachedShow(slug, viewer, horizon);
        return shown ? serialiseJson(shown.team, spaces) : null;
      });
      if (!found) throw notFound('error.teamNotFound', { slug });
      return found;
    },

    cachedShow(slug: string, viewer: Viewer, parent?: Horizon) {
      const key = JSON.stringify(['show', clearance(viewer), slug]);
      return cache.read(key, (horizon) => this.showUncached(slug, viewer, horizon), parent);
    },

    async showUncached(
      slug: string,
      viewer: Viewer,
      horizon?: Horizon,
    ): Promise<{ team: TeamView; hidden: VisibilityField[] } | null> {
      const row = /^[a-z0-9][a-z0-9-]{0,62}$/.test(slug) ? await findTeamBySlug(ctx.db, slug) : undefined;
      if (!row || !listedStatuses(viewer).includes(row.status)) return null;
      const keys = await servedKeysByTeam(ctx.db, [row.id]);
      const [claims, drills] = await Promise.all([
        visibleClaimsByTeam(ctx.db, [row.id], clearance(viewer)),
        lastResultsByTeam(ctx.db, [row.id]),
      ]);
      const now = ctx.clock.now();
      const team = presentTeam(
        row,
        keys.get(row.id),
        { viewer, now, config: ctx.config, horizon },
        { claims: claims.get(row.id), drill: drills.get(row.id) },
      );
      // The team page also lists retired keys with their dates, so readers can match old messages to them.
      if (team.key !== undefined) {
        const history = await keyHistoryOfTeam(ctx.db, row.id, now, horizon);
        team.retiredKeys = history.filter((k) => k.role === 'retired');
      }
      return { team, hidden: hiddenFields(row, viewer, keys.get(row.id)) };
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
