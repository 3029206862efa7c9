/**
 * The team entry as a form, derived from the field registry (fields/): one schema of every input, the messages and
 * labels of each, the cross-input checks, and the mapping between posted inputs and a TeamEntry. The application
 * form and the editor both use it, so both validate the same way and show the same messages.
 *
 * Input names are flat (`officialNameJa`, `hoursDays`) so a plain HTML form posts them; `toEntry` groups them into
 * a TeamEntry. `echoEntry` turns whatever was posted back into strings for re-rendering a rejected form — always
 * escaped by the view, never trusted.
 */
import { z } from 'zod';
import type { FieldError } from '../http/errors';
import { isMessageKey, type MessageKey } from '../i18n';
import type { TeamEntry } from './entry';
import {
  ENTRY_FIELDS,
  type EntryFieldName,
  type EntryFields,
  FIELD_LIST,
  FORM_INPUTS,
  type FormValues,
} from './fields';
import { ENTRY_LANGUAGES } from './fields/contact';
import { SHORT_NAME_PATTERN } from './fields/identity';
import {
  type EntryFieldSpec,
  FORM_SECTIONS,
  type FormSection,
  INTRO_MAX,
  type Input,
  listOf,
  type Widget,
} from './fields/kinds';
import { fieldErrorsFrom } from './form-issues';
import { CONSTITUENCY_TYPES, INDUSTRIES, REGIONS, SERVICE_AREAS } from './vocabulary';

export { ENTRY_LANGUAGES, SHORT_NAME_PATTERN };

/** One input as the form draws it. */
export interface DrawnInput {
  name: string;
  caption: MessageKey;
  required: boolean;
  widget: Widget;
  /** The choices of a select or checkbox group, each with its label. */
  options: { value: string; label: MessageKey }[];
}
/** A run of inputs side by side (a grid), or a fieldset of one field's inputs under its label (a group). */
export type FormBlock =
  | { kind: 'grid'; inputs: DrawnInput[] }
  | { kind: 'group'; legend: MessageKey; required: boolean; inputs: DrawnInput[] };

const drawn = (fieldInputs: Record<string, Input>): DrawnInput[] =>
  Object.entries(fieldInputs).map(([name, i]) => ({
    name,
    caption: i.caption ?? i.label,
    required: Boolean(i.required),
    widget: i.widget,
    options: optionsOf(i.widget),
  }));

/** A choice's label key, checked when the module loads: a vocabulary code without a label fails at start. */
function optionsOf(widget: Widget): DrawnInput['options'] {
  if (widget.kind !== 'select' && widget.kind !== 'checks') return [];
  return widget.options.map((value) => {
    const label = `${widget.optionLabel}${value}`;
    if (!isMessageKey(label)) throw new Error(`option ${value} has no label ${label}`);
    return { value, label };
  });
}

const SECTION_LEGENDS: Record<FormSection, MessageKey> = {
  identity: 'entry.section.identity',
  poc: 'entry.section.poc',
  introduction: 'entry.section.introduction',
  constituency: 'entry.section.constituency',
};

/**
 * The form's sections, each a list of blocks, in registry order: a field of several inputs gets a grid of its own,
 * fields of one input share a grid until the next field of several, a grouped field gets a fieldset (with the fields
 * that join it).
 */
function layoutOf(section: FormSection): FormBlock[] {
  const blocks: FormBlock[] = [];
  let shared: FormBlock | undefined;
  for (const [name, field] of FIELD_LIST) {
    const form = field.form;
    if (!form || form.section !== section || form.joins) continue;
    const inputs = drawn(form.inputs);
    if (form.grouped) {
      const joined = FIELD_LIST.filter(([, f]) => f.form?.joins === name).flatMap(([, f]) => drawn(f.form!.inputs));
      blocks.push({
        kind: 'group',
        legend: field.label,
        required: inputs.some((i) => i.required),
        inputs: [...inputs, ...joined],
      });
      shared = undefined;
    } else if (inputs.length > 1) {
      blocks.push({ kind: 'grid', inputs });
      shared = undefined;
    } else if (shared) shared.inputs.push(...inputs);
    else {
      shared = { kind: 'grid', inputs };
      blocks.push(shared);
    }
  }
  return blocks;
}

