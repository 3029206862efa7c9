/**
 * A team entry as the application works with it (bilingual pairs grouped), and its mapping to a table row.
 * Seeds, admission (approval creates a team) and the editor all build rows through here.
 */
import type { Config } from '../config';
import { nextDueAt } from './freshness';
import { normalizePhone } from './phone';
import type { NewTeamRow, TeamRow, VisibilityOverrides } from './schema';
import type { Bilingual, BusinessHours, TeamStatus } from './vocabulary';

export interface TeamEntry {
  shortName: string;
  officialName: Bilingual;
  organization: Bilingual;
  foundedOn: string | null;
  memberSince: string;
  status?: TeamStatus;
  country?: string;
  region: string | null;
  industry: string | null;
  email: string;
  website: string | null;
  phone: string | null;
  emergencyPhone: string | null;
  businessHours: BusinessHours | null;
  timeZone?: string;
  languages: string[];
  introduction: { overview: Bilingual; background: Bilingual; activities: Bilingual };
  constituencyTypes: string[];
  constituencyDescription: Bilingual;
  services: string[];
  notes?: string | null;
  visibility?: VisibilityOverrides;
}

/** The URL slug of a short name: "SAKURA-CSIRT" → "sakura-csirt". */
export function slugOf(shortName: string): string {
  return shortName
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 63);
}

/** The columns a team entry fills (editing writes these; creating adds identity and the confirmation cycle). */
export function entryColumns(entry: TeamEntry) {
  return {
    officialNameJa: entry.officialName.ja,
    officialNameEn: entry.officialName.en,
    organizationJa: entry.organization.ja,
    organizationEn: entry.organization.en,
    foundedOn: entry.foundedOn,
    region: entry.region,
    industry: entry.industry,
    email: entry.email,
    website: entry.website,
    // Stored in E.164 whoever writes the row (form, seeds, admission, import): shown formatted for each reader.
    phone: entry.phone && (normalizePhone(entry.phone) ?? entry.phone),
    emergencyPhone: entry.emergencyPhone && (normalizePhone(entry.emergencyPhone) ?? entry.emergencyPhone),
    businessHours: entry.businessHours,
    timeZone: entry.timeZone ?? 'Asia/Tokyo',
    languages: entry.languages,
    introOverviewJa: entry.introduction.overview.ja,
    introOverviewEn: entry.introduction.overview.en,
    introBackgroundJa: entry.introduction.background.ja,
    introBackgroundEn: entry.introduction.background.en,
    introActivitiesJa: entry.introduction.activities.ja,
    introActivitiesEn: entry.introduction.activities.en,
    constituencyTypes: entry.constituencyTypes,
    constituencyDescriptionJa: entry.constituencyDescription.ja,
    constituencyDescriptionEn: entry.constituencyDescription.en,
    services: entry.services,
  } satisfies Partial<NewTeamRow>;
}

export function toTeamRow(
  entry: TeamEntry,
  confirmation: { at: Date; by: string | null },
  policy: Config['freshness'],
): NewTeamRow {
  return {
    slug: slugOf(entry.shortName),
    shortName: entry.shortName,
    ...entryColumns(entry),
    memberSince: entry.memberSince,
    status: entry.status ?? 'active',
    country: entry.country ?? 'JP',
    notes: entry.notes ?? null,
    visibility: entry.visibility ?? {},
    confirmedAt: confirmation.at,
    confirmedBy: confirmation.by,
    confirmationDueAt: nextDueAt(confirmation.at, policy),
    createdAt: confirmation.at,
    updatedAt: confirmation.at,
  };
}

/** A stored team as an entry (the confirmation page shows it; the editor starts from it). */
export function entryOf(row: TeamRow): TeamEntry {
  return {
    shortName: row.shortName,
    officialName: { ja: row.officialNameJa, en: row.officialNameEn },
    organization: { ja: row.organizationJa, en: row.organizationEn },
    foundedOn: row.foundedOn,
    memberSince: row.memberSince,
    status: row.status,
    country: row.country,
    region: row.region,
    industry: row.industry,
    email: row.email,
    website: row.website,
    phone: row.phone,
    emergencyPhone: row.emergencyPhone,
    businessHours: row.businessHours,
    timeZone: row.timeZone,
    languages: row.languages,
    introduction: {
      overview: { ja: row.introOverviewJa, en: row.introOverviewEn },
      background: { ja: row.introBackgroundJa, en: row.introBackgroundEn },
      activities: { ja: row.introActivitiesJa, en: row.introActivitiesEn },
    },
    constituencyTypes: row.constituencyTypes,
    constituencyDescription: { ja: row.constituencyDescriptionJa, en: row.constituencyDescriptionEn },
    services: row.services,
    notes: row.notes,
    visibility: row.visibility,
  };
}
