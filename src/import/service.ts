/**
 * Moving an association's members in: a file is stored and previewed (import/preview.ts), the mapping corrected
 * and previewed again, and committed — all accepted rows in one transaction with their history and audit entries,
 * or nothing. The commit recomputes the preview from the stored file and refuses when it differs from the one the
 * secretariat confirmed (someone changed a team meanwhile), so what was shown is what is written. A rerun of the
 * same file finds every row unchanged and writes nothing.
 */

import { and, desc, eq, sql } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import { dayIn } from '../clock';
import type { AppContext } from '../context';
import type { DbOrTx, Tx } from '../db/client';
import { isUuid } from '../db/ids';
import { entryColumns, slugOf, toTeamRow } from '../entry/entry';
import { analyzeDirectory, insertTeams } from '../entry/queries';
import { teamChanges, teams } from '../entry/schema';
import { conflict, HttpError, notFound } from '../http/errors';
import { registerPendingKey } from '../keys/management';
import { expectedKeys, teamKeys } from '../keys/schema';
import { checkKey, type KeyRecord } from '../pgp';
import { type ColumnMapping, guessMapping, type ImportDefaults } from './columns';
import { isArmored } from './normalize';
import { type ImportPreview, type KnownTeam, previewImport, type RowReason } from './preview';
import { type ImportRow, importInvitations, imports } from './schema';
import { type ImportTable, readTable, UnreadableFile } from './sources';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer'>;

/** Larger files are refused before they are read. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

async function knownTeams(db: DbOrTx): Promise<KnownTeam[]> {
  const rows = await db.select().from(teams);
  return rows.map((row) => ({ id: row.id, slug: row.slug, shortName: row.shortName, email: row.email, row }));
}

/** Every armored key in the file, checked as an upload is (the preview names its problems on the row). */
async function checkedKeys(table: ImportTable, mapping: ColumnMapping, now: Date) {
  const column = mapping.indexOf('pgp');
  const out = new Map<number, { record: KeyRecord; warnings: string[] } | RowReason[]>();
  if (column < 0) return out;
  for (const [index, cells] of table.rows.entries()) {
    const cell = cells[column] ?? '';
    if (!isArmored(cell) || /PRIVATE KEY/.test(cell)) continue;
    const check = await checkKey(cell, { now });
    out.set(
      index + 2,
      check.ok && check.key
        ? { record: check.key, warnings: check.warnings.map((w) => w.code) }
        : check.errors.map((e) => ({
            column: table.headers[column] ?? null,
            messageKey: `keyError.${e.code}` as RowReason['messageKey'],
            params: e.params,
          })),
    );
  }
  return out;
}

export interface PreviewedImport {
  id: string;
  filename: string;
  table: ImportTable;
  mapping: ColumnMapping;
  allowUpdate: boolean;
  inviteContacts: boolean;
  defaults: ImportDefaults;
  preview: ImportPreview;
  committedAt: Date | null;
  /** What the commit wrote (a committed import is not previewed against today's directory). */
  summary: Record<string, number> | null;
}

async function previewOf(
  ctx: Ctx,
  db: DbOrTx,
  stored: ImportRow,
): Promise<PreviewedImport & { keys: Awaited<ReturnType<typeof checkedKeys>> }> {
  const table = await readTable(Buffer.from(stored.content, 'base64'));
  const now = ctx.clock.now();
  const keys = await checkedKeys(table, stored.mapping, now);
  const keyReasons = new Map([...keys].flatMap(([line, k]) => (Array.isArray(k) ? [[line, k] as const] : [])));
  const preview = previewImport(table, stored.mapping, await knownTeams(db), {
    today: dayIn(ctx.config.displayTimeZone, now),
    update: stored.allowUpdate,
    defaults: stored.defaults,
    keyReasons,
  });
  return {
    id: stored.id,
    filename: stored.filename,
    table,
    mapping: stored.mapping,
    allowUpdate: stored.allowUpdate,
    inviteContacts: stored.inviteContacts,
    defaults: stored.defaults,
    preview,
    committedAt: stored.committedAt,
    summary: stored.summary ?? null,
    keys,
  };
}

