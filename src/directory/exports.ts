/**
 * The formats other tools read, built from a TeamView — the presenter's output, so every export shows exactly the
 * fields the caller may see: vCard 4.0 (RFC 6350), an RFC 2350 description, security.txt (RFC 9116) and CSV for
 * spreadsheets (UTF-8 with a byte-order mark, which Excel in Japan needs to read UTF-8).
 */
import { DAY_MS } from '../clock';
import type { TeamView } from './presenter';

const CRLF = '\r\n';
const pickEn = (v: { ja: string; en: string }) => (v.en.trim() ? v.en : v.ja);

/** RFC 6350 §3.4 text escaping: backslash, comma and newline; semicolons only inside structured values. */
function vEscape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** A component of a structured value (ORG): its semicolons separate components, so escape them too. */
function vComponent(text: string): string {
  return vEscape(text).replace(/;/g, '\\;');
}

/** RFC 6350 §3.2: lines longer than 75 octets are folded, never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

function vcardTimestamp(iso: string | null): string | null {
  return iso ? `${iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '')}` : null;
}

export function toVcard(team: TeamView, siteUrl: string): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', 'KIND:org'];
  lines.push(`FN:${vEscape(team.shortName)}`);
  // ORG is structured (organisation;unit): the team's official name is the unit.
  const org = (o: string, unit: string) => [o, unit].filter(Boolean).map(vComponent).join(';');
  lines.push(`ORG:${org(team.organization.ja || team.organization.en, team.officialName.ja || team.officialName.en)}`);
  if (team.organization.en && team.organization.ja) {
    lines.push(`ORG;LANGUAGE=en:${org(team.organization.en, team.officialName.en)}`);
  }
  if (team.email) lines.push(`EMAIL;TYPE=work;PREF=1:${vEscape(team.email)}`);
  if (team.phone) lines.push(`TEL;VALUE=uri;TYPE="voice,work":tel:${team.phone}`);
  if (team.emergencyPhone) lines.push(`TEL;VALUE=uri;TYPE="voice,work";PREF=1:tel:${team.emergencyPhone}`);
  if (team.website) lines.push(`URL:${team.website}`);
  if (team.key) lines.push(`KEY;MEDIATYPE=application/pgp-keys:${siteUrl}/teams/${team.slug}/key.asc`);
  if (team.timeZone) lines.push(`TZ;VALUE=text:${vEscape(team.timeZone)}`);
  for (const [i, l] of (team.languages ?? []).entries()) lines.push(`LANG;PREF=${i + 1}:${l}`);
  if (team.introduction) lines.push(`NOTE:${vEscape(pickEn(team.introduction.overview))}`);
  const rev = vcardTimestamp(team.freshness.confirmedAt);
  if (rev) lines.push(`REV:${rev}`);
  lines.push(`UID:${team.url}`);
  lines.push(`SOURCE:${siteUrl}/teams/${team.slug}.vcf`);
  lines.push('END:VCARD');
  return `${lines.map(fold).join(CRLF)}${CRLF}`;
}

const SERVICE_TEXT: Record<string, string> = {
  information_security_event_management:
    'Information security event management: monitoring and detection, event analysis.',
  information_security_incident_management:
    'Information security incident management: report acceptance, analysis, coordination, mitigation and recovery.',
  vulnerability_management:
    'Vulnerability management: discovery, report intake, analysis, coordination and disclosure.',
  situational_awareness: 'Situational awareness: data acquisition, analysis and synthesis, communication.',
  knowledge_transfer: 'Knowledge transfer: awareness building, training and education, exercises, technical advisory.',
};

const CONSTITUENCY_TEXT: Record<string, string> = {
  own_organization: 'its own organisation',
  group_companies: 'group companies',
  customers: 'customers',
  products: "users of the organisation's products (PSIRT)",
  national: 'a nation or region',
};

function section(title: string, body: string[]): string {
  return [title, '', ...body.map((b) => (b ? `   ${b}` : '')), ''].join('\n');
}

/** RFC 2350 "Expectations for Computer Security Incident Response", filled from the entry (plain text, English). */
export function toRfc2350(team: TeamView, opts: { siteUrl: string; associationName: string; now: Date }): string {
  const url = `${opts.siteUrl}/teams/${team.slug}/rfc2350.txt`;
  const lastUpdate = (team.freshness.confirmedAt ?? opts.now.toISOString()).slice(0, 10);
  const hours = team.businessHours
    ? `${team.businessHours.days.map((d) => ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d]).join(', ')} ${team.businessHours.open}-${team.businessHours.close} (${team.timeZone ?? 'Asia/Tokyo'})`
    : 'Not stated.';
  const key = team.key
    ? [`Fingerprint: ${team.key.fingerprint}`, `Key: ${opts.siteUrl}/teams/${team.slug}/key.asc`]
    : ['No PGP key is registered.'];
  const intro = team.introduction;
  const parts = [
    `Description of ${team.shortName} in accordance with RFC 2350`,
    '',
    section('1. Document Information', [
      'This document describes the team according to RFC 2350. It is generated from the',
      `team's entry in the ${opts.associationName} directory.`,
    ]),
    section('1.1. Date of Last Update', [`${lastUpdate} (last confirmation of the entry by the team)`]),
    section('1.2. Distribution List for Notifications', ['There is no distribution list for notifications.']),
    section('1.3. Locations where this Document May Be Found', [url]),
    section('2. Contact Information', []),
    section('2.1. Name of the Team', [`${team.shortName} (${pickEn(team.officialName)})`]),
    section('2.2. Address', [pickEn(team.organization)]),
    section('2.3. Time Zone', [team.timeZone ?? 'Asia/Tokyo']),
    section('2.4. Telephone Number', [team.phone ?? 'Not published.']),
    section('2.5. Facsimile Number', ['None.']),
    section('2.6. Other Telecommunication', [team.emergencyPhone ? `24/7 emergency: ${team.emergencyPhone}` : 'None.']),
    section('2.7. Electronic Mail Address', [team.email ?? 'Not published.']),
    section('2.8. Public Keys and Encryption Information', key),
    section('2.9. Team Members', ['Not published.']),
    section('2.10. Other Information', [team.website ? `Website: ${team.website}` : 'None.']),
    section('2.11. Points of Customer Contact', [
      `The preferred method is e-mail to ${team.email ?? 'the team'}, encrypted with the key above.`,
      `Business hours: ${hours}`,
      `Languages: ${(team.languages ?? ['ja']).join(', ')}`,
    ]),
    section('3. Charter', []),
    section('3.1. Mission Statement', [intro ? pickEn(intro.overview) : 'Not published.']),
    section('3.2. Constituency', [
      team.constituency
        ? `${team.constituency.types.map((c) => CONSTITUENCY_TEXT[c] ?? c).join(', ')}. ${pickEn(team.constituency.description)}`.trim()
        : 'Not published.',
    ]),
    section('3.3. Sponsorship and/or Affiliation', [
      `${pickEn(team.organization)}. Member of the ${opts.associationName} since ${team.memberSince}.`,
    ]),
    section('3.4. Authority', [intro && pickEn(intro.activities) ? pickEn(intro.activities) : 'Not published.']),
    section('4. Policies', []),
    section('4.1. Types of Incidents and Level of Support', [
      'Incidents affecting the constituency are handled according to the services below.',
    ]),
    section('4.2. Co-operation, Interaction and Disclosure of Information', [
      `The team co-operates with other teams of the ${opts.associationName} and handles information`,
      'received from them appropriately.',
    ]),
    section('4.3. Communication and Authentication', [
      team.key
        ? 'Sensitive information should be sent encrypted with the PGP key in 2.8.'
        : 'No PGP key is registered.',
    ]),
    section(
      '5. Services',
      (team.services ?? []).map((s) => `- ${SERVICE_TEXT[s] ?? s}`),
    ),
    section('6. Incident Reporting Forms', ['No form: report by e-mail to the address in 2.7.']),
    section('7. Disclaimers', [
      'While every precaution is taken in the preparation of information, notifications and alerts, the team',
      'assumes no responsibility for errors or omissions, or for damages resulting from the use of the',
      'information within.',
    ]),
  ];
  return `${parts.join('\n').trimEnd()}\n`;
}

