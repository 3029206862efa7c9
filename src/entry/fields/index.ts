/**
 * The team entry, field by field: the one place that says what a field is — its columns, its form inputs and their
 * messages, its visibility rule, whether search matches it, how it shows and exports, whether it belongs to the
 * point of contact. The table (schema.ts), the entry and its mapping (entry.ts), the form (entry-form.ts), the
 * presenter and the API schema, the export columns, the history labels, the change feed, the search columns, the
 * seeds and the test factories all derive from ENTRY_FIELDS. Its order is the order of the export columns; the form
 * groups the fields by section.
 *
 * Adding an ordinary text field: its declaration in one of these files, a migration (npm run db:generate), and its
 * label in ja.ts and en.ts.
 */
import type { VisibilityRuleName } from '../visibility-rules';
import { ABOUT_FIELDS } from './about';
import { CONTACT_FIELDS } from './contact';
import { IDENTITY_FIELDS } from './identity';
import type { AnyEntryField, FormValues, Input } from './kinds';

export const ENTRY_FIELDS = { ...IDENTITY_FIELDS, ...ABOUT_FIELDS, ...CONTACT_FIELDS };

export type EntryFields = typeof ENTRY_FIELDS;
export type EntryFieldName = keyof EntryFields;
type ValueOf<F> = F extends { read(row: never): infer V } ? V : never;
/** Every field's value, by field name. */
export type EntryValues = { [K in EntryFieldName]: ValueOf<EntryFields[K]> };

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type ColumnsOf<F> = F extends { columns: infer C } ? C : never;
/** The table columns of every field (schema.ts spreads them into the teams table). */
export type EntryColumns = UnionToIntersection<ColumnsOf<EntryFields[EntryFieldName]>>;

/** The fields in registry order, as their generic shape (for code that walks every field). */
export const FIELD_LIST = Object.entries(ENTRY_FIELDS) as [EntryFieldName, AnyEntryField][];

export function entryTableColumns(): EntryColumns {
  return Object.assign({}, ...FIELD_LIST.map(([, f]) => f.columns)) as EntryColumns;
}

/** Every form input, by its posted name, with the field it belongs to. */
export const FORM_INPUTS: ReadonlyMap<string, { field: EntryFieldName; input: Input }> = new Map(
  FIELD_LIST.flatMap(([field, f]) =>
    Object.entries(f.form?.inputs ?? {}).map(([name, input]) => [name, { field, input }] as const),
  ),
);

/** Fields a change to which is a change of the point of contact, as the posted input names the history records. */
export const POC_INPUTS: readonly string[] = [...FORM_INPUTS]
  .filter(([, i]) => (ENTRY_FIELDS[i.field] as AnyEntryField).poc)
  .map(([n]) => n);

/** The rule that decides who sees a field. */
export function ruleOf(field: EntryFieldName): VisibilityRuleName {
  return ENTRY_FIELDS[field].visibility;
}

/** A value's place in a TeamView: [group, property] or its own name. */
export function viewPathOf(field: EntryFieldName): readonly [string] | readonly [string, string] {
  const at = (ENTRY_FIELDS[field] as AnyEntryField).viewAt;
  return at ?? [field];
}

export type { AnyEntryField, FormValues, Input };
