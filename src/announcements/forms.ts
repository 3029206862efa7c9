/** The compose form of an announcement: label, subject and body in both languages, and whom it is for. */
import { z } from 'zod';
import { CONSTITUENCY_TYPES, INDUSTRIES, REGIONS } from '../entry/vocabulary';
import { pageParameter } from '../http/paging';
import type { MessageKey } from '../i18n';
import { TLP_LEVELS } from './tlp';

const blank = (v: unknown) => (v === '' ? undefined : v);
/** A subject is one header line: no line break can reach it. */
const subject = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\r\n]*$/);
const body = z.string().trim().min(1).max(20_000);

export const announcementForm = z.object({
  tlp: z.enum(TLP_LEVELS),
  subjectJa: subject,
  subjectEn: subject,
  bodyJa: body,
  bodyEn: body,
  region: z.preprocess(blank, z.enum(REGIONS).optional()),
  industry: z.preprocess(blank, z.enum(INDUSTRIES).optional()),
  constituencyType: z.preprocess(blank, z.enum(CONSTITUENCY_TYPES).optional()),
});
export type AnnouncementForm = z.output<typeof announcementForm>;

export const ANNOUNCEMENT_MESSAGES: Record<keyof AnnouncementForm, MessageKey> = {
  tlp: 'announcement.error.tlp',
  subjectJa: 'announcement.error.subject',
  subjectEn: 'announcement.error.subject',
  bodyJa: 'announcement.error.body',
  bodyEn: 'announcement.error.body',
  region: 'validation.region',
  industry: 'validation.industry',
  constituencyType: 'announcement.error.constituencyType',
};

/** The form as shown again (what was typed, bounded), before or after a refusal. */
export interface AnnouncementFormValues {
  tlp: string;
  subjectJa: string;
  subjectEn: string;
  bodyJa: string;
  bodyEn: string;
  region: string;
  industry: string;
  constituencyType: string;
}

export function formValues(raw: Record<string, unknown> = {}): AnnouncementFormValues {
  const text = (name: string, max: number) =>
    typeof raw[name] === 'string' ? (raw[name] as string).slice(0, max) : '';
  return {
    tlp: text('tlp', 20) || 'green',
    subjectJa: text('subjectJa', 200),
    subjectEn: text('subjectEn', 200),
    bodyJa: text('bodyJa', 20_000),
    bodyEn: text('bodyEn', 20_000),
    region: text('region', 40),
    industry: text('industry', 40),
    constituencyType: text('constituencyType', 40),
  };
}

/** The lists' query: the page, and after a retry how many messages went out again. */
export const announcementListQuery = z.object({
  page: pageParameter,
  retried: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^\d{1,6}$/)
      .transform(Number)
      .optional(),
  ),
});
export const LIST_QUERY_MESSAGES: Record<keyof z.output<typeof announcementListQuery>, MessageKey> = {
  page: 'validation.page',
  retried: 'validation.page',
};
