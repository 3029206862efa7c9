/**
 * Teams keep their own entry right: every field, the per-field visibility, and optionally "all details are current"
 * (which also confirms the yearly cycle; an edit alone does not). Optimistic locking: an edit made on an older
 * version is refused with both versions, never silently merged. Each saved edit keeps its history row (who, when,
 * which fields, before and after) in the same transaction.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import { entryColumns, entryOf } from '../entry/entry';
import { type EntryForm, type EntryFormValues, entryValues, toEntry } from '../entry/entry-form';
import { formatPhone, normalizePhone } from '../entry/phone';
import { findTeamBySlug } from '../entry/queries';
import { type TeamRow, teamChanges, teams, type VisibilityOverrides } from '../entry/schema';
import {
  CONFIGURABLE_FIELDS,
  FIELD_RULES,
  keyHeldBackByAddress,
  levelsFor,
  type VisibilityLevel,
} from '../entry/visibility';
import { notFound } from '../http/errors';
import { servedKeysByTeam } from '../keys/service';
import { confirmTeam } from '../reminders/confirmation';

export { levelsFor };

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** Posted visibility choices, each kept only when the field's rule allows it. */
export function visibilityFrom(body: Record<string, unknown>): VisibilityOverrides {
  const chosen: VisibilityOverrides = {};
  for (const field of CONFIGURABLE_FIELDS) {
    const value = body[`vis_${field}`];
    if (typeof value === 'string' && (levelsFor(field) as string[]).includes(value)) {
      chosen[field] = value as VisibilityLevel;
    }
  }
  return chosen;
}

/** The entry as comparable strings; phones in E.164, so a number stored as "03-…" is not "changed" by saving it. */
export function flat(values: EntryFormValues, visibility: VisibilityOverrides): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  for (const k of ['phone', 'emergencyPhone']) if (out[k]) out[k] = normalizePhone(out[k]) ?? out[k];
  for (const field of CONFIGURABLE_FIELDS) out[`visibility.${field}`] = visibility[field] ?? FIELD_RULES[field].default;
  return out;
}

export function diffEntries(before: Record<string, string>, after: Record<string, string>): FieldChange[] {
  return Object.keys(after)
    .filter((k) => (before[k] ?? '') !== (after[k] ?? ''))
    .map((field) => ({ field, before: before[field] ?? '', after: after[field] ?? '' }));
}

async function teamFor(ctx: Pick<AppContext, 'db'>, user: SessionUser, slug: string): Promise<TeamRow> {
  const team = await findTeamBySlug(ctx.db, slug);
  if (!team) throw notFound('error.teamNotFound', { slug });
  authorize(user, 'edit-team', team);
  return team;
}

/** The entry as the edit form shows it: phones formatted for the editor's language (either form is accepted). */
export async function entryForEditing(
  ctx: Pick<AppContext, 'db'>,
  user: SessionUser,
  slug: string,
  locale: 'ja' | 'en',
) {
  const team = await teamFor(ctx, user, slug);
  const keys = (await servedKeysByTeam(ctx.db, [team.id])).get(team.id);
  // The page says so when the address rule shows the team's key to fewer people than the team chose.
  const keyHeldBack = [keys?.current, keys?.next].some((k) => k && keyHeldBackByAddress(team, k));
  const values = entryValues(entryOf(team));
  for (const field of ['phone', 'emergencyPhone'] as const) values[field] = formatPhone(team[field], locale);
  return { team, values, visibility: team.visibility, version: team.version, keyHeldBack };
}

export type SaveResult =
  | { kind: 'saved'; changed: string[]; confirmed: boolean }
  | { kind: 'conflict'; current: TeamRow; changes: FieldChange[] };

export async function saveEntry(
  ctx: Ctx,
  user: SessionUser,
  actor: Actor,
  slug: string,
  input: { form: EntryForm; visibility: VisibilityOverrides; version: number; confirmCurrent: boolean },
): Promise<SaveResult> {
  const team = await teamFor(ctx, user, slug);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(teams).where(eq(teams.id, team.id)).for('update');
    const entry = toEntry({ ...input.form, shortName: current.shortName }, current.memberSince);
    const before = flat(entryValues(entryOf(current)), current.visibility);
    const after = flat(entryValues(entry), input.visibility);
    if (current.version !== input.version) {
      // Someone saved in between: show them what differs between theirs and the stored entry.
      return { kind: 'conflict' as const, current, changes: diffEntries(before, after) };
    }
    const changes = diffEntries(before, after);
    if (changes.length) {
      await tx
        .update(teams)
        .set({
          ...entryColumns(entry),
          visibility: input.visibility,
          version: sql`${teams.version} + 1`,
          updatedAt: now,
        })
        .where(eq(teams.id, current.id));
      await tx.insert(teamChanges).values({ teamId: current.id, userId: user.id, actor: user.email, changes, at: now });
      await record(tx, actor, now, {
        action: 'team.edited',
        team: { id: current.id, shortName: current.shortName },
        details: { fields: changes.map((c) => c.field) },
      });
    }
    if (input.confirmCurrent) await confirmTeam(tx, ctx, current, user.email, actor);
    return { kind: 'saved' as const, changed: changes.map((c) => c.field), confirmed: input.confirmCurrent };
  });
}

export async function teamHistory(ctx: Pick<AppContext, 'db'>, user: SessionUser, slug: string) {
  const team = await teamFor(ctx, user, slug);
  const rows = await ctx.db
    .select()
    .from(teamChanges)
    .where(eq(teamChanges.teamId, team.id))
    .orderBy(desc(teamChanges.at))
    .limit(200);
  return { team, rows };
}

export type { EntryForm };
