/**
 * RFC 2350 "Expectations for Computer Security Incident Response": the description of a team in the template of
 * the RFC's Appendix D, section for section (1.1–1.4, 2.1–2.11, 3.1–3.4, 4.1–4.3, 5.1 with 5.1.1–5.1.3, 5.2, 6, 7),
 * in English as the template is, filled from the entry the caller may see. Section 5 is derived from the entry's
 * FIRST CSIRT Services Framework areas. A field the entry lacks says "Not stated."; one hidden from this caller
 * says "Not published." — never something else in its place.
 */

import { CLAIM_KIND_RULES } from '../../constituency/vocabulary';
import { FIELD_LIST } from '../../entry/fields';
import { formatBusinessHours, formatLanguages } from '../../entry/format';
import { formatPhone } from '../../entry/phone';
import { type Translate, translator } from '../../i18n';
import type { TeamView } from '../presenter';
import type { ExportContext } from './context';
import { freshnessWarningEn, isoDay } from './freshness-note';
import { incidentResponse, proactiveActivities } from './rfc2350-services';

const NOT_STATED = 'Not stated.';
const NOT_PUBLISHED = 'Not published.';

/** Text as a sentence: one final full stop, never two ("Co., Ltd.." is what this prevents). */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?。．！？]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** "the CSIRT Directory" rather than "the CSIRT Directory directory". */
export function theDirectory(siteName: string): string {
  return /\bdirectory\b/i.test(siteName) ? `the ${siteName}` : `the ${siteName} directory`;
}

const en = (v: { ja: string; en: string }) => (v.en.trim() ? v.en : v.ja).trim();

/** A field's text: its value, "Not published." when hidden from this caller (absent), else "Not stated.". */
function shown<T>(value: T | null | undefined, text: (v: T) => string): string {
  if (value === undefined) return NOT_PUBLISHED;
  if (value === null || value === '') return NOT_STATED;
  const out = text(value).trim();
  return out ? out : NOT_STATED;
}

/** Columns of text after the three-space indent, as RFC-style plain text has it. */
const WIDTH = 69;

/** Display width: East Asian wide and full-width characters take two columns. */
const columns = (ch: string) =>
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;

/** A paragraph as lines of at most WIDTH columns: broken at spaces, or between characters in text without them. */
export function wrap(paragraph: string): string[] {
  const lines: string[] = [];
  for (const source of paragraph.split(/\r\n|\r|\n/)) {
    let line = '';
    let used = 0;
    const put = (piece: string, size: number, space: boolean) => {
      if (line && used + (space ? 1 : 0) + size > WIDTH) {
        lines.push(line);
        line = '';
        used = 0;
      }
      const gap = line && space ? ' ' : '';
      line += gap + piece;
      used += gap.length + size;
    };
    for (const word of source.split(/\s+/).filter(Boolean)) {
      const chars = [...word];
      const size = chars.reduce((n, c) => n + columns(c), 0);
      // A word that fits stays whole; a longer one (or Japanese, written without spaces) breaks where it must.
      if (size <= WIDTH && size === chars.length) put(word, size, true);
      else for (const [k, c] of chars.entries()) put(c, columns(c), k === 0);
    }
    lines.push(line);
  }
  return lines;
}

/** A numbered section: its title, then each paragraph wrapped and indented; a heading alone has no body. */
function section(title: string, body: string[]): string {
  if (!body.length) return `${title}\n`;
  return [title, '', ...body.flatMap((b) => (b ? wrap(b).map((l) => (l ? `   ${l}` : '')) : [''])), ''].join('\n');
}

interface Parts {
  team: TeamView;
  ex: ExportContext;
  t: Translate;
  directory: string;
}

