/**
 * The directory as rows, for teams.csv and teams.xlsx: one column list, defined once. Closed vocabularies (region,
 * industry, constituency types, services) come as labels in the reader's language with the stable codes beside
 * them for programs; freshness as the page's words ("Unconfirmed since …") beside its state code. Phones are in
 * E.164 (+81355550101): one form every spreadsheet and dialler reads the same, whatever the reader's country.
 */

import { FIELD_LIST, viewPathOf } from '../../entry/fields';
import { isMessageKey, type MessageKey } from '../../i18n';
import type { TeamView } from '../presenter';
import type { ExportContext } from './context';
import { freshnessLabel } from './freshness-note';

/** text: a string cell · date: a calendar day (YYYY-MM-DD) · instant: an ISO timestamp (UTC). */
export type ColumnKind = 'text' | 'date' | 'instant';

export interface Column {
  key: string;
  kind: ColumnKind;
  /** Width in characters in the xlsx sheet. */
  width: number;
  /** The header people read (the xlsx sheet). */
  label: MessageKey;
  value(team: TeamView, ex: ExportContext): string | null | undefined;
}

/** A column's header: its own export label where the catalogue has one, else the field's label. */
function headerOf(key: string, fallback: MessageKey): MessageKey {
  const own = `export.column.${key}`;
  return isMessageKey(own) ? own : fallback;
}

/** A column of the directory itself (not of one field): its header is export.column.<key>. */
function own(key: string, kind: ColumnKind, width: number, value: Column['value']): Column {
  const label = `export.column.${key}`;
  if (!isMessageKey(label)) throw new Error(`export column ${key} has no header in the catalogue`);
  return { key, kind, width, label, value };
}

/** The value of a field in a view (undefined where the caller may not see it). */
function valueIn(team: TeamView, path: readonly string[]): unknown {
  const first = (team as Record<string, unknown>)[path[0]];
  return path.length === 1 ? first : (first as Record<string, unknown> | undefined)?.[path[1]];
}

/** The columns each field of the registry declares, in registry order; a field the caller may not see is empty. */
const FIELD_COLUMNS: Column[] = FIELD_LIST.flatMap(([name, field]) =>
  (field.csv ?? []).map(
    (c): Column => ({
      key: c.key,
      kind: c.kind,
      width: c.width,
      label: c.label ?? headerOf(c.key, field.label),
      value: (team, ex) => {
        const value = valueIn(team, viewPathOf(name));
        return value === undefined ? undefined : c.cell(value, ex.t);
      },
    }),
  ),
);

export const COLUMNS: readonly Column[] = [
  own('slug', 'text', 22, (t) => t.slug),
  ...FIELD_COLUMNS,
  own('freshness', 'text', 30, (t, ex) => freshnessLabel(t.freshness, ex.t, ex.fmtDate)),
  own('freshnessState', 'text', 10, (t) => t.freshness.state),
  own('confirmedAt', 'instant', 20, (t) => t.freshness.confirmedAt),
  own('dueAt', 'instant', 20, (t) => t.freshness.dueAt),
  own('unconfirmedSince', 'instant', 20, (t) => t.freshness.unconfirmedSince),
  own('keyFingerprint', 'text', 42, (t) => t.key?.fingerprint),
  own('keyExpires', 'instant', 20, (t) => t.key?.expires),
  own('url', 'text', 40, (t) => t.url),
];

/** Column keys: the CSV header, stable for scripts. */
export const CSV_COLUMNS = COLUMNS.map((c) => c.key);

/** The header of a column in the reader's language (the xlsx sheet is read by people). */
export function columnLabel(column: Column, ex: ExportContext): string {
  return ex.t(column.label);
}

/** Every team as a row of values (null: empty or not visible to this caller). */
export function rowsOf(teams: TeamView[], ex: ExportContext): (string | null)[][] {
  return teams.map((team) => COLUMNS.map((c) => c.value(team, ex) ?? null));
}
