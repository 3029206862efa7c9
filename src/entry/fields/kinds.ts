/**
 * The parts a field of the team entry is made of (fields.ts declares each field with these): its table columns,
 * its form inputs and how they parse, how it shows, how it exports. Nothing here knows a particular field.
 */
import type { ColumnBuilderBase } from 'drizzle-orm';
import { z } from 'zod';
import type { FieldError } from '../../http/errors';
import { isMessageKey, type MessageKey, type Translate } from '../../i18n';
import { normalizePhone } from '../phone';
import type { VisibilityRuleName } from '../visibility-rules';

/** The value a column builder reads back: its `$type`, or its data type; null unless the column is NOT NULL. */
type DataOf<B> = B extends { _: infer C }
  ? (C extends { $type: infer U } ? U : C extends { data: infer D } ? D : never) extends infer V
    ? C extends { notNull: true }
      ? V
      : V | null
    : never
  : never;

export type Columns = Record<string, ColumnBuilderBase>;
export type RowOf<C extends Columns> = { [K in keyof C]: DataOf<C[K]> };

/** What a form shows: strings for text inputs, arrays for checkbox groups. */
export type FormValues = Record<string, string | string[]>;

/** How an input is drawn (views/partials/entry-fields.ejs draws each kind). */
export type Widget =
  | { kind: 'text' | 'email' | 'url' | 'tel' | 'date'; max: number; hint?: MessageKey; placeholder?: string }
  | { kind: 'textarea'; max: number }
  | { kind: 'time' }
  /** One of a closed list; `optionLabel` is the catalogue prefix of each option's label (`region.` + code). */
  | { kind: 'select'; options: readonly string[]; optionLabel: string }
  | { kind: 'checks'; options: readonly string[]; optionLabel: string };

/** One posted form input: its parser and how it is named, explained and drawn. */
export interface Input<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** The input's name where people read it: errors, the change history, the conflict table. */
  label: MessageKey;
  /** The input's caption on the form, where shorter than its label (the form shows the context around it). */
  caption?: MessageKey;
  /** What the input expects, said when its value is wrong in a way other than empty or too long. */
  message?: MessageKey;
  required?: boolean;
  widget: Widget;
}

type Inputs = Record<string, Input>;
export type ParsedInputs<I extends Inputs> = { [K in keyof I]: z.output<I[K]['schema']> };

/** Where a field appears on pages (the team page, the application review): the view helpers format each kind. */
export type Display =
  | 'text'
  | 'date'
  | 'prose'
  | 'mailto'
  | 'link'
  | 'tel'
  | { coded: string }
  | 'hours'
  | 'languages'
  | 'bilingual'
  | 'bilingualProse'
  | 'introduction';

/** Which part of the form a field sits in, in this order. */
export const FORM_SECTIONS = ['identity', 'poc', 'introduction', 'constituency'] as const;
export type FormSection = (typeof FORM_SECTIONS)[number];

/** One export column of a field: its key (the CSV header, stable for scripts), width and cell text. */
export interface FieldColumn<V> {
  key: string;
  kind: 'text' | 'date';
  width: number;
  /** Header in the reader's language; by default the field's label. */
  label?: MessageKey;
  cell(value: V, t: Translate): string | null | undefined;
}

export interface EntryFieldSpec<
  C extends Columns,
  V,
  I extends Inputs,
  R extends VisibilityRuleName = VisibilityRuleName,
  A extends readonly [string, string] | undefined = readonly [string, string] | undefined,
> {
  columns: C;
  /** The value's type is the one `read` returns; every other part takes it from there. */
  read(row: RowOf<C>): V;
  write(value: NoInfer<V>): { [K in keyof C]?: RowOf<C>[K] };
  label: MessageKey;
  /** The visibility rule in force for the field (visibility-rules.ts). */
  visibility: R;
  /** Where the value sits in a TeamView when not under the field's own name: [group, property]. */
  viewAt?: A;
  /** The JSON API's schema of the value (the OpenAPI document and the response tests use it). */
  api: z.ZodType;
  /** What the entry holds for a team no one described yet (seeds and test factories start from it). */
  sample: NoInfer<V>;
  /** SQL expressions of text that free-text search matches (within the field's visibility). */
  search?: readonly string[];
  /** A change to it is a change of the point of contact (the members' change feed announces those). */
  poc?: boolean;
  display?: Display;
  csv?: readonly FieldColumn<NoInfer<V>>[];
  /**
   * RFC 2350 text of the value and the section it belongs in (e.g. '2.10' Other Information), for a field the
   * document's fixed sections do not already lay out (exports/rfc2350.ts appends it there).
   */
  rfc2350?: { section: string; line(value: NoInfer<V>, t: Translate): string };
  /** vCard 4.0 property lines of the value, already escaped (exports/vcard.ts). */
  vcard?: (value: NoInfer<V>) => string[];
  form?: {
    section: FormSection;
    /** Inputs drawn together in a fieldset under the field's label (a checkbox group with its text input). */
    grouped?: boolean;
    /** Drawn inside the fieldset of that (grouped) field: the time zone within the business hours. */
    joins?: string;
    /** Given once, when the team is created (the short name, which is also its address): the editor shows it read-only. */
    fixedOnceCreated?: boolean;
    inputs: I;
    fromForm(parsed: ParsedInputs<I>): NoInfer<V>;
    toForm(value: NoInfer<V>): { [K in keyof I]: string | readonly string[] };
    /** Checks across the field's inputs, on the posted values, reported together with every other error. */
    check?(posted: Record<string, unknown>): FieldError[];
  };
}

