/** The fields that say who a team is: names, founding and membership, status, region and industry. */
import { date, text } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { citext } from '../../db/column-types';
import { INDUSTRIES, REGIONS, TEAM_STATUSES, type TeamStatus } from '../vocabulary';
import { bilingualApi, codedColumns, defineField, orNull, parse, TEXT_MAX, textColumn } from './kinds';

export const SHORT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/;
export const IDENTITY_FIELDS = {
  shortName: defineField({
    columns: { shortName: citext('short_name').notNull() },
    read: (r) => r.shortName,
    write: (v: string) => ({ shortName: v }),
    label: 'team.shortName',
    visibility: 'identity',
    api: z.string(),
    sample: 'SAMPLE-CSIRT',
    search: ['short_name::text'],
    display: 'text',
    csv: [textColumn('shortName', 22, (v: string) => v)],
    form: {
      section: 'identity',
      fixedOnceCreated: true,
      inputs: {
        shortName: {
          schema: z.string().trim().regex(SHORT_NAME_PATTERN),
          label: 'team.shortName',
          message: 'entry.error.shortName',
          required: true,
          widget: { kind: 'text', max: 40, hint: 'entry.shortName.hint', placeholder: 'EXAMPLE-CSIRT' },
        },
      },
      fromForm: (f) => f.shortName,
      toForm: (v) => ({ shortName: v }),
    },
  }),
  officialName: defineField({
    columns: {
      officialNameJa: text('official_name_ja').notNull(),
      officialNameEn: text('official_name_en').notNull().default(''),
    },
    read: (r) => ({ ja: r.officialNameJa, en: r.officialNameEn }),
    write: (v: { ja: string; en: string }) => ({ officialNameJa: v.ja, officialNameEn: v.en }),
    label: 'team.officialName',
    visibility: 'identity',
    api: bilingualApi,
    sample: { ja: 'サンプルCSIRT', en: 'Sample CSIRT' },
    search: ['official_name_ja', 'official_name_en'],
    display: 'bilingual',
    csv: [
      textColumn('officialNameJa', 30, (v: { ja: string }) => v.ja),
      textColumn('officialNameEn', 30, (v: { en: string }) => v.en),
    ],
    form: {
      section: 'identity',
      inputs: {
        officialNameJa: {
          schema: parse.requiredText(TEXT_MAX),
          label: 'entry.officialNameJa',
          required: true,
          widget: { kind: 'text', max: TEXT_MAX },
        },
        officialNameEn: {
          schema: parse.optionalText(TEXT_MAX),
          label: 'entry.officialNameEn',
          widget: { kind: 'text', max: TEXT_MAX },
        },
      },
      fromForm: (f) => ({ ja: f.officialNameJa, en: f.officialNameEn }),
      toForm: (v) => ({ officialNameJa: v.ja, officialNameEn: v.en }),
    },
  }),
  organization: defineField({
    columns: {
      organizationJa: text('organization_ja').notNull(),
      organizationEn: text('organization_en').notNull().default(''),
    },
    read: (r) => ({ ja: r.organizationJa, en: r.organizationEn }),
    write: (v: { ja: string; en: string }) => ({ organizationJa: v.ja, organizationEn: v.en }),
    label: 'team.organization',
    visibility: 'identity',
    api: bilingualApi,
    sample: { ja: 'サンプル株式会社', en: 'Sample Corporation' },
    search: ['organization_ja', 'organization_en'],
    display: 'bilingual',
    csv: [
      textColumn('organizationJa', 30, (v: { ja: string }) => v.ja),
      textColumn('organizationEn', 30, (v: { en: string }) => v.en),
    ],
    form: {
      section: 'identity',
      inputs: {
        organizationJa: {
          schema: parse.requiredText(TEXT_MAX),
          label: 'entry.organizationJa',
          required: true,
          widget: { kind: 'text', max: TEXT_MAX },
        },
        organizationEn: {
          schema: parse.optionalText(TEXT_MAX),
          label: 'entry.organizationEn',
          widget: { kind: 'text', max: TEXT_MAX },
        },
      },
      fromForm: (f) => ({ ja: f.organizationJa, en: f.organizationEn }),
      toForm: (v) => ({ organizationJa: v.ja, organizationEn: v.en }),
    },
  }),
  foundedOn: defineField({
    columns: { foundedOn: date('founded_on', { mode: 'string' }) },
    read: (r) => r.foundedOn,
    write: (v: string | null) => ({ foundedOn: v }),
    label: 'team.foundedOn',
    visibility: 'identity',
    api: z.string().nullable(),
    sample: null,
    display: 'date',
    csv: [{ key: 'foundedOn', kind: 'date', width: 12, cell: (v: string | null) => v }],
    form: {
      section: 'identity',
      inputs: {
        foundedOn: {
          schema: parse.calendarDate(),
          label: 'team.foundedOn',
          message: 'entry.error.foundedOn',
          widget: { kind: 'date', max: 10 },
        },
      },
      fromForm: (f) => orNull(f.foundedOn),
      toForm: (v) => ({ foundedOn: v ?? '' }),
    },
  }),
  memberSince: defineField({
    columns: { memberSince: date('member_since', { mode: 'string' }).notNull() },
    read: (r) => r.memberSince,
    write: (v: string) => ({ memberSince: v }),
    label: 'team.memberSince',
    visibility: 'identity',
    api: z.string(),
    sample: '2020-04-01',
    display: 'date',
    csv: [{ key: 'memberSince', kind: 'date', width: 12, cell: (v: string) => v }],
  }),
  status: defineField({
    columns: {
      status: text('status', { enum: TEAM_STATUSES }).notNull().default('active'),
    },
    read: (r) => r.status,
    write: (v: TeamStatus) => ({ status: v }),
    label: 'team.status',
    visibility: 'identity',
    api: z.enum(TEAM_STATUSES),
    sample: 'active' as TeamStatus,
  }),
  country: defineField({
    columns: { country: text('country').notNull().default('JP') },
    read: (r) => r.country,
    write: (v: string) => ({ country: v }),
    label: 'team.country',
    visibility: 'identity',
    api: z.string(),
    sample: 'JP',
  }),
  region: defineField({
    columns: { region: text('region') },
    read: (r) => r.region,
    write: (v: string | null) => ({ region: v }),
    label: 'team.region',
    visibility: 'identity',
    api: z.string().nullable(),
    sample: 'kanto' as string | null,
    display: { coded: 'region.' },
    csv: codedColumns('region', 'regionCode', 14, 'region.'),
    form: {
      section: 'identity',
      inputs: {
        region: {
          schema: parse.oneOf(REGIONS),
          label: 'team.region',
          message: 'entry.error.region',
          required: true,
          widget: { kind: 'select', options: REGIONS, optionLabel: 'region.' },
        },
      },
      fromForm: (f) => f.region,
      toForm: (v) => ({ region: v ?? '' }),
    },
  }),
  industry: defineField({
    columns: { industry: text('industry') },
    read: (r) => r.industry,
    write: (v: string | null) => ({ industry: v }),
    label: 'team.industry',
    visibility: 'identity',
    api: z.string().nullable(),
    sample: 'information_communications' as string | null,
    display: { coded: 'industry.' },
    csv: codedColumns('industry', 'industryCode', 22, 'industry.'),
    form: {
      section: 'identity',
      inputs: {
        industry: {
          schema: parse.oneOf(INDUSTRIES),
          label: 'team.industry',
          message: 'entry.error.industry',
          required: true,
          widget: { kind: 'select', options: INDUSTRIES, optionLabel: 'industry.' },
        },
      },
      fromForm: (f) => f.industry,
      toForm: (v) => ({ industry: v ?? '' }),
    },
  }),
} as const;
