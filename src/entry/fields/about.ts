/** The fields that say what a team does and for whom (introduction, constituency, services), and the secretariat's notes. */
import { sql } from 'drizzle-orm';
import { text } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { MessageKey } from '../../i18n';
import { type Bilingual, CONSTITUENCY_TYPES, SERVICE_AREAS } from '../vocabulary';
import { bilingualApi, codedColumns, defineField, INTRO_MAX, parse } from './kinds';

/** The three parts of the introduction (DESIGN "Team entry"): only the overview in Japanese is required. */
const textarea = (label: MessageKey, required = false) => ({
  schema: required ? parse.requiredText(INTRO_MAX) : parse.optionalText(INTRO_MAX),
  label,
  required,
  widget: { kind: 'textarea' as const, max: INTRO_MAX },
});

export interface Introduction {
  overview: Bilingual;
  background: Bilingual;
  activities: Bilingual;
}

/** The introduction as six flat texts: its columns, and its form inputs (named the same). */
function flatIntroduction(v: Introduction) {
  return {
    introOverviewJa: v.overview.ja,
    introOverviewEn: v.overview.en,
    introBackgroundJa: v.background.ja,
    introBackgroundEn: v.background.en,
    introActivitiesJa: v.activities.ja,
    introActivitiesEn: v.activities.en,
  };
}

export const ABOUT_FIELDS = {
  introduction: defineField({
    columns: {
      introOverviewJa: text('intro_overview_ja').notNull().default(''),
      introOverviewEn: text('intro_overview_en').notNull().default(''),
      introBackgroundJa: text('intro_background_ja').notNull().default(''),
      introBackgroundEn: text('intro_background_en').notNull().default(''),
      introActivitiesJa: text('intro_activities_ja').notNull().default(''),
      introActivitiesEn: text('intro_activities_en').notNull().default(''),
    },
    read: (r): Introduction => ({
      overview: { ja: r.introOverviewJa, en: r.introOverviewEn },
      background: { ja: r.introBackgroundJa, en: r.introBackgroundEn },
      activities: { ja: r.introActivitiesJa, en: r.introActivitiesEn },
    }),
    write: (v: Introduction) => flatIntroduction(v),
    label: 'team.introduction',
    visibility: 'introduction',
    api: z.object({ overview: bilingualApi, background: bilingualApi, activities: bilingualApi }),
    sample: {
      overview: { ja: 'サンプルCSIRTは社内のインシデント対応を担います。', en: 'Sample CSIRT handles incidents.' },
      background: { ja: '', en: '' },
      activities: { ja: '', en: '' },
    },
    search: [
      'intro_overview_ja',
      'intro_overview_en',
      'intro_background_ja',
      'intro_background_en',
      'intro_activities_ja',
      'intro_activities_en',
    ],
    display: 'introduction',
    form: {
      section: 'introduction',
      inputs: {
        introOverviewJa: textarea('field.introOverviewJa', true),
        introOverviewEn: textarea('field.introOverviewEn'),
        introBackgroundJa: textarea('field.introBackgroundJa'),
        introBackgroundEn: textarea('field.introBackgroundEn'),
        introActivitiesJa: textarea('field.introActivitiesJa'),
        introActivitiesEn: textarea('field.introActivitiesEn'),
      },
      fromForm: (f) => ({
        overview: { ja: f.introOverviewJa, en: f.introOverviewEn },
        background: { ja: f.introBackgroundJa, en: f.introBackgroundEn },
        activities: { ja: f.introActivitiesJa, en: f.introActivitiesEn },
      }),
      // The inputs are named as the columns.
      toForm: (v) => flatIntroduction(v),
    },
  }),
  constituencyTypes: defineField({
    columns: { constituencyTypes: text('constituency_types').array().notNull().default(sql`'{}'::text[]`) },
    read: (r) => r.constituencyTypes,
    write: (v: string[]) => ({ constituencyTypes: v }),
    label: 'team.constituencyTypes',
    visibility: 'constituency',
    viewAt: ['constituency', 'types'],
    api: z.array(z.string()),
    sample: ['own_organization'],
    display: { coded: 'constituency.' },
    csv: codedColumns('constituencyTypes', 'constituencyTypeCodes', 26, 'constituency.'),
    form: {
      section: 'constituency',
      grouped: true,
      inputs: {
        constituencyTypes: {
          schema: parse.someOf(CONSTITUENCY_TYPES, 1, 5),
          label: 'team.constituencyTypes',
          message: 'entry.error.constituencyTypes',
          required: true,
          widget: { kind: 'checks', options: CONSTITUENCY_TYPES, optionLabel: 'constituency.' },
        },
      },
      fromForm: (f) => f.constituencyTypes,
      toForm: (v) => ({ constituencyTypes: v }),
    },
  }),
  constituencyDescription: defineField({
    columns: {
      constituencyDescriptionJa: text('constituency_description_ja').notNull().default(''),
      constituencyDescriptionEn: text('constituency_description_en').notNull().default(''),
    },
    read: (r) => ({ ja: r.constituencyDescriptionJa, en: r.constituencyDescriptionEn }),
    write: (v: { ja: string; en: string }) => ({
      constituencyDescriptionJa: v.ja,
      constituencyDescriptionEn: v.en,
    }),
    label: 'team.constituencyDescription',
    visibility: 'constituency',
    viewAt: ['constituency', 'description'],
    api: bilingualApi,
    sample: { ja: '', en: '' },
    search: ['constituency_description_ja', 'constituency_description_en'],
    display: 'bilingualProse',
    form: {
      section: 'constituency',
      inputs: {
        constituencyDescriptionJa: {
          schema: parse.optionalText(INTRO_MAX),
          label: 'field.constituencyDescriptionJa',
          widget: { kind: 'textarea', max: INTRO_MAX },
        },
        constituencyDescriptionEn: {
          schema: parse.optionalText(INTRO_MAX),
          label: 'field.constituencyDescriptionEn',
          widget: { kind: 'textarea', max: INTRO_MAX },
        },
      },
      fromForm: (f) => ({ ja: f.constituencyDescriptionJa, en: f.constituencyDescriptionEn }),
      toForm: (v) => ({ constituencyDescriptionJa: v.ja, constituencyDescriptionEn: v.en }),
    },
  }),
  services: defineField({
    columns: { services: text('services').array().notNull().default(sql`'{}'::text[]`) },
    read: (r) => r.services,
    write: (v: string[]) => ({ services: v }),
    label: 'team.services',
    visibility: 'services',
    api: z.array(z.string()),
    sample: [],
    display: { coded: 'service.' },
    csv: codedColumns('services', 'serviceCodes', 40, 'service.'),
    form: {
      section: 'constituency',
      grouped: true,
      inputs: {
        services: {
          schema: parse.someOf(SERVICE_AREAS, 0, 5),
          label: 'team.services',
          message: 'entry.error.services',
          widget: { kind: 'checks', options: SERVICE_AREAS, optionLabel: 'service.' },
        },
      },
      fromForm: (f) => f.services,
      toForm: (v) => ({ services: v }),
    },
  }),
  notes: defineField({
    columns: { notes: text('notes') },
    read: (r) => r.notes,
    write: (v: string | null) => ({ notes: v }),
    label: 'field.notes',
    visibility: 'notes',
    api: z.string().nullable(),
    sample: null,
  }),
} as const;
