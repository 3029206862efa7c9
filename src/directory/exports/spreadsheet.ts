/**
 * The directory for spreadsheets, from the same rows (columns.ts):
 * - teams.csv: RFC 4180, UTF-8 with a byte-order mark (Excel in Japan needs it to read UTF-8), header of column keys;
 * - teams.xlsx: for LibreOffice and Excel, which open it without guessing an encoding — a header row of labels in
 *   the reader's language, frozen, with a filter; days and instants as date cells; everything else as text cells.
 * Formula injection: a CSV cell that would run as a formula (=, +, -, @ first) gets a leading apostrophe; in the
 * xlsx every value is a typed string or date cell, never a formula, so the same text is inert there as it is.
 */
import type { Workbook } from 'exceljs';
import type { TeamView } from '../presenter';
import { COLUMNS, CSV_COLUMNS, columnLabel, rowsOf } from './columns';
import type { ExportContext } from './context';

const CRLF = '\r\n';

/** A cell a spreadsheet would run as a formula, except a phone number in E.164, which is data. */
function defused(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^\+\d{7,15}$/.test(text) ? `'${text}` : text;
}

function csvCell(value: string | null): string {
  const text = defused(value ?? '');
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(teams: TeamView[], ex: ExportContext): string {
  const rows = rowsOf(teams, ex).map((row) => row.map(csvCell).join(','));
  return `\uFEFF${[CSV_COLUMNS.join(','), ...rows].join(CRLF)}${CRLF}`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Spreadsheet dates carry no time zone: instants are written in UTC, and the format says so. */
const NUMBER_FORMATS = { date: 'yyyy-mm-dd', instant: 'yyyy-mm-dd hh:mm "UTC"' } as const;

function xlsxValue(kind: (typeof COLUMNS)[number]['kind'], value: string | null): string | Date | null {
  if (value === null || value === '') return null;
  if (kind === 'text') return value;
  const date = new Date(kind === 'date' ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : date;
}

export async function toXlsx(teams: TeamView[], ex: ExportContext): Promise<Buffer> {
  // Loaded on first use: the library is large and only this export needs it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook: Workbook = new ExcelJS.Workbook();
  workbook.creator = ex.t('site.name');
  const sheet = workbook.addWorksheet(ex.t('export.sheetName'), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({
    header: columnLabel(c, ex),
    key: c.key,
    width: c.width,
    style: c.kind === 'text' ? {} : { numFmt: NUMBER_FORMATS[c.kind] },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rowsOf(teams, ex)) {
    sheet.addRow(row.map((value, i) => xlsxValue(COLUMNS[i].kind, value)));
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
