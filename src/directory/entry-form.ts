/**
 * The team entry as a form: every field of DESIGN's "Team entry" that a team states about itself (identity, PoC,
 * bilingual three-part introduction, constituency, services). The application form and the editor (self-service)
 * both use it, so both validate the same way and show the same messages.
 *
 * Field names are flat (`officialNameJa`, `hoursDays`) so a plain HTML form posts them; `toEntry` groups them into
 * a TeamEntry. `echo` turns whatever was posted back into strings for re-rendering a rejected form — always escaped
 * by the view, never trusted.
 */
import { z } from 'zod';
import type { FieldError } from '../http/errors';
import type { MessageKey } from '../i18n';
import type { TeamEntry } from './entry';
import { ENTRY_FIELD_LABELS } from './field-labels';
import { fieldErrorsFrom } from './form-issues';
import { normalizePhone } from './phone';
import { CONSTITUENCY_TYPES, INDUSTRIES, REGIONS, SERVICE_AREAS } from './vocabulary';

/** The closed vocabularies the form offers as choices. */
export const ENTRY_VOCABULARY = {
  regions: REGIONS,
  industries: INDUSTRIES,
  constituencyTypes: CONSTITUENCY_TYPES,
  services: SERVICE_AREAS,
};

export const SHORT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/;
export const ENTRY_LANGUAGES = ['ja', 'en'] as const;
const TEXT_MAX = 200;
const INTRO_MAX = 2000;

/** Checkbox groups post nothing, one string or several. */
const list = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
const trimmed = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => z.preprocess((v) => (v === undefined ? '' : v), trimmed(max));
const requiredText = (max: number) => trimmed(max).min(1);
const orNull = (v: string) => (v === '' ? null : v);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

const phone = z.preprocess(
  (v) => (v === undefined ? '' : v),
  z
    .string()
    .trim()
    .max(40)
    .refine((v) => v === '' || normalizePhone(v) !== null)
    .transform((v) => (v === '' ? null : normalizePhone(v))),
);

const time = z.preprocess((v) => (v === undefined ? '' : v), z.string().regex(/^$|^([01]\d|2[0-3]):[0-5]\d$|^24:00$/));

export const entryFormSchema = z.object({
  shortName: z.string().trim().regex(SHORT_NAME_PATTERN),
  officialNameJa: requiredText(TEXT_MAX),
  officialNameEn: optionalText(TEXT_MAX),
  organizationJa: requiredText(TEXT_MAX),
  organizationEn: optionalText(TEXT_MAX),
  foundedOn: z.preprocess(
    (v) => (v === undefined ? '' : v),
    z.string().refine((v) => v === '' || isCalendarDate(v)),
  ),
  region: z.enum(REGIONS),
  industry: z.enum(INDUSTRIES),
  email: z.string().trim().max(254).pipe(z.email()),
  website: z.preprocess(
    (v) => (v === undefined ? '' : v),
    z
      .string()
      .trim()
      .max(500)
      .refine((v) => v === '' || /^https?:\/\/[^\s/]+\.[^\s]*$/i.test(v)),
  ),
  phone,
  emergencyPhone: phone,
  hoursDays: z.preprocess(list, z.array(z.enum(['0', '1', '2', '3', '4', '5', '6'])).max(7)),
  hoursOpen: time,
  hoursClose: time,
  timeZone: z.preprocess(
    (v) => (v === undefined || v === '' ? 'Asia/Tokyo' : v),
    z.string().trim().max(64).refine(isTimeZone),
  ),
  languages: z.preprocess(list, z.array(z.enum(ENTRY_LANGUAGES)).max(2)),
  otherLanguages: z.preprocess(
    (v) => (v === undefined ? '' : v),
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^$|^[a-z]{2,3}(\s*,\s*[a-z]{2,3}){0,9}$/),
  ),
  introOverviewJa: requiredText(INTRO_MAX),
  introOverviewEn: optionalText(INTRO_MAX),
  introBackgroundJa: optionalText(INTRO_MAX),
  introBackgroundEn: optionalText(INTRO_MAX),
  introActivitiesJa: optionalText(INTRO_MAX),
  introActivitiesEn: optionalText(INTRO_MAX),
  constituencyTypes: z.preprocess(list, z.array(z.enum(CONSTITUENCY_TYPES)).min(1).max(5)),
  constituencyDescriptionJa: optionalText(INTRO_MAX),
  constituencyDescriptionEn: optionalText(INTRO_MAX),
  services: z.preprocess(list, z.array(z.enum(SERVICE_AREAS)).max(5)),
});

export type EntryForm = z.output<typeof entryFormSchema>;

/**
 * Checks across fields, made on the posted values so they are reported together with the per-field errors (a zod
 * refinement on the object would only run once every field is valid, and the applicant would need two rounds).
 */
function crossFieldErrors(body: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const str = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
  const given = [list(body.hoursDays).length > 0, str('hoursOpen') !== '', str('hoursClose') !== ''];
  if (given.some(Boolean) && !given.every(Boolean)) {
    errors.push({ field: 'hoursDays', messageKey: 'entry.error.hours' });
  } else if (given.every(Boolean) && str('hoursOpen') >= str('hoursClose')) {
    errors.push({ field: 'hoursOpen', messageKey: 'entry.error.hours' });
  }
  if (list(body.languages).length === 0 && str('otherLanguages') === '') {
    errors.push({ field: 'languages', messageKey: 'entry.error.languages' });
  }
  return errors;
}

/** Entry fields picked from a list rather than typed. */
const CHOICE_FIELDS: ReadonlySet<string> = new Set([
  'region',
  'industry',
  'hoursDays',
  'languages',
  'constituencyTypes',
  'services',
]);