function documentInformation({ team, ex, directory }: Parts): string[] {
  const confirmed = isoDay(team.freshness.confirmedAt, ex.timeZone);
  const warning = freshnessWarningEn(team.freshness, ex.timeZone);
  return [
    section('1. Document Information', [
      `This document describes ${team.shortName} according to RFC 2350. It is generated from the team's entry in ${directory} (${ex.siteUrl}/) each time it is fetched.`,
    ]),
    section('1.1. Date of Last Update', [
      confirmed
        ? `${confirmed} (the team's last confirmation of its entry)`
        : 'Not stated: the entry has never been confirmed.',
      ...(warning ? ['', warning] : []),
    ]),
    section('1.2. Distribution List for Notifications', ['There is no distribution list for notifications.']),
    section('1.3. Locations where this Document May Be Found', [`${ex.siteUrl}/teams/${team.slug}/rfc2350.txt`]),
    section('1.4. Authenticating this Document', [
      `This document is not signed. Fetch it from the location in 1.3 and compare the key fingerprint in 2.8 with the team's page in ${directory}.`,
    ]),
  ];
}

function contactInformation({ team, t }: Parts, siteUrl: string): string[] {
  const international = (v: string) => formatPhone(v, 'en');
  const officialName = en(team.officialName);
  const name = officialName && officialName.toLowerCase() !== team.shortName.toLowerCase();
  const key = team.key
    ? [
        `Fingerprint: ${team.key.fingerprint}`,
        `Key: ${siteUrl}/teams/${team.slug}/key.asc`,
        ...(team.key.expires ? [`Expires: ${team.key.expires.slice(0, 10)}`] : []),
        ...(team.nextKey ? [`Next key (rotation): ${team.nextKey.fingerprint}`] : []),
      ]
    : [team.key === undefined ? NOT_PUBLISHED : 'No PGP key is registered.'];
  const hours = shown(team.businessHours, (h) => formatBusinessHours(h, team.timeZone, t));
  return [
    section('2. Contact Information', []),
    section('2.1. Name of the Team', [name ? `${team.shortName} (${officialName})` : team.shortName]),
    section('2.2. Address', [`${NOT_STATED} The directory keeps no postal address for its teams.`]),
    section('2.3. Time Zone', [shown(team.timeZone, (z) => z)]),
    section('2.4. Telephone Number', [shown(team.phone, international)]),
    section('2.5. Facsimile Number', [NOT_STATED]),
    section('2.6. Other Telecommunication', [
      shown(team.emergencyPhone, (p) => `24/7 emergency line: ${international(p)}`),
    ]),
    section('2.7. Electronic Mail Address', [shown(team.email, (e) => e)]),
    section('2.8. Public Keys and Encryption Information', key),
    section('2.9. Team Members', [NOT_STATED]),
    section('2.10. Other Information', [shown(team.website, (w) => `Website: ${w}`)]),
    section('2.11. Points of Customer Contact', [
      team.email
        ? `The preferred method is e-mail to ${team.email}${team.key ? ', encrypted with the key in 2.8' : ''}.`
        : 'The preferred method is e-mail to the address in 2.7.',
      `Business hours: ${hours}`,
      `Languages: ${shown(team.languages, (l) => formatLanguages(l, t))}`,
    ]),
  ];
}

function charter({ team, t, directory }: Parts): string[] {
  const intro = team.introduction;
  const part = (p: 'overview' | 'activities') => (intro === undefined ? undefined : en(intro[p]) || null);
  const constituency = shown(team.constituency, (c) => {
    const types = (c.types ?? []).map((type) => t(`constituency.${type}` as 'constituency.customers')).join(', ');
    const description = c.description ? en(c.description) : '';
    return [types ? sentence(`Type: ${types}`) : '', description ? sentence(description) : '']
      .filter(Boolean)
      .join(' ');
  });
  // The network objects the team claims, one paragraph a kind, each marked when nobody has verified it yet.
  const objects = Object.values(CLAIM_KIND_RULES).flatMap(({ viewProp, rfc2350 }) => {
    const list = team.constituency?.[viewProp];
    if (!list?.length) return [];
    const items = list.map(
      (o) => `${o.unicode ? `${o.unicode} (${o.value})` : o.value}${o.verified ? '' : ' (unverified)'}`,
    );
    return [`${rfc2350}: ${items.join(', ')}.`];
  });
  const organisation = en(team.organization);
  return [
    section('3. Charter', []),
    section('3.1. Mission Statement', [shown(part('overview'), (o) => o)]),
    section('3.2. Constituency', [constituency, ...objects]),
    section('3.3. Sponsorship and/or Affiliation', [
      organisation ? `Host organisation: ${sentence(organisation)}` : `Host organisation: ${NOT_STATED}`,
      `Member team of the association that keeps ${directory}, since ${team.memberSince}.`,
    ]),
    section('3.4. Authority', [shown(part('activities'), (a) => a)]),
  ];
}

