/**
 * The fields of an entry as rows a page lists (label, value, how to draw it), from the registry: the team page's
 * details and point of contact, and the application review. Pages draw rows with views/partials/entry-rows.ejs, so
 * a field added to the registry with a `display` shows on them without a line in a view.
 */
import type { MessageKey, Translate } from '../i18n';
import { type EntryFieldName, FIELD_LIST, viewPathOf } from './fields';
import { codedText, type Display, type FormSection } from './fields/kinds';
import type { VisibilityField } from './visibility';

export interface EntryRow {
  field: EntryFieldName;
  label: MessageKey;
  display: Display;
  value: unknown;
  /** A coded value (region, services…) as the reader's words. */
  text?: string;
  /** The caller may not see the field here: the page says "not public" rather than nothing. */
  notShown: boolean;
}

/** Which fields a list holds: those of one form section (a field without a form: identity), or all. */
export type RowPlace = FormSection | 'all';

function placeOf(field: (typeof FIELD_LIST)[number][1]): FormSection | null {
  if (field.form) return field.form.section;
  return field.visibility === 'identity' ? 'identity' : null;
}

const PROSE: readonly Display[] = ['introduction'];

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || isBlankPair(v);
const isBlankPair = (v: unknown) =>
  typeof v === 'object' &&
  v !== null &&
  'ja' in v &&
  'en' in v &&
  !(v as { ja: string }).ja &&
  !(v as { en: string }).en;

/**
 * Rows of one list. `record` is a TeamView (values at their view places, absent when hidden) or, with
 * `shape: 'entry'`, a TeamEntry (values under field names, all present). Empty values are left out; a field the
 * caller may not see is listed as not shown when its rule is among `hidden`.
 */
export function entryRows(
  record: Record<string, unknown>,
  t: Translate,
  opts: { place: RowPlace; shape?: 'view' | 'entry'; hidden?: readonly VisibilityField[]; except?: readonly string[] },
): EntryRow[] {
  const rows: EntryRow[] = [];
  for (const [name, field] of FIELD_LIST) {
    // The introduction, three parts of prose, has a section of its own on every page.
    if (!field.display || PROSE.includes(field.display) || opts.except?.includes(name)) continue;
    if (opts.place !== 'all' && placeOf(field) !== opts.place) continue;
    const path: readonly string[] = opts.shape === 'entry' ? [name] : viewPathOf(name);
    const first = record[path[0]];
    const value = path.length === 1 ? first : (first as Record<string, unknown> | undefined)?.[path[1] as string];
    const notShown = value === undefined && Boolean(opts.hidden?.includes(field.visibility));
    if (isEmpty(value) && !notShown) continue;
    const display = field.display;
    const text =
      typeof display === 'object' && !notShown ? codedText(display.coded, [value as string].flat(), t) : undefined;
    rows.push({ field: name, label: field.label, display, value, text, notShown });
  }
  return rows;
}