/** The posted entry, validated: the entry form, or every field error at once (one per field). */
export function parseEntryForm(body: Record<string, unknown>): { form?: EntryForm; errors: FieldError[] } {
  const errors = crossFieldErrors(body);
  const result = entryFormSchema.safeParse(body);
  if (!result.success) {
    const spec = { messages: ENTRY_MESSAGES, labels: ENTRY_FIELD_LABELS, choices: CHOICE_FIELDS };
    errors.push(...fieldErrorsFrom(result.error.issues, body, spec, errors));
  }
  return errors.length || !result.success ? { errors } : { form: result.data, errors };
}
export const ENTRY_FIELDS = Object.keys(entryFormSchema.shape) as (keyof EntryForm)[];

/**
 * What each field expects, said when its value is wrong in some other way than being empty or too long (those two
 * are said the same way for every typed field: see form-issues.ts).
 */
export const ENTRY_MESSAGES: Partial<Record<keyof EntryForm, MessageKey>> = {
  shortName: 'entry.error.shortName',
  foundedOn: 'entry.error.foundedOn',
  region: 'entry.error.region',
  industry: 'entry.error.industry',
  email: 'entry.error.email',
  website: 'entry.error.website',
  phone: 'entry.error.phone',
  emergencyPhone: 'entry.error.phone',
  hoursDays: 'entry.error.hours',
  hoursOpen: 'entry.error.hours',
  hoursClose: 'entry.error.hours',
  timeZone: 'entry.error.timeZone',
  languages: 'entry.error.languages',
  otherLanguages: 'entry.error.languages',
  constituencyTypes: 'entry.error.constituencyTypes',
  services: 'entry.error.services',
};

/** The validated form as a team entry (membership date and status are set by whoever creates the team). */
export function toEntry(f: EntryForm, memberSince: string): TeamEntry {
  const extra = f.otherLanguages ? f.otherLanguages.split(',').map((c) => c.trim()) : [];
  return {
    shortName: f.shortName,
    officialName: { ja: f.officialNameJa, en: f.officialNameEn },
    organization: { ja: f.organizationJa, en: f.organizationEn },
    foundedOn: orNull(f.foundedOn),
    memberSince,
    region: f.region,
    industry: f.industry,
    email: f.email.toLowerCase(),
    website: orNull(f.website),
    phone: f.phone,
    emergencyPhone: f.emergencyPhone,
    businessHours: f.hoursOpen
      ? { days: f.hoursDays.map(Number).sort(), open: f.hoursOpen, close: f.hoursClose }
      : null,
    timeZone: f.timeZone,
    languages: [...new Set([...f.languages, ...extra])],
    introduction: {
      overview: { ja: f.introOverviewJa, en: f.introOverviewEn },
      background: { ja: f.introBackgroundJa, en: f.introBackgroundEn },
      activities: { ja: f.introActivitiesJa, en: f.introActivitiesEn },
    },
    constituencyTypes: f.constituencyTypes,
    constituencyDescription: { ja: f.constituencyDescriptionJa, en: f.constituencyDescriptionEn },
    services: f.services,
  };
}

/** What the form shows: strings for text fields, arrays for checkbox groups. */
export type EntryFormValues = Record<string, string | string[]>;

const GROUPS = new Set(['hoursDays', 'languages', 'constituencyTypes', 'services']);

/** Posted values back into the form (bounded, stringified), so a rejected submission loses nothing. */
export function echoEntry(body: Record<string, unknown>): EntryFormValues {
  const values: EntryFormValues = {};
  for (const field of ENTRY_FIELDS) {
    const raw = body[field];
    values[field] = GROUPS.has(field)
      ? list(raw)
          .map((v) => String(v).slice(0, 64))
          .slice(0, 10)
      : typeof raw === 'string'
        ? raw.slice(0, INTRO_MAX + 100)
        : '';
  }
  return values;
}

/** An empty form, with the defaults a new Japanese team most likely wants. */
export function blankEntry(): EntryFormValues {
  return { ...echoEntry({}), timeZone: 'Asia/Tokyo', languages: ['ja'] };
}

/** A stored entry as form values (the editor starts from these). */
export function entryValues(e: TeamEntry): EntryFormValues {
  return {
    shortName: e.shortName,
    officialNameJa: e.officialName.ja,
    officialNameEn: e.officialName.en,
    organizationJa: e.organization.ja,
    organizationEn: e.organization.en,
    foundedOn: e.foundedOn ?? '',
    region: e.region ?? '',
    industry: e.industry ?? '',
    email: e.email,
    website: e.website ?? '',
    phone: e.phone ?? '',
    emergencyPhone: e.emergencyPhone ?? '',
    hoursDays: (e.businessHours?.days ?? []).map(String),
    hoursOpen: e.businessHours?.open ?? '',
    hoursClose: e.businessHours?.close ?? '',
    timeZone: e.timeZone ?? 'Asia/Tokyo',
    languages: e.languages.filter((l) => (ENTRY_LANGUAGES as readonly string[]).includes(l)),
    otherLanguages: e.languages.filter((l) => !(ENTRY_LANGUAGES as readonly string[]).includes(l)).join(', '),
    introOverviewJa: e.introduction.overview.ja,
    introOverviewEn: e.introduction.overview.en,
    introBackgroundJa: e.introduction.background.ja,
    introBackgroundEn: e.introduction.background.en,
    introActivitiesJa: e.introduction.activities.ja,
    introActivitiesEn: e.introduction.activities.en,
    constituencyTypes: e.constituencyTypes,
    constituencyDescriptionJa: e.constituencyDescription.ja,
    constituencyDescriptionEn: e.constituencyDescription.en,
    services: e.services,
  };
}
