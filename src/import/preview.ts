/**
 * What an import would do, row by row, before anything is written: each row is new, changed (with the field-level
 * diff against the team it matches by short name or email), unchanged, or refused with every reason. Rows are
 * validated by the entry form itself (entry-form.ts), so an imported entry is held to exactly what an editor's is;
 * the same function runs again at commit, so what the preview promised is what is written.
 */
import { createHash } from 'node:crypto';
import { diffEntries, flat } from '../directory/editing';
import { entryOf, slugOf, type TeamEntry } from '../entry/entry';
import { blankEntry, type EntryFormValues, entryValues, parseEntryForm, toEntry } from '../entry/entry-form';
import { DIRECTORY_LABELS } from '../entry/labels';
import type { TeamRow } from '../entry/schema';
import { INDUSTRIES, REGIONS } from '../entry/vocabulary';
import type { FieldError } from '../http/errors';
import { type MessageKey, type Params, translator } from '../i18n';
import type { ColumnMapping, ImportDefaults, ImportTarget } from './columns';
import { fingerprintOf, isArmored, narrow, normalizeDate } from './normalize';
import type { ImportTable } from './sources';

export const ROW_STATUSES = ['new', 'changed', 'unchanged', 'refused'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];

export interface RowReason {
  /** The file's header of the column concerned, or null for the row as a whole. */
  column: string | null;
  messageKey: MessageKey;
  params?: Params;
}

export interface PreviewRow {
  /** The row's line in the file as a spreadsheet numbers it (the header is line 1). */
  line: number;
  status: RowStatus;
  shortName: string;
  /** The existing team the row matches, and by what. */
  match: { slug: string; shortName: string; by: 'shortName' | 'email' } | null;
  changes: { field: string; before: string; after: string }[];
  reasons: RowReason[];
  /** Existing teams that look like the same team under another name (same mail domain, same core name). */
  nearDuplicates: { slug: string; shortName: string }[];
  /** What the file says of the key: an armored public key, or only its fingerprint ("key expected"). */
  key: { armored: string } | { fingerprint: string } | null;
  /** The entry to write (new and changed rows). */
  entry: TeamEntry | null;
  memberSince: string | null;
}

export interface ImportPreview {
  rows: PreviewRow[];
  counts: Record<RowStatus, number>;
  /** A digest of everything the commit will write: the commit refuses when it no longer matches. */
  digest: string;
}

/** The existing teams an import is compared with. */
export type KnownTeam = Pick<TeamRow, 'id' | 'slug' | 'shortName' | 'email'> & { row: TeamRow };

const ja = translator('ja');
const en = translator('en');

/** A region or industry as written (関東, Kanto, kanto) → its code; null when it names none. */
function codeOf<C extends string>(codes: readonly C[], labels: Record<C, MessageKey>, cell: string): C | null {
  const v = narrow(cell).toLowerCase();
  return (
    codes.find((c) => c === v || narrow(ja(labels[c])).toLowerCase() === v || en(labels[c]).toLowerCase() === v) ?? null
  );
}

/** The core of a team's name, for spotting the same team under another name: "SAKURA CSIRT" ≈ "sakura-csirt". */
const coreName = (name: string) =>
  narrow(name)
    .toLowerCase()
    .replace(/[-_\s.]*(csirt|sirt|psirt|cert|soc)$/i, '')
    .replace(/[^a-z0-9\p{L}]/gu, '');
const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

interface RowInputs {
  values: Record<string, string>;
  reasons: RowReason[];
  key: PreviewRow['key'];
  memberSince: string | null;
}

/** A row's cells as form inputs, each cell normalised by what its column is. */
function inputsOf(headers: readonly string[], cells: readonly string[], mapping: ColumnMapping): RowInputs {
  const values: Record<string, string> = {};
  const reasons: RowReason[] = [];
  let key: PreviewRow['key'] = null;
  let memberSince: string | null = null;
  const readCell = (target: ImportTarget | null, i: number): void => {
    const cell = cells[i] ?? '';
    const column = headers[i] ?? null;
    if (!target || cell === '') return;
    const refuse = (messageKey: MessageKey, params?: Params): void => {
      reasons.push({ column, messageKey, params });
    };
    switch (target) {
      case 'foundedOn':
      case 'memberSince': {
        const date = normalizeDate(cell);
        if (!date) {
          refuse('import.error.date', { value: cell.slice(0, 40) });
          return;
        }
        if (target === 'memberSince') memberSince = date;
        else values.foundedOn = date;
        return;
      }
      case 'region':
      case 'industry': {
        const code =
          target === 'region'
            ? codeOf(REGIONS, DIRECTORY_LABELS.region, cell)
            : codeOf(INDUSTRIES, DIRECTORY_LABELS.industry, cell);
        if (!code) {
          refuse(target === 'region' ? 'validation.region' : 'validation.industry');
          return;
        }
        values[target] = code;
        return;
      }
      case 'pgp': {
        if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(cell)) {
          refuse('import.error.privateKey');
          return;
        }
        if (isArmored(cell)) key = { armored: cell };
        else {
          const fingerprint = fingerprintOf(cell);
          if (!fingerprint) {
            refuse('import.error.fingerprint');
            return;
          }
          key = { fingerprint };
        }
        return;
      }
      case 'shortName':
      case 'email':
      case 'website':
      case 'phone':
      case 'emergencyPhone':
      case 'timeZone':
        values[target] = narrow(cell);
        return;
      default:
        values[target] = cell;
    }
  };
  for (const [i, target] of mapping.entries()) readCell(target, i);
  // A text given only in English (as Trusted Introducer lists teams) stands in the Japanese field too: the entry
  // requires Japanese, and many teams are called the same in both.
  for (const [jaInput, enInput] of [
    ['officialNameJa', 'officialNameEn'],
    ['organizationJa', 'organizationEn'],
    ['introOverviewJa', 'introOverviewEn'],
    ['constituencyDescriptionJa', 'constituencyDescriptionEn'],
  ] as const) {
    if (!values[jaInput] && values[enInput]) values[jaInput] = values[enInput];
  }
  return { values, reasons, key, memberSince };
}