/**
 * A field as code that walks every field sees it. Its value is `any` on purpose: each field's parts agree on their
 * own value type (defineField checks that), and a walker only hands one part's value to another part of the same field.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; the typed registry keeps each field's own value type.
export type AnyEntryField = EntryFieldSpec<Columns, any, Inputs>;

export function defineField<
  const C extends Columns,
  V,
  const R extends VisibilityRuleName,
  const I extends Inputs = Record<never, never>,
  const A extends readonly [string, string] | undefined = undefined,
>(spec: EntryFieldSpec<C, V, I, R, A>): EntryFieldSpec<C, V, I, R, A> {
  return spec;
}

/* Shared by the field declarations. */
export const TEXT_MAX = 200;
export const INTRO_MAX = 2000;
export const bilingualApi = z.object({ ja: z.string(), en: z.string() }).meta({ id: 'Bilingual' });
/** Stored in E.164 whoever writes the row (form, seeds, admission, import): shown formatted for each reader. */
export const e164 = (v: string | null) => v && (normalizePhone(v) ?? v);
export const textColumn = <V>(key: string, width: number, cell: FieldColumn<V>['cell']): FieldColumn<V> => ({
  key,
  kind: 'text',
  width,
  cell,
});
/** A coded value as two columns: labels in the reader's language, and the stable codes for programs. */
export const codedColumns = (key: string, codesKey: string, width: number, prefix: string) => [
  textColumn<readonly string[] | string | null>(key, width, (v, t) =>
    codedText(prefix, v === null ? v : [v].flat(), t),
  ),
  textColumn<readonly string[] | string | null>(codesKey, width, (v) => (v === null ? v : [v].flat().join(' '))),
];

/** Checkbox groups post nothing, one string or several. */
export const listOf = (v: unknown): unknown[] => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
const blankIfMissing = (v: unknown) => (v === undefined ? '' : v);
const trimmed = (max: number) => z.string().trim().max(max);

/** Parsers of the input kinds; each input names one, so equal inputs parse equally. */
export const parse = {
  requiredText: (max: number) => trimmed(max).min(1),
  optionalText: (max: number) => z.preprocess(blankIfMissing, trimmed(max)),
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values),
  /** One of a closed list, or nothing chosen (the select's empty "Choose…"): null. */
  optionalOneOf: <const T extends readonly [string, ...string[]]>(values: T) =>
    z.preprocess(
      blankIfMissing,
      z.union([z.literal(''), z.enum(values)]).transform((v) => (v === '' ? null : v)),
    ),
  someOf: <const T extends readonly [string, ...string[]]>(values: T, min: number, max: number) =>
    z.preprocess(listOf, z.array(z.enum(values)).min(min).max(max)),
  calendarDate: () =>
    z.preprocess(
      blankIfMissing,
      z.string().refine((v) => v === '' || isCalendarDate(v)),
    ),
  phone: () =>
    z.preprocess(
      blankIfMissing,
      z
        .string()
        .trim()
        .max(40)
        .refine((v) => v === '' || normalizePhone(v) !== null)
        .transform((v) => (v === '' ? null : normalizePhone(v))),
    ),
  time: () => z.preprocess(blankIfMissing, z.string().regex(/^$|^([01]\d|2[0-3]):[0-5]\d$|^24:00$/)),
  timeZone: () =>
    z.preprocess((v) => (v === undefined || v === '' ? 'Asia/Tokyo' : v), z.string().trim().max(64).refine(isTimeZone)),
};

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

export const orNull = (v: string) => (v === '' ? null : v);

/** A vocabulary code as its label in the reader's language; a code without a label is shown as it is. */
export function codeLabel(prefix: string, code: string, t: Translate): string {
  const key = `${prefix}${code}`;
  return isMessageKey(key) ? t(key) : code;
}

/** Codes as their labels, joined the way lists are (", " / "、"). */
export const codedText = (prefix: string, codes: readonly string[] | null | undefined, t: Translate) =>
  codes?.map((c) => codeLabel(prefix, c, t)).join(t('export.listSeparator'));

/** RFC 6350 §3.4 text escaping: backslash, comma and every line break. */
export function vText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/,/g, '\\,');
}
