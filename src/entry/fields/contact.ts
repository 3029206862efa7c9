/** The fields of the point of contact: how and when a team is reached, and in which languages. */

import { sql } from 'drizzle-orm';
import { jsonb, text } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { citext } from '../../db/column-types';
import type { MessageKey } from '../../i18n';
import { phoneUri } from '../phone';
import type { BusinessHours } from '../vocabulary';
import { defineField, e164, type Input, listOf, orNull, parse, type RowOf, textColumn, vText } from './kinds';

/** The languages offered as checkboxes; others are typed as ISO 639 codes. */
export const ENTRY_LANGUAGES = ['ja', 'en'] as const;
const isOffered = (code: string) => (ENTRY_LANGUAGES as readonly string[]).includes(code);
const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '0'] as const;

/** TEL as an RFC 3966 global number; a stored value that is not a number stays readable as text. */
function vcardTel(value: string, params: string): string {
  const uri = phoneUri(value);
  return uri ? `TEL;VALUE=uri;${params}:${uri}` : `TEL;VALUE=text;${params}:${vText(value)}`;
}

/**
 * A phone number: stored in E.164 whoever writes it, a tel: link on pages, E.164 in exports, TEL in vCard. The
 * field's name is also its column's, its input's and its visibility rule's.
 */
function phoneField<const K extends 'phone' | 'emergencyPhone'>(
  key: K,
  column: string,
  o: { label: MessageKey; hint?: MessageKey; vcardType: string; sample: string | null; describe?: string },
) {
  type Columns = Record<K, ReturnType<typeof text>>;
  type Inputs = Record<K, Input<ReturnType<typeof parse.phone>>>;
  const columns = { [key]: text(column) } as Columns;
  const api = z.string().nullable();
  return defineField<Columns, string | null, K, Inputs>({
    columns,
    read: (r) => r[key] as string | null,
    write: (v) => ({ [key]: e164(v) }) as { [P in K]?: RowOf<Columns>[P] },
    label: o.label,
    visibility: key,
    api: o.describe ? api.describe(o.describe) : api,
    sample: o.sample,
    poc: true,
    display: 'tel',
    csv: [{ key, kind: 'text', width: 16, cell: (v) => e164(v) }],
    vcard: (v) => (v ? [vcardTel(v, o.vcardType)] : []),
    form: {
      section: 'poc',
      inputs: {
        [key]: {
          schema: parse.phone(),
          label: o.label,
          message: 'entry.error.phone',
          widget: { kind: 'tel', max: 40, ...(o.hint ? { hint: o.hint } : {}) },
        },
      } as Inputs,
      fromForm: (f) => f[key] as string | null,
      toForm: (v) => ({ [key]: v ?? '' }) as Record<K, string>,
    },
  });
}

