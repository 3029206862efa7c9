/**
 * The directory as rows, for teams.csv and teams.xlsx: one column list, defined once. Closed vocabularies (region,
 * industry, constituency types, services) come as labels in the reader's language with the stable codes beside
 * them for programs; freshness as the page's words ("Unconfirmed since …") beside its state code. Phones are in
 * E.164 (+81355550101): one form every spreadsheet and dialler reads the same, whatever the reader's country.
 */
import type { MessageKey } from '../../i18n';
import { normalizePhone } from '../phone';
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
  value(team: TeamView, ex: ExportContext): string | null | undefined;
}

const labels = (ex: ExportContext, prefix: string, codes: readonly string[] | null | undefined) =>
  codes?.map((c) => ex.t(`${prefix}.${c}` as MessageKey)).join(ex.t('export.listSeparator'));
const label = (ex: ExportContext, prefix: string, code: string | null | undefined) =>
  code ? ex.t(`${prefix}.${code}` as MessageKey) : null;
const phone = (value: string | null | undefined) => (value ? (normalizePhone(value) ?? value) : value);

const text = (key: string, width: number, value: Column['value']): Column => ({ key, kind: 'text', width, value });

export const COLUMNS: readonly Column[] = [
  text('slug', 22, (t) => t.slug),
  text('shortName', 22, (t) => t.shortName),
  text('officialNameJa', 30, (t) => t.officialName.ja),
  text('officialNameEn', 30, (t) => t.officialName.en),
  text('organizationJa', 30, (t) => t.organization.ja),
  text('organizationEn', 30, (t) => t.organization.en),
  { key: 'foundedOn', kind: 'date', width: 12, value: (t) => t.foundedOn },
  { key: 'memberSince', kind: 'date', width: 12, value: (t) => t.memberSince },
  text('region', 14, (t, ex) => label(ex, 'region', t.region)),
  text('regionCode', 14, (t) => t.region),
  text('industry', 22, (t, ex) => label(ex, 'industry', t.industry)),
  text('industryCode', 22, (t) => t.industry),
  text('constituencyTypes', 26, (t, ex) => labels(ex, 'constituency', t.constituency?.types)),
  text('constituencyTypeCodes', 26, (t) => t.constituency?.types.join(' ')),
  text('services', 40, (t, ex) => labels(ex, 'service', t.services)),
  text('serviceCodes', 40, (t) => t.services?.join(' ')),
  text('email', 30, (t) => t.email),
  text('website', 34, (t) => t.website),
  text('phone', 16, (t) => phone(t.phone)),
  text('emergencyPhone', 16, (t) => phone(t.emergencyPhone)),
  text('languages', 10, (t) => t.languages?.join(' ')),
  text('freshness', 30, (t, ex) => freshnessLabel(t.freshness, ex.t, ex.fmtDate)),
  text('freshnessState', 10, (t) => t.freshness.state),
  { key: 'confirmedAt', kind: 'instant', width: 20, value: (t) => t.freshness.confirmedAt },
  { key: 'dueAt', kind: 'instant', width: 20, value: (t) => t.freshness.dueAt },
  { key: 'unconfirmedSince', kind: 'instant', width: 20, value: (t) => t.freshness.unconfirmedSince },
  text('keyFingerprint', 42, (t) => t.key?.fingerprint),
  { key: 'keyExpires', kind: 'instant', width: 20, value: (t) => t.key?.expires },
  text('url', 40, (t) => t.url),
];

/** Column keys: the CSV header, stable for scripts. */
export const CSV_COLUMNS = COLUMNS.map((c) => c.key);

/** The header of a column in the reader's language (the xlsx sheet is read by people). */
export function columnLabel(column: Column, ex: ExportContext): string {
  return ex.t(`export.column.${column.key}` as MessageKey);
}

/** Every team as a row of values (null: empty or not visible to this caller). */
export function rowsOf(teams: TeamView[], ex: ExportContext): (string | null)[][] {
  return teams.map((team) => COLUMNS.map((c) => c.value(team, ex) ?? null));
}
