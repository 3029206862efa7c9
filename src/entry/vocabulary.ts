/**
 * The closed vocabularies of a team entry. Values are stable keys stored in the database and used in the API;
 * their ja/en labels live in the message catalogues (`region.kanto`, `industry.finance_insurance`, …).
 */

/** 地区 — the eight regions the NCA directory groups its members by. */
export const REGIONS = [
  'hokkaido',
  'tohoku',
  'kanto',
  'chubu',
  'kinki',
  'chugoku',
  'shikoku',
  'kyushu_okinawa',
] as const;
export type Region = (typeof REGIONS)[number];

/** 業種 — industry of the host organisation. */
export const INDUSTRIES = [
  'manufacturing',
  'information_communications',
  'finance_insurance',
  'energy_utilities',
  'transport_logistics',
  'retail_wholesale',
  'construction_real_estate',
  'healthcare_welfare',
  'education_research',
  'government_public',
  'services',
  'security_vendor',
  'media_entertainment',
  'other',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** Whom the team serves (FIRST / Trusted Introducer "constituency type"). */
export const CONSTITUENCY_TYPES = ['own_organization', 'group_companies', 'customers', 'products', 'national'] as const;
export type ConstituencyType = (typeof CONSTITUENCY_TYPES)[number];

/** Service areas of the FIRST CSIRT Services Framework v2.1. */
export const SERVICE_AREAS = [
  'information_security_event_management',
  'information_security_incident_management',
  'vulnerability_management',
  'situational_awareness',
  'knowledge_transfer',
] as const;
export type ServiceArea = (typeof SERVICE_AREAS)[number];

export const TEAM_STATUSES = ['active', 'suspended', 'withdrawn'] as const;
export type TeamStatus = (typeof TEAM_STATUSES)[number];

/** Weekday numbers as in `Date.getDay()` and ISO-8601 minus Sunday: 0 = Sunday … 6 = Saturday. */
export interface BusinessHours {
  days: number[];
  /** "HH:MM", local to the team's time zone. */
  open: string;
  close: string;
}

export interface Bilingual {
  ja: string;
  en: string;
}

/** Who may see a field: everyone, members of any member team, or the secretariat only (from the most open). */
export const VISIBILITY_LEVELS = ['public', 'members', 'secretariat'] as const;
export type VisibilityLevel = (typeof VISIBILITY_LEVELS)[number];

/** Per-rule visibility a team chose; rules absent here take their defaults (visibility-rules.ts). */
export type VisibilityOverrides = Partial<Record<string, VisibilityLevel>>;
