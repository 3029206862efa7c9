/**
 * Directory use cases: find teams and show one, as the viewer may see them.
 */
import type { AppContext } from '../context';
import { notFound } from '../http/errors';
import { servedKeysByTeam } from '../keys/service';
import { hiddenFields, presentTeam, type TeamView } from './presenter';
import { findTeamBySlug, searchTeams } from './queries';
import type { TeamRow } from './schema';
import type { Viewer, VisibilityField } from './visibility';

export interface DirectoryQuery {
  q?: string;
  region?: string;
  industry?: string;
  limit: number;
  offset: number;
}

/** Suspended and withdrawn teams leave the directory for everyone but the secretariat. */
function listedStatuses(viewer: Viewer): TeamRow['status'][] {
  return viewer.kind === 'secretariat' ? ['active', 'suspended', 'withdrawn'] : ['active'];
}

export function createDirectoryService(ctx: Pick<AppContext, 'db' | 'clock' | 'config'>) {
  return {
    async search(query: DirectoryQuery, viewer: Viewer): Promise<{ items: TeamView[]; total: number }> {
      const { rows, total } = await searchTeams(ctx.db, { ...query, statuses: listedStatuses(viewer) });
      const keys = await servedKeysByTeam(
        ctx.db,
        rows.map((r) => r.id),
      );
      const now = ctx.clock.now();
      const items = rows.map((row) => presentTeam(row, keys.get(row.id), { viewer, now, config: ctx.config }));
      return { items, total };
    },

    async show(slug: string, viewer: Viewer): Promise<{ team: TeamView; hidden: VisibilityField[] }> {
      const row = /^[a-z0-9][a-z0-9-]{0,62}$/.test(slug) ? await findTeamBySlug(ctx.db, slug) : undefined;
      if (!row || !listedStatuses(viewer).includes(row.status)) {
        throw notFound('error.teamNotFound', { slug });
      }
      const keys = await servedKeysByTeam(ctx.db, [row.id]);
      const team = presentTeam(row, keys.get(row.id), { viewer, now: ctx.clock.now(), config: ctx.config });
      return { team, hidden: hiddenFields(row, viewer) };
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
