/**
 * security.txt (RFC 9116) of a team.
 *
 * Expires is the entry's confirmation due date — a stored instant, so it never moves with the clock: a team that
 * confirms its entry gets a new due date and with it a new Expires; a team that does not gets a file that expires
 * when its confirmation falls due, and from then on consumers treat it as stale (RFC 9116 §2.5.5), as the
 * directory does. With the default 365-day cycle it is never more than a year ahead, as the RFC recommends.
 */
import { phoneUri } from '../../entry/phone';
import type { TeamView } from '../presenter';
import type { ExportContext } from './context';
import { freshnessWarningEn } from './freshness-note';

/** RFC 9116 wants an RFC 3339 timestamp; whole seconds read better. */
const rfc3339 = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function toSecurityTxt(team: TeamView, ex: ExportContext): string {
  const lines = [`# ${team.shortName}: generated from the team's entry in the directory at ${ex.siteUrl}/`];
  const warning = freshnessWarningEn(team.freshness, ex.timeZone);
  if (warning) lines.push(`# ${warning}`);
  if (team.email) lines.push(`Contact: mailto:${team.email}`);
  const phone = phoneUri(team.emergencyPhone) ?? phoneUri(team.phone);
  if (phone) lines.push(`Contact: ${phone}`);
  // RFC 9116 requires a Contact: with the team's own channels hidden from this caller, its page is the way in.
  if (!team.email && !phone) lines.push(`Contact: ${team.url}`);
  lines.push(`Expires: ${rfc3339(team.freshness.dueAt)}`);
  if (team.key) lines.push(`Encryption: ${ex.siteUrl}/teams/${team.slug}/key.asc`);
  if (team.languages?.length) lines.push(`Preferred-Languages: ${team.languages.join(', ')}`);
  lines.push(`Canonical: ${ex.siteUrl}/teams/${team.slug}/security.txt`);
  return `${lines.join('\n')}\n`;
}
