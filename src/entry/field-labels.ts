/**
 * What each field of a team entry is called where people read it: form errors, the change history, the edit
 * conflict table. Stored changes name fields by their form names (`introOverviewJa`, `visibility.phone`) and hold
 * vocabulary codes (`kanto`, `members`); these turn both into the reader's words. The labels come from the field
 * registry and the visibility rules, which require one for each input and rule: nothing reaches a page unlabelled.
 */
import { isMessageKey, type MessageKey, type Params, type Translate } from '../i18n';
import { FORM_INPUTS } from './fields';
import type { VisibilityField } from './visibility';
import { VISIBILITY_RULES } from './visibility-rules';

/** Each posted input's label, from the registry. */
export const ENTRY_FIELD_LABELS: Readonly<Record<string, MessageKey>> = Object.fromEntries(
  [...FORM_INPUTS].map(([name, { input }]) => [name, input.label]),
);

/** The label of a posted entry field, or undefined for a name that is not one (the request edge names fields so). */
export function entryFieldLabel(field: string): MessageKey | undefined {
  return Object.hasOwn(ENTRY_FIELD_LABELS, field) ? ENTRY_FIELD_LABELS[field] : undefined;
}

/** The part of an entry each visibility choice governs. */
export const VISIBILITY_FIELD_LABELS: Record<VisibilityField, MessageKey> = Object.fromEntries(
  Object.entries(VISIBILITY_RULES).map(([name, rule]) => [name, rule.label]),
) as Record<VisibilityField, MessageKey>;

const VISIBILITY_PREFIX = 'visibility.';

function isEntryField(field: string): boolean {
  return Object.hasOwn(ENTRY_FIELD_LABELS, field);
}

function isVisibilityField(field: string): field is VisibilityField {
  return Object.hasOwn(VISIBILITY_FIELD_LABELS, field);
}

/** The message naming a changed field: its label, "Visibility: <label>", or — for a name no longer known — the name. */
export function fieldLabel(field: string): { key: MessageKey; params?: Params } {
  if (isEntryField(field)) return { key: ENTRY_FIELD_LABELS[field] };
  if (field.startsWith(VISIBILITY_PREFIX)) {
    const governed = field.slice(VISIBILITY_PREFIX.length);
    if (isVisibilityField(governed)) {
      return { key: 'field.visibilityOf', params: { field: `msg:${VISIBILITY_FIELD_LABELS[governed]}` } };
    }
  }
  return { key: 'field.unknown', params: { field } };
}

/** Inputs whose stored value is a list of vocabulary codes, and the catalogue prefix of each code's label. */
const CODED_VALUES: Partial<Record<string, string>> = Object.fromEntries(
  [...FORM_INPUTS].flatMap(([name, { input }]) =>
    input.widget.kind === 'select' || input.widget.kind === 'checks' ? [[name, input.widget.optionLabel]] : [],
  ),
);

/** A stored value as the reader says it: codes become their labels ("kanto" → 関東), lists stay lists. */
export function fieldValueText(field: string, value: string, t: Translate): string {
  const prefix = field.startsWith(VISIBILITY_PREFIX) ? 'visibility.' : CODED_VALUES[field];
  if (!prefix || value === '') return value;
  return value
    .split(',')
    .map((code) => {
      const key = `${prefix}${code.trim()}`;
      // A code without a label (a language written as its ISO code, say) is shown as it is.
      return isMessageKey(key) ? t(key) : code.trim();
    })
    .join(t('weekday.separator'));
}

/** A changed field as a history or conflict row shows it. */
export function describeChange(c: { field: string; before: string; after: string }, t: Translate) {
  const label = fieldLabel(c.field);
  return {
    field: c.field,
    label: t(label.key, label.params),
    before: fieldValueText(c.field, c.before, t),
    after: fieldValueText(c.field, c.after, t),
  };
}
