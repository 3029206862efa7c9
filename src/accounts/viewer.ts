/**
 * What a caller may see: anonymous callers see public fields; users of any member team also see members-only
 * fields; the secretariat sees everything. The entry's visibility rules decide per field by clearance level.
 */
import type { VisibilityLevel } from '../entry/vocabulary';

export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'member'; userId: string; teamIds: string[] }
  | { kind: 'secretariat'; userId: string };

export function clearance(viewer: Viewer): VisibilityLevel {
  if (viewer.kind === 'secretariat') return 'secretariat';
  if (viewer.kind === 'member') return 'members';
  return 'public';
}
