/**
 * A team entry as the application works with it (bilingual pairs grouped), and its mapping to a table row.
 * Seeds, admission (approval creates a team) and the editor all build rows through here.
 */
import type { Config } from '../config';
import { type AnyEntryField, type EntryFieldName, type EntryValues, FIELD_LIST } from './fields';
import { nextDueAt } from './freshness';
import type { NewTeamRow, TeamRow } from './schema';
import type { VisibilityOverrides } from './vocabulary';

/** Fields the database fills when a writer leaves them out (a new team is active, in Japan, without notes). */
type Defaulted = 'status' | 'country' | 'notes' | 'timeZone';
const DEFAULTED: readonly string[] = ['status', 'country', 'notes', 'timeZone'] satisfies Defaulted[];

/** A team entry: every field of the registry by name, and the team's visibility choices. */
export type TeamEntry = Omit<EntryValues, Defaulted> &
  Partial<Pick<EntryValues, Defaulted>> & { visibility?: VisibilityOverrides };

/** What says which team it is: every other field may be left to its registry sample when a team is drafted. */
type Essential = 'shortName' | 'officialName' | 'organization' | 'email' | 'memberSince';

/**
 * A team entry as seeds, imports and tests write it: the essential fields, and any others (the rest take their
 * registry samples, so a field added to the registry needs no change to any seed or factory).
 */
export type EntryDraft = Pick<EntryValues, Essential> &
  Partial<Omit<EntryValues, Essential>> & { visibility?: VisibilityOverrides };

/** A drafted entry made whole: each field not given takes its sample (fields the database defaults stay unset). */
export function completeEntry(draft: EntryDraft): TeamEntry {
  const entry: Record<string, unknown> = { ...draft };
  for (const [name, field] of FIELD_LIST) {
    if (entry[name] === undefined && !DEFAULTED.includes(name)) entry[name] = structuredClone(field.sample);
  }
  return entry as TeamEntry;
}

/** The URL slug of a short name: "SAKURA-CSIRT" → "sakura-csirt". */
export function slugOf(shortName: string): string {
  return shortName
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 63);
}

/** The columns of the given fields' values (fields left undefined are left out: the database keeps or defaults them). */
function columnsOf(entry: Partial<EntryValues>, fields: readonly (readonly [EntryFieldName, AnyEntryField])[]) {
  const out: Record<string, unknown> = {};
  for (const [name, field] of fields) {
    const value = entry[name];
    if (value !== undefined) Object.assign(out, field.write(value));
  }
  return out as Partial<NewTeamRow>;
}

/** The fields a team states about itself and may change (its form, less what is fixed once the team exists). */
const STATED_FIELDS = FIELD_LIST.filter(([, f]) => f.form && !f.form.fixedOnceCreated);

/** The columns a team entry fills (editing writes these; creating adds identity and the confirmation cycle). */
export function entryColumns(entry: TeamEntry): Partial<NewTeamRow> {
  return columnsOf(entry, STATED_FIELDS);
}

export function toTeamRow(
  draft: EntryDraft,
  confirmation: { at: Date; by: string | null },
  policy: Config['freshness'],
): NewTeamRow {
  const entry = completeEntry(draft);
  const { visibility, ...values } = entry;
  return {
    ...(columnsOf(values, FIELD_LIST) as NewTeamRow),
    slug: slugOf(entry.shortName),
    visibility: visibility ?? {},
    confirmedAt: confirmation.at,
    confirmedBy: confirmation.by,
    confirmationDueAt: nextDueAt(confirmation.at, policy),
    createdAt: confirmation.at,
    updatedAt: confirmation.at,
  };
}

/** A stored team as an entry (the confirmation page shows it; the editor starts from it). */
export function entryOf(row: TeamRow): TeamEntry {
  const entry: Record<string, unknown> = { visibility: row.visibility };
  for (const [name, field] of FIELD_LIST) entry[name] = field.read(row);
  return entry as TeamEntry;
}
