/**
 * An uploaded file as a table of text cells with a header row: CSV (UTF-8 or CP932), an Excel workbook (its first
 * sheet, read with exceljs), or Trusted Introducer's teams.json (each team's fields as columns). What is not one of
 * these is refused with a reason the secretariat can act on.
 */
import ExcelJS from 'exceljs';
import { parseCsv } from './csv';
import { decodeText, type TextEncodingName } from './decode';

export type SourceKind = 'csv' | 'xlsx' | 'ti';

export interface ImportTable {
  kind: SourceKind;
  encoding: TextEncodingName | null;
  headers: string[];
  /** Data rows, each as long as the header row. */
  rows: string[][];
}

export class UnreadableFile extends Error {
  constructor(readonly reason: 'empty' | 'format' | 'too_many_rows' | 'no_header') {
    super(`unreadable import file: ${reason}`);
  }
}

/** More rows than this are refused: an association has hundreds of teams, not hundreds of thousands. */
export const MAX_IMPORT_ROWS = 10_000;

const ZIP = [0x50, 0x4b, 0x03, 0x04];

export async function readTable(bytes: Uint8Array): Promise<ImportTable> {
  if (bytes.length === 0) throw new UnreadableFile('empty');
  if (ZIP.every((b, i) => bytes[i] === b)) return readWorkbook(bytes);
  const { text, encoding } = decodeText(bytes);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return readTrustedIntroducer(trimmed);
  return table('csv', encoding, parseCsv(text));
}

function table(kind: SourceKind, encoding: TextEncodingName | null, cells: string[][]): ImportTable {
  const [headers, ...rows] = cells;
  if (!headers || headers.every((h) => h.trim() === '')) throw new UnreadableFile('no_header');
  if (rows.length > MAX_IMPORT_ROWS) throw new UnreadableFile('too_many_rows');
  const width = headers.length;
  return {
    kind,
    encoding,
    headers: headers.map((h) => h.trim()),
    rows: rows.map((r) => Array.from({ length: width }, (_, i) => (r[i] ?? '').trim())),
  };
}

/** A cell of exceljs as text: dates as YYYY-MM-DD, links as their text, formulas as their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

async function readWorkbook(bytes: Uint8Array): Promise<ImportTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch {
    throw new UnreadableFile('format');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new UnreadableFile('empty');
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1) throw new UnreadableFile('too_many_rows');
  const cells: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c += 1) values.push(cellText(row.getCell(c).value));
    if (values.some((v) => v.trim() !== '')) cells.push(values);
  });
  return table('xlsx', null, cells);
}

/** The columns a Trusted Introducer team listing is read into (the names match the guessed mapping). */
const TI_COLUMNS = [
  'short_name',
  'official_name',
  'host_organisation',
  'established',
  'email',
  'phone',
  'emergency_phone',
  'website',
  'fingerprint',
  'business_hours_timezone',
  'constituency',
] as const;

async function readTrustedIntroducer(text: string): Promise<ImportTable> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UnreadableFile('format');
  }
  const list = Array.isArray(data) ? data : (data as { teams?: unknown })?.teams;
  if (!Array.isArray(list)) throw new UnreadableFile('format');
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
  const rows = list.map((raw) => {
    const t = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const phones = Array.isArray(t.phones) ? (t.phones as Record<string, unknown>[]) : [];
    const emails = Array.isArray(t.emails) ? (t.emails as Record<string, unknown>[]) : [];
    const keys = Array.isArray(t.pgp_keys) ? (t.pgp_keys as Record<string, unknown>[]) : [];
    const constituency = (t.constituency ?? {}) as Record<string, unknown>;
    const row: Record<(typeof TI_COLUMNS)[number], string> = {
      short_name: str(t.short_name),
      official_name: str(t.official_name),
      host_organisation: str(t.host_organisation),
      established: str(t.established),
      email: str(emails.find((e) => e?.usage !== 'emergency')?.address ?? emails[0]?.address),
      phone: str(phones.find((p) => p?.usage !== 'emergency')?.number),
      emergency_phone: str(phones.find((p) => p?.usage === 'emergency')?.number),
      website: str(t.website),
      fingerprint: str(keys[0]?.fingerprint),
      business_hours_timezone: str(t.business_hours_timezone),
      constituency: str(constituency.description),
    };
    return TI_COLUMNS.map((c) => row[c]);
  });
  return table('ti', 'utf-8', [[...TI_COLUMNS], ...rows]);
}
