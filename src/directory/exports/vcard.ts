/**
 * vCard 4.0 (RFC 6350) of a team, from its TeamView (so it holds only what the caller may see). The note is in
 * the reader's language and, for a stale or overdue entry, starts with the same freshness words as the page.
 */

import { FIELD_LIST } from '../../entry/fields';
import { vText } from '../../entry/fields/kinds';
import { pick } from '../../i18n';
import type { TeamView } from '../presenter';
import type { ExportContext } from './context';
import { freshnessWarning } from './freshness-note';

const CRLF = '\r\n';

export { vText };

/** A component of a structured value (ORG): its semicolons separate components, so escape them too. */
export function vComponent(text: string): string {
  return vText(text).replace(/;/g, '\\;');
}

/**
 * RFC 6350 §3.2: a line longer than 75 octets is folded (CRLF + one space), never inside a UTF-8 character and,
 * for parsers that unescape before unfolding, never between a backslash and the character it escapes.
 */
export function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const unit of line.match(/\\.|[\s\S]/gu) ?? []) {
    const size = Buffer.byteLength(unit, 'utf8');
    if (octets + size > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += unit;
    octets += size;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

/** REV as a vCard timestamp (20260122T030000Z). */
function vcardTimestamp(iso: string | null): string | null {
  return iso ? iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '') : null;
}

/** The note and its language: the freshness warning (reader's language) and the overview (the reader's, else the other). */
function note(team: TeamView, ex: ExportContext): { text: string; language: string | null } | null {
  const warning = freshnessWarning(team.freshness, ex.t, ex.fmtDate);
  const overview = team.introduction ? pick(ex.locale, team.introduction.overview) : '';
  const overviewLanguage = team.introduction?.overview[ex.locale].trim() ? ex.locale : 'other';
  const parts = [warning, overview].filter((p): p is string => Boolean(p?.trim()));
  if (!parts.length) return null;
  // One LANGUAGE parameter covers the whole value: named only when every part is in the reader's language.
  return { text: parts.join('\n\n'), language: !overview.trim() || overviewLanguage === ex.locale ? ex.locale : null };
}

export function toVcard(team: TeamView, ex: ExportContext): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', 'KIND:org'];
  lines.push(`FN:${vText(team.shortName)}`);
  // ORG is structured (organisation;unit): the team's official name is the unit.
  const org = (o: string, unit: string) => [o, unit].filter(Boolean).map(vComponent).join(';');
  lines.push(`ORG:${org(team.organization.ja || team.organization.en, team.officialName.ja || team.officialName.en)}`);
  if (team.organization.en && team.organization.ja) {
    lines.push(`ORG;LANGUAGE=en:${org(team.organization.en, team.officialName.en)}`);
  }
  // The fields that declare vCard properties (email, phones, website, time zone, languages), where visible.
  for (const [name, field] of FIELD_LIST) {
    const value = (team as Record<string, unknown>)[name];
    if (field.vcard && value !== undefined && value !== null) lines.push(...field.vcard(value));
  }
  if (team.key) lines.push(`KEY;MEDIATYPE=application/pgp-keys:${ex.siteUrl}/teams/${team.slug}/key.asc`);
  const text = note(team, ex);
  if (text) lines.push(`NOTE${text.language ? `;LANGUAGE=${text.language}` : ''}:${vText(text.text)}`);
  const rev = vcardTimestamp(team.freshness.confirmedAt);
  if (rev) lines.push(`REV:${rev}`);
  lines.push(`UID:${team.url}`);
  lines.push(`SOURCE:${ex.siteUrl}/teams/${team.slug}.vcf`);
  lines.push('END:VCARD');
  return `${lines.map(fold).join(CRLF)}${CRLF}`;
}