export const CONTACT_FIELDS = {
  email: defineField({
    columns: { email: citext('email').notNull() },
    read: (r) => r.email,
    write: (v: string) => ({ email: v }),
    label: 'team.email',
    visibility: 'email',
    api: z.string(),
    sample: 'csirt@sample.example',
    // An address or a domain typed into the search box finds its team (where the caller may see the address).
    search: ['email::text'],
    poc: true,
    display: 'mailto',
    csv: [textColumn('email', 30, (v: string) => v)],
    vcard: (v) => [`EMAIL;TYPE=work;PREF=1:${vText(v)}`],
    form: {
      section: 'poc',
      inputs: {
        email: {
          schema: z.string().trim().max(254).pipe(z.email()),
          label: 'team.email',
          message: 'entry.error.email',
          required: true,
          widget: { kind: 'email', max: 254, hint: 'entry.email.hint' },
        },
      },
      fromForm: (f) => f.email.toLowerCase(),
      toForm: (v) => ({ email: v }),
    },
  }),
  website: defineField({
    columns: { website: text('website') },
    read: (r) => r.website,
    write: (v: string | null) => ({ website: v }),
    label: 'team.website',
    visibility: 'website',
    api: z.string().nullable(),
    sample: null,
    search: ["coalesce(website, '')"],
    poc: true,
    display: 'link',
    csv: [textColumn('website', 34, (v: string | null) => v)],
    // A URI value is not escaped (RFC 6350 §4.2.2); stored websites are checked URLs, line breaks are dropped anyway.
    vcard: (v) => (v ? [`URL:${v.replace(/[\r\n]/g, '')}`] : []),
    form: {
      section: 'poc',
      inputs: {
        website: {
          schema: parse.optionalText(500).refine((v) => v === '' || /^https?:\/\/[^\s/]+\.[^\s]*$/i.test(v)),
          label: 'team.website',
          message: 'entry.error.website',
          widget: { kind: 'url', max: 500, placeholder: 'https://' },
        },
      },
      fromForm: (f) => orNull(f.website),
      toForm: (v) => ({ website: v ?? '' }),
    },
  }),
  phone: phoneField('phone', 'phone', {
    label: 'team.phone',
    hint: 'entry.phone.hint',
    vcardType: 'TYPE="voice,work"',
    sample: '+81355550100',
    describe:
      'E.164 (an entry from an older version may hold a domestic form until it is saved again); members only unless the team made it public',
  }),
  emergencyPhone: phoneField('emergencyPhone', 'emergency_phone', {
    label: 'team.emergencyPhone',
    // The 24/7 line is the one to call first.
    vcardType: 'TYPE="voice,work";PREF=1',
    sample: null,
  }),
  businessHours: defineField({
    columns: { businessHours: jsonb('business_hours').$type<BusinessHours>() },
    read: (r) => r.businessHours,
    write: (v: BusinessHours | null) => ({ businessHours: v }),
    label: 'team.businessHours',
    visibility: 'businessHours',
    api: z.object({ days: z.array(z.number().int().min(0).max(6)), open: z.string(), close: z.string() }).nullable(),
    sample: { days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' },
    poc: true,
    display: 'hours',
    form: {
      section: 'poc',
      grouped: true,
      inputs: {
        hoursDays: {
          schema: z.preprocess(listOf, z.array(z.enum(['0', '1', '2', '3', '4', '5', '6'])).max(7)),
          label: 'entry.hoursDays',
          message: 'entry.error.hours',
          widget: { kind: 'checks', options: WEEKDAYS, optionLabel: 'weekday.' },
        },
        hoursOpen: {
          schema: parse.time(),
          label: 'field.hoursOpen',
          caption: 'entry.hoursOpen',
          message: 'entry.error.hours',
          widget: { kind: 'time' },
        },
        hoursClose: {
          schema: parse.time(),
          label: 'field.hoursClose',
          caption: 'entry.hoursClose',
          message: 'entry.error.hours',
          widget: { kind: 'time' },
        },
      },
      fromForm: (f) =>
        f.hoursOpen ? { days: f.hoursDays.map(Number).sort(), open: f.hoursOpen, close: f.hoursClose } : null,
      toForm: (v) => ({
        hoursDays: (v?.days ?? []).map(String),
        hoursOpen: v?.open ?? '',
        hoursClose: v?.close ?? '',
      }),
      // Days, opening and closing time are given together or not at all, and the day opens before it closes.
      check: (posted) => {
        const str = (name: string) => (typeof posted[name] === 'string' ? (posted[name] as string).trim() : '');
        const given = [listOf(posted.hoursDays).length > 0, str('hoursOpen') !== '', str('hoursClose') !== ''];
        if (given.some(Boolean) && !given.every(Boolean))
          return [{ field: 'hoursDays', messageKey: 'entry.error.hours' }];
        if (given.every(Boolean) && str('hoursOpen') >= str('hoursClose')) {
          return [{ field: 'hoursOpen', messageKey: 'entry.error.hours' }];
        }
        return [];
      },
    },
  }),
  timeZone: defineField({
    columns: { timeZone: text('time_zone').notNull().default('Asia/Tokyo') },
    read: (r) => r.timeZone,
    write: (v: string) => ({ timeZone: v }),
    label: 'entry.timeZone',
    visibility: 'businessHours',
    api: z.string(),
    sample: 'Asia/Tokyo',
    poc: true,
    vcard: (v) => [`TZ;VALUE=text:${vText(v)}`],
    form: {
      section: 'poc',
      joins: 'businessHours',
      inputs: {
        timeZone: {
          schema: parse.timeZone(),
          label: 'entry.timeZone',
          message: 'entry.error.timeZone',
          widget: { kind: 'text', max: 64 },
        },
      },
      fromForm: (f) => f.timeZone,
      toForm: (v) => ({ timeZone: v }),
    },
  }),
  languages: defineField({
    columns: { languages: text('languages').array().notNull().default(sql`'{ja}'::text[]`) },
    read: (r) => r.languages,
    write: (v: string[]) => ({ languages: v }),
    label: 'team.languages',
    visibility: 'languages',
    api: z.array(z.string()),
    sample: ['ja', 'en'],
    poc: true,
    display: 'languages',
    csv: [textColumn('languages', 10, (v: string[]) => v.join(' '))],
    vcard: (v) => v.map((l, i) => `LANG;PREF=${i + 1}:${l}`),
    form: {
      section: 'poc',
      grouped: true,
      inputs: {
        languages: {
          schema: z.preprocess(listOf, z.array(z.enum(ENTRY_LANGUAGES)).max(2)),
          label: 'team.languages',
          message: 'entry.error.languages',
          required: true,
          widget: { kind: 'checks', options: ENTRY_LANGUAGES, optionLabel: 'language.' },
        },
        otherLanguages: {
          schema: z.preprocess(
            (v) => (v === undefined ? '' : v),
            z
              .string()
              .trim()
              .toLowerCase()
              .regex(/^$|^[a-z]{2,3}(\s*,\s*[a-z]{2,3}){0,9}$/),
          ),
          label: 'field.otherLanguages',
          caption: 'entry.otherLanguages',
          message: 'entry.error.languages',
          widget: { kind: 'text', max: 60 },
        },
      },
      fromForm: (f) => {
        const extra = f.otherLanguages ? f.otherLanguages.split(',').map((c) => c.trim()) : [];
        return [...new Set([...f.languages, ...extra])];
      },
      toForm: (v) => ({ languages: v.filter(isOffered), otherLanguages: v.filter((l) => !isOffered(l)).join(', ') }),
      check: (posted) =>
        listOf(posted.languages).length === 0 &&
        !(typeof posted.otherLanguages === 'string' && posted.otherLanguages.trim())
          ? [{ field: 'languages', messageKey: 'entry.error.languages' }]
          : [],
    },
  }),
} as const;
