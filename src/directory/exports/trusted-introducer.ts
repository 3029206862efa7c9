/**
 * /api/v1/teams.ti.json: the directory in the shape of Trusted Introducer's team listing, for tools (IntelMQ's
 * lookups, the scripts teams keep) that already read that file. Built from TeamViews like every export, so it holds
 * only what the caller may see: a hidden field is absent or empty, never a guess. Names are English where the entry
 * has them (the listing is read abroad), else Japanese; business hours read "Mon–Fri 09:00–18:00 (Asia/Tokyo)".
 */

import { CLAIM_KIND_RULES } from '../../constituency/vocabulary';
import { formatBusinessHours } from '../../entry/format';
import { translator } from '../../i18n';
import type { TeamView } from '../presenter';

const en = (v: { ja: string; en: string }) => (v.en.trim() ? v.en : v.ja).trim();

type TiKey = (typeof CLAIM_KIND_RULES)[keyof typeof CLAIM_KIND_RULES]['ti'];

export interface TrustedIntroducerTeam {
  short_name: string;
  official_name: string;
  host_organisation: string;
  established: string | null;
  country_code: string;
  constituency: { types: string[]; countries: string[]; description?: string } & Record<TiKey, string[]>;
  business_hours: string | null;
  business_hours_timezone: string | null;
  pgp_keys: { fingerprint: string; expires: string | null }[];
  phones: { number: string; usage: 'main' | 'emergency' }[];
  emails: { address: string; usage: 'main' }[];
  website: string | null;
  last_confirmed: string | null;
  url: string;
}

export function toTrustedIntroducerTeam(team: TeamView): TrustedIntroducerTeam {
  const t = translator('en');
  const c = team.constituency;
  const objects = {} as Record<TiKey, string[]>;
  for (const { viewProp, ti } of Object.values(CLAIM_KIND_RULES))
    objects[ti] = (c?.[viewProp] ?? []).map((o) => o.value);
  const phones: TrustedIntroducerTeam['phones'] = [];
  if (team.phone) phones.push({ number: team.phone, usage: 'main' });
  if (team.emergencyPhone) phones.push({ number: team.emergencyPhone, usage: 'emergency' });
  const description = c?.description ? en(c.description) : '';
  return {
    short_name: team.shortName,
    official_name: en(team.officialName),
    host_organisation: en(team.organization),
    established: team.foundedOn ?? null,
    country_code: team.country,
    constituency: {
      types: c?.types ?? [],
      ...objects,
      countries: [team.country],
      ...(description ? { description } : {}),
    },
    business_hours: team.businessHours ? formatBusinessHours(team.businessHours, team.timeZone, t) : null,
    business_hours_timezone: team.timeZone ?? null,
    pgp_keys: [team.key, team.nextKey]
      .filter((k) => k != null)
      .map((k) => ({ fingerprint: k.fingerprint, expires: k.expires })),
    phones,
    emails: team.email ? [{ address: team.email, usage: 'main' }] : [],
    website: team.website ?? null,
    last_confirmed: team.freshness.confirmedAt,
    url: team.url,
  };
}

export function toTrustedIntroducer(teams: readonly TeamView[]): { teams: TrustedIntroducerTeam[]; total: number } {
  return { teams: teams.map(toTrustedIntroducerTeam), total: teams.length };
}