/** Stores an uploaded file and previews it with the guessed mapping. */
export async function startImport(
  ctx: Ctx,
  user: SessionUser,
  actor: Actor,
  file: { bytes: Uint8Array; filename: string; allowUpdate: boolean },
): Promise<PreviewedImport> {
  authorize(user, 'administer');
  return storeImport(ctx, actor, file);
}

/** startImport for the operator's command line, which has no session (its access is the database's). */
export async function storeImport(
  ctx: Ctx,
  actor: Actor,
  file: { bytes: Uint8Array; filename: string; allowUpdate: boolean; defaults?: ImportDefaults },
): Promise<PreviewedImport> {
  if (file.bytes.length > MAX_IMPORT_BYTES) throw new HttpError(413, 'too_large', 'import.error.tooLarge');
  let table: ImportTable;
  try {
    table = await readTable(file.bytes);
  } catch (err) {
    if (err instanceof UnreadableFile) throw new HttpError(422, 'unreadable', `import.error.file.${err.reason}`);
    throw err;
  }
  const [stored] = await ctx.db
    .insert(imports)
    .values({
      filename: file.filename.slice(0, 200) || 'import',
      content: Buffer.from(file.bytes).toString('base64'),
      mapping: guessMapping(table.headers),
      allowUpdate: file.allowUpdate,
      defaults: file.defaults ?? {},
      createdBy: actor.label,
      createdAt: ctx.clock.now(),
    })
    .returning();
  if (!stored) throw new Error('import insert returned nothing');
  return previewOf(ctx, ctx.db, stored);
}

/** The latest imports, for the upload page. */
export async function listImports(ctx: Pick<AppContext, 'db'>, user: SessionUser, limit = 20) {
  authorize(user, 'administer');
  return ctx.db
    .select({
      id: imports.id,
      filename: imports.filename,
      createdBy: imports.createdBy,
      createdAt: imports.createdAt,
      committedAt: imports.committedAt,
      summary: imports.summary,
    })
    .from(imports)
    .orderBy(desc(imports.createdAt))
    .limit(limit);
}

