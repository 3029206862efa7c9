/** The fields that say who a team is: names, founding and membership, status, region and industry. */
import { date, text } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { citext } from '../../db/column-types';
import type { MessageKey } from '../../i18n';
import { type Bilingual, INDUSTRIES, REGIONS, TEAM_STATUSES, type TeamStatus } from '../vocabulary';
import {
  bilingualApi,
  codedColumns,
  codeLabel,
  defineField,
  type Input,
  orNull,
  parse,
  type RowOf,
  TEXT_MAX,
  textColumn,
} from './kinds';

export const SHORT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/;
/**
 * A name in Japanese (required) and English: two columns, two inputs side by side, two export columns, matched by
 * search, always public. Columns and inputs are named `<field>Ja` / `<field>En`.
 */
function bilingualName<const K extends 'officialName' | 'organization'>(
  key: K,
  column: string,
  o: { label: MessageKey; inputs: { ja: MessageKey; en: MessageKey }; sample: Bilingual },
) {
  const ja = `${key}Ja` as const;
  const en = `${key}En` as const;
  type Columns = Record<`${K}Ja`, ReturnType<typeof requiredColumn>> &
    Record<`${K}En`, ReturnType<typeof optionalColumn>>;
  type Inputs = Record<`${K}Ja`, Input<ReturnType<typeof parse.requiredText>>> &
    Record<`${K}En`, Input<ReturnType<typeof parse.optionalText>>>;
  const row = (v: Bilingual) => ({ [ja]: v.ja, [en]: v.en }) as RowOf<Columns> & Record<`${K}Ja` | `${K}En`, string>;
  return defineField<Columns, Bilingual, 'identity', Inputs>({
    columns: { [ja]: requiredColumn(`${column}_ja`), [en]: optionalColumn(`${column}_en`) } as Columns,
    read: (r) => ({ ja: r[ja] as string, en: r[en] as string }),
    write: row,
    label: o.label,
    visibility: 'identity',
    api: bilingualApi,
    sample: o.sample,
    search: [`${column}_ja`, `${column}_en`],
    display: 'bilingual',
    csv: [textColumn(ja, 30, (v) => v.ja), textColumn(en, 30, (v) => v.en)],
    form: {
      section: 'identity',
      inputs: {
        [ja]: {
          schema: parse.requiredText(TEXT_MAX),
          label: o.inputs.ja,
          required: true,
          widget: { kind: 'text', max: TEXT_MAX },
        },
        [en]: { schema: parse.optionalText(TEXT_MAX), label: o.inputs.en, widget: { kind: 'text', max: TEXT_MAX } },
      } as Inputs,
      fromForm: (f) => ({ ja: f[ja] as string, en: f[en] as string }),
      // The inputs are named as the columns.
      toForm: row,
    },
  });
}
/**
 * One code of a closed list, required on the form: a select of the list's labels (`<field>.<code>`), the label
 * and the code as two export columns. The field's name is its column's, its input's and its catalogue prefix.
 */
function requiredChoice<const K extends 'region' | 'industry', const T extends readonly [string, ...string[]]>(
  key: K,
  codes: T,
  o: { label: MessageKey; message: MessageKey; width: number; sample: T[number] },
) {
  type Columns = Record<K, ReturnType<typeof text>>;
  type Inputs = Record<K, Input<ReturnType<typeof parse.oneOf<T>>>>;
  const prefix = `${key}.` as const;
  const input: Inputs[K] = {
    schema: parse.oneOf(codes),
    label: o.label,
    message: o.message,
    required: true,
    widget: { kind: 'select', options: codes, optionLabel: prefix },
  };
  return defineField<Columns, string | null, 'identity', Inputs>({
    columns: { [key]: text(key as string) } as Columns,
    read: (r) => r[key] as string | null,
    write: (v) => ({ [key]: v }) as { [P in K]?: RowOf<Columns>[P] },
    label: o.label,
    visibility: 'identity',
    api: z.string().nullable(),
    sample: o.sample,
    display: { coded: prefix },
    csv: codedColumns(key, `${key}Code`, o.width, prefix),
    // The document's sections have no place of their own for these: "Other Information" holds them.
    rfc2350: { section: '2.10', line: (v, t) => `${t(o.label)}: ${v === null ? '' : codeLabel(prefix, v, t)}` },
    form: {
      section: 'identity',
      inputs: { [key]: input } as Inputs,
      fromForm: (f) => f[key] as string,
      toForm: (v) => ({ [key]: v ?? '' }) as Record<K, string>,
    },
  });
}
const requiredColumn = (name: string) => text(name).notNull();
const optionalColumn = (name: string) => text(name).notNull().default('');

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
  officialName: bilingualName('officialName', 'official_name', {
    label: 'team.officialName',
    inputs: { ja: 'entry.officialNameJa', en: 'entry.officialNameEn' },
    sample: { ja: 'サンプルCSIRT', en: 'Sample CSIRT' },
  }),
  organization: bilingualName('organization', 'organization', {
    label: 'team.organization',
    inputs: { ja: 'entry.organizationJa', en: 'entry.organizationEn' },
    sample: { ja: 'サンプル株式会社', en: 'Sample Corporation' },
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
  region: requiredChoice('region', REGIONS, {
    label: 'team.region',
    message: 'entry.error.region',
    width: 14,
    sample: 'kanto',
  }),
  industry: requiredChoice('industry', INDUSTRIES, {
    label: 'team.industry',
    message: 'entry.error.industry',
    width: 22,
    sample: 'information_communications',
  }),
} as const;