function policies({ team, directory }: Parts): string[] {
  return [
    section('4. Policies', []),
    section('4.1. Types of Incidents and Level of Support', [
      'Incidents affecting the constituency in 3.2 are handled as the services in section 5 describe; the level of support depends on the severity of the incident and the resources available.',
    ]),
    section('4.2. Co-operation, Interaction and Disclosure of Information', [
      `The team co-operates with the other member teams of the association that keeps ${directory} and handles the information it receives from them appropriately.`,
    ]),
    section('4.3. Communication and Authentication', [
      team.key
        ? 'Sensitive information should be sent by e-mail encrypted with the PGP key in 2.8.'
        : 'No PGP key is registered: do not send sensitive information unencrypted.',
    ]),
  ];
}

function services({ team, t }: Parts): string[] {
  const areas = team.services;
  const listed =
    areas === undefined
      ? NOT_PUBLISHED
      : areas.length
        ? `The team's entry lists these areas of the FIRST CSIRT Services Framework: ${areas.map((a) => t(`service.${a}` as 'service.knowledge_transfer')).join(', ')}.`
        : `${NOT_STATED} The entry lists no services.`;
  const response = incidentResponse(areas);
  return [
    section('5. Services', [listed]),
    section('5.1. Incident Response', response.intro),
    section('5.1.1. Incident Triage', response.triage),
    section('5.1.2. Incident Coordination', response.coordination),
    section('5.1.3. Incident Resolution', response.resolution),
    section('5.2. Proactive Activities', proactiveActivities(areas)),
  ];
}

export function toRfc2350(team: TeamView, ex: ExportContext, siteName: string): string {
  const parts: Parts = { team, ex, t: translator('en'), directory: theDirectory(siteName) };
  const warning = freshnessWarningEn(team.freshness, ex.timeZone);
  const doc = [
    `Description of ${team.shortName} in accordance with RFC 2350`,
    '',
    ...(warning ? [...wrap(warning), ''] : []),
    ...documentInformation(parts),
    ...contactInformation(parts, ex.siteUrl),
    ...charter(parts),
    ...policies(parts),
    ...services(parts),
    section('6. Incident Reporting Forms', [
      `No form is published: report by e-mail to the address in 2.7${team.key ? ', encrypted with the key in 2.8' : ''}.`,
    ]),
    section('7. Disclaimers', [
      'While every precaution is taken in the preparation of information, notifications and alerts, the team assumes no responsibility for errors or omissions, or for damages resulting from the use of the information within.',
    ]),
  ];
  return `${withRegistryLines(doc, team, parts.t).join('\n').trimEnd()}\n`;
}

/** Lines the registry's fields give to a section (fields this document does not lay out itself), where visible. */
function withRegistryLines(doc: string[], team: TeamView, t: Translate): string[] {
  const extra = new Map<string, string[]>();
  for (const [name, field] of FIELD_LIST) {
    const value = (team as Record<string, unknown>)[name];
    if (!field.rfc2350 || value === undefined || value === null || value === '') continue;
    extra.set(field.rfc2350.section, [...(extra.get(field.rfc2350.section) ?? []), field.rfc2350.line(value, t)]);
  }
  if (extra.size === 0) return doc;
  return doc.map((text) => {
    const number = /^(\d+(?:\.\d+)*)\. /.exec(text)?.[1];
    const lines = number ? extra.get(number) : undefined;
    if (!lines) return text;
    // Appended as section() lays out a paragraph: after a blank line, wrapped and indented.
    const paragraphs = lines.flatMap((line) => ['', ...wrap(line).map((l) => (l ? `   ${l}` : ''))]);
    return [text.trimEnd(), ...paragraphs, ''].join('\n');
  });
}