async function storedImport(db: DbOrTx, id: string, lock = false): Promise<ImportRow> {
  if (!isUuid(id)) throw notFound('import.error.notFound');
  const query = db.select().from(imports).where(eq(imports.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('import.error.notFound');
  return row;
}

/** The stored import previewed again, with a corrected mapping when one is given. */
export async function reviewImport(
  ctx: Ctx,
  user: SessionUser,
  id: string,
  change?: { mapping?: ColumnMapping; allowUpdate?: boolean; defaults?: ImportDefaults; inviteContacts?: boolean },
): Promise<PreviewedImport> {
  authorize(user, 'administer');
  let stored = await storedImport(ctx.db, id);
  if (change && !stored.committedAt) {
    const mapping = change.mapping && change.mapping.length === stored.mapping.length ? change.mapping : stored.mapping;
    [stored] = await ctx.db
      .update(imports)
      .set({
        mapping,
        allowUpdate: change.allowUpdate ?? stored.allowUpdate,
        defaults: change.defaults ?? stored.defaults,
        inviteContacts: change.inviteContacts ?? stored.inviteContacts,
      })
      .where(eq(imports.id, id))
      .returning();
  }
  return previewOf(ctx, ctx.db, stored as ImportRow);
}

export type CommitSummary = { new: number; changed: number; unchanged: number; refused: number; keys: number };

/**
 * Writes what the preview with this digest promised, in one transaction: new teams, changed teams (with history),
 * keys as pending keys with their possession mail, fingerprints as expected keys. Refused rows are not written.
 */
export async function commitImport(
  ctx: Ctx,
  user: SessionUser,
  actor: Actor,
  id: string,
  digest: string,
): Promise<CommitSummary> {
  authorize(user, 'administer');
  return commitStored(ctx, actor, id, digest);
}

/** commitImport for the operator's command line. */
export async function commitStored(ctx: Ctx, actor: Actor, id: string, digest: string): Promise<CommitSummary> {
  const { summary, mailIds } = await ctx.db.transaction(async (tx) => {
    const stored = await storedImport(tx, id, true);
    if (stored.committedAt) throw conflict('committed', 'import.error.committed');
    // Teams are read under a lock on the whole table's writes: nothing changes between this preview and the write.
    await tx.execute(sql`lock table ${teams} in share row exclusive mode`);
    const previewed = await previewOf(ctx, tx, stored);
    if (previewed.preview.digest !== digest) throw conflict('changed', 'import.error.changed');
    const written = await writePreview(ctx, tx, actor, previewed);
    await tx
      .update(imports)
      .set({ committedAt: ctx.clock.now(), committedBy: actor.label, summary: written.summary })
      .where(eq(imports.id, id));
    await record(tx, actor, ctx.clock.now(), {
      action: 'import.committed',
      target: stored.filename,
      details: { importId: id, ...written.summary },
    });
    return written;
  });
  await ctx.mailer.deliver(mailIds);
  await analyzeDirectory(ctx.db);
  return summary;
}

async function writePreview(
  ctx: Ctx,
  tx: Tx,
  actor: Actor,
  previewed: Awaited<ReturnType<typeof previewOf>>,
): Promise<{ summary: CommitSummary; mailIds: string[] }> {
  const now = ctx.clock.now();
  const { rows, counts } = previewed.preview;
  const summary: CommitSummary = { ...counts, keys: 0 };
  const mailIds: string[] = [];
  const created = rows.filter((r) => r.status === 'new' && r.entry);
  const newRows = created.map((r) =>
    toTeamRow(
      {
        ...(r.entry as NonNullable<typeof r.entry>),
        memberSince: r.memberSince ?? dayIn(ctx.config.displayTimeZone, now),
      },
      { at: now, by: actor.label },
      ctx.config.freshness,
    ),
  );
  const ids = await insertTeams(tx, newRows);
  for (const [i, r] of created.entries()) {
    const teamId = ids.get(newRows[i]?.slug as string);
    if (!teamId) throw new Error(`import: team ${r.shortName} was not inserted`);
    await record(tx, actor, now, { action: 'team.imported', team: { id: teamId, shortName: r.shortName } });
    if (previewed.inviteContacts) {
      await tx
        .insert(importInvitations)
        .values({ importId: previewed.id, teamId, email: newRows[i]?.email as string, createdAt: now });
    }
  }
  for (const r of rows.filter((x) => x.status === 'changed' && x.entry && x.match)) {
    const [team] = await tx
      .update(teams)
      .set({
        ...entryColumns(r.entry as NonNullable<typeof r.entry>),
        version: sql`${teams.version} + 1`,
        updatedAt: now,
      })
      .where(eq(teams.slug, r.match?.slug ?? ''))
      .returning({ id: teams.id, shortName: teams.shortName });
    if (!team) throw new Error(`import: team ${r.match?.slug} vanished`);
    await tx
      .insert(teamChanges)
      .values({ teamId: team.id, userId: null, actor: actor.label, changes: r.changes, at: now });
    await record(tx, actor, now, {
      action: 'team.edited',
      team,
      details: { fields: r.changes.map((c) => c.field), via: 'import' },
    });
  }
  // Keys, for the rows written: a checked key becomes pending with its possession mail, a fingerprint expected.
  for (const r of rows.filter(
    (x) => (x.status === 'new' || x.status === 'changed' || x.status === 'unchanged') && x.key,
  )) {
    const [team] = await tx
      .select()
      .from(teams)
      .where(eq(teams.slug, r.match?.slug ?? slugOf(r.entry?.shortName ?? '')));
    if (!team) continue;
    const checked = previewed.keys.get(r.line);
    if (r.key && 'armored' in r.key && checked && !Array.isArray(checked)) {
      const already = await tx
        .select({ id: teamKeys.id })
        .from(teamKeys)
        .where(and(eq(teamKeys.teamId, team.id), eq(teamKeys.fingerprint, checked.record.fingerprint)));
      if (already.length) continue;
      mailIds.push(
        await registerPendingKey(tx, ctx, {
          team,
          key: checked.record,
          warnings: checked.warnings,
          replacing: null,
          actor,
          createdBy: null,
          now,
        }),
      );
      summary.keys += 1;
    } else if (r.key && 'fingerprint' in r.key) {
      await tx
        .insert(expectedKeys)
        .values({ teamId: team.id, fingerprint: r.key.fingerprint, recordedAt: now, recordedBy: actor.label })
        .onConflictDoUpdate({ target: expectedKeys.teamId, set: { fingerprint: r.key.fingerprint } });
    }
  }
  return { summary, mailIds };
}
