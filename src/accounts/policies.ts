/**
 * Who may do what, as small rules checked in services (and, as a first line, by each route's declared access).
 * `authorize` throws 403; callers that want to audit a refusal catch nothing — the error handler records it.
 */
import { forbidden } from '../http/errors';
import { activeTeamIds, type SessionUser } from './session-user';

type Action =
  | 'read-members-area' // members-only fields, exports, member API
  | 'edit-team' // a team's entry and keys
  | 'manage-team-users' // invite and remove a team's users
  | 'sponsor' // endorse or object to an applicant for a team: its own editors only, never the secretariat by office
  | 'administer'; // the secretariat's area

export interface TeamRef {
  id: string;
}

export function can(user: SessionUser | null | undefined, action: Action, team?: TeamRef): boolean {
  if (!user) return false;
  // A sponsorship speaks for a member team, so only that team's own editors may give it.
  if (action === 'sponsor') return !!team && isEditorOf(user, team);
  if (user.isSecretariat) return true;
  switch (action) {
    case 'read-members-area':
      return activeTeamIds(user).length > 0;
    case 'edit-team':
    case 'manage-team-users':
      return !!team && isEditorOf(user, team);
    case 'administer':
      return false;
  }
}

function isEditorOf(user: SessionUser, team: TeamRef): boolean {
  return user.memberships.some((m) => m.teamId === team.id && m.role === 'editor' && m.status === 'active');
}

export function authorize(
  user: SessionUser | null | undefined,
  action: Action,
  team?: TeamRef,
): asserts user is SessionUser {
  if (!can(user, action, team)) throw forbidden(action);
}