/** Field errors of the entry form, named by the file's column where one maps to the input. */
function reasonsFrom(errors: FieldError[], headers: readonly string[], mapping: ColumnMapping): RowReason[] {
  return errors.map((e) => {
    const i = mapping.indexOf(e.field as ImportTarget);
    return { column: i >= 0 ? (headers[i] ?? null) : null, messageKey: e.messageKey, params: e.params };
  });
}

export function previewImport(
  table: ImportTable,
  mapping: ColumnMapping,
  known: readonly KnownTeam[],
  opts: { today: string; update: boolean; defaults?: ImportDefaults; keyReasons?: ReadonlyMap<number, RowReason[]> },
): ImportPreview {
  const bySlug = new Map(known.map((k) => [k.slug, k]));
  const byEmail = new Map(known.map((k) => [k.email.toLowerCase(), k]));
  const byCore = new Map<string, KnownTeam[]>();
  const byDomain = new Map<string, KnownTeam[]>();
  for (const k of known) {
    byCore.set(coreName(k.shortName), [...(byCore.get(coreName(k.shortName)) ?? []), k]);
    byDomain.set(domainOf(k.email), [...(byDomain.get(domainOf(k.email)) ?? []), k]);
  }
  const seenInFile = new Map<string, number>();
  const rows = table.rows.map((cells, index): PreviewRow => {
    const line = index + 2;
    const inputs = inputsOf(table.headers, cells, mapping);
    const shortName = inputs.values.shortName ?? '';
    const email = (inputs.values.email ?? '').toLowerCase();
    const bySlugMatch = shortName ? bySlug.get(slugOf(shortName)) : undefined;
    const byEmailMatch = email ? byEmail.get(email) : undefined;
    const matched = bySlugMatch ?? byEmailMatch;
    const reasons = [...inputs.reasons, ...(opts.keyReasons?.get(line) ?? [])];
    const earlier = shortName ? seenInFile.get(slugOf(shortName)) : undefined;
    if (earlier) reasons.push({ column: null, messageKey: 'import.error.duplicateInFile', params: { line: earlier } });
    if (shortName) seenInFile.set(slugOf(shortName), line);
    if (!bySlugMatch && byEmailMatch && shortName) {
      reasons.push({ column: null, messageKey: 'import.error.emailOfOther', params: { team: byEmailMatch.shortName } });
    }
    if (matched && !opts.update) {
      reasons.push({ column: null, messageKey: 'import.error.exists', params: { team: matched.shortName } });
    }
    // The form starts from the stored entry (an update changes only what the file has) or from a new team's
    // defaults; a column the file lacks keeps what is there.
    const base: EntryFormValues = matched ? entryValues(entryOf(matched.row)) : defaultsOfNewTeam();
    const fallback = matched ? {} : (opts.defaults ?? {});
    const posted = { ...base, ...fallback, ...inputs.values, ...(matched ? { shortName: matched.shortName } : {}) };
    const parsed = parseEntryForm(posted);
    reasons.push(...reasonsFrom(parsed.errors, table.headers, mapping));
    const memberSince = inputs.memberSince ?? (matched ? matched.row.memberSince : opts.today);
    const entry = parsed.form ? toEntry(parsed.form, memberSince) : null;
    const nearDuplicates = matched
      ? []
      : [...(byCore.get(coreName(shortName)) ?? []), ...(byDomain.get(domainOf(email)) ?? [])]
          .filter((k, i, all) => all.findIndex((o) => o.id === k.id) === i)
          .map((k) => ({ slug: k.slug, shortName: k.shortName }));
    const row = { line, shortName, nearDuplicates, key: inputs.key, memberSince };
    if (reasons.length || !entry) {
      return { ...row, status: 'refused', match: null, changes: [], reasons, entry: null, memberSince: null };
    }
    const match = matched
      ? {
          slug: matched.slug,
          shortName: matched.shortName,
          by: bySlugMatch ? ('shortName' as const) : ('email' as const),
        }
      : null;
    if (!matched) return { ...row, status: 'new', match, changes: [], reasons, entry };
    const visibility = matched.row.visibility;
    const changes = diffEntries(flat(base, visibility), flat(entryValues(entry), visibility));
    return { ...row, status: changes.length ? 'changed' : 'unchanged', match, changes, reasons, entry };
  });
  const counts: Record<RowStatus, number> = { new: 0, changed: 0, unchanged: 0, refused: 0 };
  for (const r of rows) counts[r.status] += 1;
  return { rows, counts, digest: digestOf(rows) };
}

/**
 * A new team's inputs the file need not have: desk hours Monday to Friday 9–18 in Tokyo, Japanese spoken, its own
 * organisation as constituency — what the application form starts from as well. The file's columns override them.
 */
function defaultsOfNewTeam(): EntryFormValues {
  return {
    ...blankEntry(),
    hoursDays: ['1', '2', '3', '4', '5'],
    hoursOpen: '09:00',
    hoursClose: '18:00',
    constituencyTypes: ['own_organization'],
  };
}

function digestOf(rows: readonly PreviewRow[]): string {
  const promised = rows.map((r) => [r.line, r.status, r.match?.slug ?? null, r.entry, r.memberSince, r.key]);
  return createHash('sha256').update(JSON.stringify(promised)).digest('hex').slice(0, 32);
}