/**
 * security.txt (RFC 9116). Expires is the entry's next confirmation date when that lies within a year; for an entry
 * already past due, one week ahead — an unconfirmed entry should not be trusted for long.
 */
export function toSecurityTxt(team: TeamView, opts: { siteUrl: string; now: Date }): string {
  const due = new Date(team.freshness.dueAt);
  const yearAhead = new Date(opts.now.getTime() + 365 * DAY_MS);
  const expires = due > opts.now ? (due < yearAhead ? due : yearAhead) : new Date(opts.now.getTime() + 7 * DAY_MS);
  const lines: string[] = [];
  if (team.email) lines.push(`Contact: mailto:${team.email}`);
  if (team.emergencyPhone) lines.push(`Contact: tel:${team.emergencyPhone}`);
  else if (team.phone) lines.push(`Contact: tel:${team.phone}`);
  lines.push(`Expires: ${expires.toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
  if (team.key) lines.push(`Encryption: ${opts.siteUrl}/teams/${team.slug}/key.asc`);
  lines.push(`Preferred-Languages: ${(team.languages ?? ['ja']).join(', ')}`);
  lines.push(`Canonical: ${opts.siteUrl}/teams/${team.slug}/security.txt`);
  return `${lines.join('\n')}\n`;
}

export const CSV_COLUMNS = [
  'slug',
  'shortName',
  'officialNameJa',
  'officialNameEn',
  'organizationJa',
  'organizationEn',
  'foundedOn',
  'memberSince',
  'region',
  'industry',
  'email',
  'website',
  'phone',
  'emergencyPhone',
  'languages',
  'freshness',
  'confirmedAt',
  'unconfirmedSince',
  'keyFingerprint',
  'keyExpires',
  'url',
] as const;

/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe
 * — except phone numbers in E.164, which are data, not formulas.
 */
function cell(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text) && !/^\+\d{7,15}$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(teams: TeamView[]): string {
  const rows = teams.map((t) =>
    [
      t.slug,
      t.shortName,
      t.officialName.ja,
      t.officialName.en,
      t.organization.ja,
      t.organization.en,
      t.foundedOn,
      t.memberSince,
      t.region,
      t.industry,
      t.email,
      t.website,
      t.phone,
      t.emergencyPhone,
      t.languages?.join(' '),
      t.freshness.state,
      t.freshness.confirmedAt,
      t.freshness.unconfirmedSince,
      t.key?.fingerprint,
      t.key?.expires,
      t.url,
    ]
      .map(cell)
      .join(','),
  );
  return `\uFEFF${[CSV_COLUMNS.join(','), ...rows].join(CRLF)}${CRLF}`;
}