/** What the entry form offers: its sections of inputs (drawn by views/partials/entry-fields.ejs) and the vocabularies. */
export const ENTRY_VOCABULARY = {
  sections: FORM_SECTIONS.map((section) => ({ section, legend: SECTION_LEGENDS[section], blocks: layoutOf(section) })),
  regions: REGIONS,
  industries: INDUSTRIES,
  constituencyTypes: CONSTITUENCY_TYPES,
  services: SERVICE_AREAS,
};

/** The inputs of every field (a field without a form has none). */
type InputsOf<K> = K extends EntryFieldName
  ? EntryFields[K] extends EntryFieldSpec<infer _C, infer _V, infer I, infer _R>
    ? I
    : never
  : never;
type AllInputs = UnionToIntersection<InputsOf<EntryFieldName>>;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type SchemaShape = { [K in keyof AllInputs]: AllInputs[K] extends { schema: infer S } ? S : never };

const FORM_FIELDS = FIELD_LIST.filter(([, f]) => f.form);

export const entryFormSchema = z.object(
  Object.fromEntries([...FORM_INPUTS].map(([name, { input }]) => [name, input.schema])) as SchemaShape,
);

export type EntryForm = z.output<typeof entryFormSchema>;

/**
 * Checks across the inputs of a field, made on the posted values so they are reported together with the per-field
 * errors (a zod refinement on the object would only run once every field is valid: two rounds for the applicant).
 */
function crossFieldErrors(body: Record<string, unknown>): FieldError[] {
  return FORM_FIELDS.flatMap(([, f]) => f.form?.check?.(body) ?? []);
}

const inputLabels: Record<string, MessageKey> = Object.fromEntries(
  [...FORM_INPUTS].map(([name, { input }]) => [name, input.label]),
);
/**
 * What each input expects, said when its value is wrong in some other way than being empty or too long (those two
 * are said the same way for every typed input: see form-issues.ts).
 */
export const ENTRY_MESSAGES: Partial<Record<string, MessageKey>> = Object.fromEntries(
  [...FORM_INPUTS].flatMap(([name, { input }]) => (input.message ? [[name, input.message]] : [])),
);
/** Inputs picked from a list rather than typed. */
const CHOICE_INPUTS: ReadonlySet<string> = new Set(
  [...FORM_INPUTS].filter(([, { input }]) => ['select', 'checks'].includes(input.widget.kind)).map(([n]) => n),
);

/** The posted entry, validated: the entry form, or every field error at once (one per field). */
export function parseEntryForm(body: Record<string, unknown>): { form?: EntryForm; errors: FieldError[] } {
  const errors = crossFieldErrors(body);
  const result = entryFormSchema.safeParse(body);
  if (!result.success) {
    const spec = { messages: ENTRY_MESSAGES, labels: inputLabels, choices: CHOICE_INPUTS };
    errors.push(...fieldErrorsFrom(result.error.issues, body, spec, errors));
  }
  return errors.length || !result.success ? { errors } : { form: result.data, errors };
}

/** Every posted input name, in form order. */
export const ENTRY_INPUTS = [...FORM_INPUTS.keys()] as (keyof EntryForm)[];

/** The validated form as a team entry (membership date and status are set by whoever creates the team). */
export function toEntry(f: EntryForm, memberSince: string): TeamEntry {
  const entry: Record<string, unknown> = { memberSince };
  for (const [name, field] of FORM_FIELDS) entry[name] = field.form?.fromForm(f);
  return entry as TeamEntry;
}

export type EntryFormValues = FormValues;

const GROUPS = new Set([...FORM_INPUTS].filter(([, { input }]) => input.widget.kind === 'checks').map(([n]) => n));

/** Posted values back into the form (bounded, stringified), so a rejected submission loses nothing. */
export function echoEntry(body: Record<string, unknown>): EntryFormValues {
  const values: EntryFormValues = {};
  for (const name of ENTRY_INPUTS) {
    const raw = body[name];
    values[name] = GROUPS.has(name)
      ? listOf(raw)
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
  const values: EntryFormValues = {};
  for (const [name, field] of FORM_FIELDS) {
    const value = (e as Record<string, unknown>)[name] ?? ENTRY_FIELDS[name].sample;
    for (const [input, shown] of Object.entries(field.form?.toForm(value) ?? {})) {
      values[input] = typeof shown === 'string' ? shown : [...(shown as readonly string[])];
    }
  }
  return values;
}
