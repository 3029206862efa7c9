/**
 * Cells as people type them into a spreadsheet, made into what the entry form takes: dates in Western or Japanese
 * era form (2014/4/1, 2014年4月1日, 平成26年4月1日, H26.4.1), full-width digits and letters, fingerprints in any
 * spacing. What cannot be read is refused (null), never guessed.
 */
import { normalizeFingerprint } from '../pgp';

/** Japanese eras since Meiji: the first day of each (the last day of one is the day before the next). */
const ERAS: { names: string[]; start: [number, number, number] }[] = [
  { names: ['明治', 'M'], start: [1868, 10, 23] },
  { names: ['大正', 'T'], start: [1912, 7, 30] },
  { names: ['昭和', 'S'], start: [1926, 12, 25] },
  { names: ['平成', 'H'], start: [1989, 1, 8] },
  { names: ['令和', 'R'], start: [2019, 5, 1] },
];

/** Full-width digits, letters and punctuation as ASCII (ＳＡＫＵＲＡ → SAKURA, ２０１４ → 2014). */
export const narrow = (s: string): string => s.normalize('NFKC').trim();

const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

function realDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return iso(y, m, d);
}

/** A date cell as YYYY-MM-DD, or null when it is not a whole, real date. */
export function normalizeDate(cell: string): string | null {
  const s = narrow(cell).replace(/\s+/g, '');
  if (!s) return null;
  const western = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (western) return realDate(Number(western[1]), Number(western[2]), Number(western[3]));
  const era = /^(明治|大正|昭和|平成|令和|[MTSHR])(元|\d{1,2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/i.exec(s);
  if (!era) return null;
  const index = ERAS.findIndex((e) => e.names.includes(era[1].length === 1 ? era[1].toUpperCase() : era[1]));
  const which = ERAS[index];
  if (!which) return null;
  const year = which.start[0] + (era[2] === '元' ? 1 : Number(era[2])) - 1;
  const date = realDate(year, Number(era[3]), Number(era[4]));
  if (!date) return null;
  // Inside the era: not before its first day, not on or after the next era's.
  const next = ERAS[index + 1];
  if (date < iso(...which.start) || (next && date >= iso(...next.start))) return null;
  return date;
}

/** An OpenPGP fingerprint in any spacing (groups of four, colons, 0x, full-width) as upper-case hex; else null. */
export function fingerprintOf(cell: string): string | null {
  const hex = normalizeFingerprint(narrow(cell));
  return /^([0-9A-F]{40}|[0-9A-F]{64})$/.test(hex) ? hex : null;
}

/** Whether a cell holds an armored OpenPGP block (a public key, or by mistake a private one). */
export const isArmored = (cell: string): boolean => /-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----/.test(cell);
