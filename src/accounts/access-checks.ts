/**
 * The route guards' decisions (http/access.ts) made by accounts: who is signed in, and what the policies let them
 * do. The team a team-editor route names is looked up in the directory.
 */
import type { DbOrTx } from '../db/client';
import { findTeamBySlug } from '../entry/queries';
import { ACCESS_ACTIONS, type AccessChecks } from '../http/access';
import { can } from './policies';
import { currentUser } from './request-user';
import type { SessionUser } from './session-user';

export function accessChecks(db: DbOrTx): AccessChecks {
  return {
    userOf: currentUser,
    // The guard hands back the user userOf found.
    allows: (user, access, team) => can(user as SessionUser, ACCESS_ACTIONS[access], team),
    teamBySlug: async (slug) => {
      const team = await findTeamBySlug(db, slug);
      return team && { id: team.id, slug: team.slug, shortName: team.shortName, status: team.status };
    },
  };
}
