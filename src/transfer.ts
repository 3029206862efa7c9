/**
 * Moving house: `export-all` writes every table as one JSON document; `import-all` loads such a document into an
 * empty database of either kind. So an association can start on the embedded database and move to PostgreSQL (or
 * back, or to a new server) without losing a row. Rows go through Drizzle's table definitions, so dates, JSON,
 * arrays and case-insensitive text keep their types; tables are loaded parents first, in one transaction.
 */
import { getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './db/client';
import * as schema from './schema';

const EXPORT_FORMAT = 'csirt-registry-export';
const EXPORT_VERSION = 1;

/** Derived or transient: rebuilt by the application itself, never carried over. */
const SKIPPED = new Set(['directory_generation', 'job_locks']);

interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  tables: Record<string, Record<string, unknown>[]>;
}

/** Every table of the schema, parents before the tables that reference them. */
function tablesInLoadOrder(): PgTable[] {
  const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
  const byName = new Map(tables.map((t) => [getTableName(t), t]));
  const ordered: PgTable[] = [];
  const seen = new Set<string>();
  const visit = (table: PgTable) => {
    const name = getTableName(table);
    if (seen.has(name)) return;
    seen.add(name);
    for (const fk of getTableConfig(table).foreignKeys) {
      const parent = byName.get(getTableName(fk.reference().foreignTable));
      if (parent && parent !== table) visit(parent);
    }
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => getTableName(a).localeCompare(getTableName(b)))) visit(table);
  return ordered.filter((t) => !SKIPPED.has(getTableName(t)));
}

/** Columns the database computes itself (generated): exported for reading, never written back. */
function writableColumns(table: PgTable): Set<string> {
  return new Set(
    Object.entries(getTableColumns(table))
      .filter(([, column]) => !column.generated)
      .map(([key]) => key),
  );
}

function dateColumns(table: PgTable): Set<string> {
  return new Set(
    Object.entries(getTableColumns(table))
      .filter(([, column]) => column.dataType === 'date')
      .map(([key]) => key),
  );
}

const json = (value: unknown) => (typeof value === 'bigint' ? String(value) : value);

export async function exportAll(db: Database, now: Date): Promise<ExportDocument> {
  const tables: ExportDocument['tables'] = {};
  for (const table of tablesInLoadOrder()) {
    const rows = (await db.select().from(table)) as Record<string, unknown>[];
    // A stable order, so two exports of the same data are the same document.
    tables[getTableName(table)] = rows
      .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, json(v)])))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now.toISOString(), tables };
}

export class ImportError extends Error {}

export async function importAll(db: Database, doc: unknown): Promise<Record<string, number>> {
  const d = doc as Partial<ExportDocument>;
  if (d?.format !== EXPORT_FORMAT || typeof d.tables !== 'object' || d.tables === null) {
    throw new ImportError(`not a ${EXPORT_FORMAT} document`);
  }
  if (d.version !== EXPORT_VERSION) throw new ImportError(`unsupported export version ${String(d.version)}`);
  const tables = tablesInLoadOrder();
  const known = new Set(tables.map((t) => getTableName(t)));
  const unknown = Object.keys(d.tables).filter((name) => !known.has(name) && !SKIPPED.has(name));
  if (unknown.length) throw new ImportError(`unknown tables in the document: ${unknown.join(', ')}`);

  return db.transaction(async (tx) => {
    for (const table of tables) {
      const [{ n }] = await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(table);
      if (n > 0) throw new ImportError(`the database is not empty (${getTableName(table)} has ${n} rows)`);
    }
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const name = getTableName(table);
      const rows = d.tables?.[name] ?? [];
      const writable = writableColumns(table);
      const dates = dateColumns(table);
      const values = rows.map((row) =>
        Object.fromEntries(
          Object.entries(row)
            .filter(([k]) => writable.has(k))
            .map(([k, v]) => [k, dates.has(k) && typeof v === 'string' ? new Date(v) : v]),
        ),
      );
      for (let i = 0; i < values.length; i += 500) await tx.insert(table).values(values.slice(i, i + 500) as never);
      counts[name] = values.length;
    }
    // Serial ids (the audit log) continue after the imported ones.
    await tx.execute(
      sql`select setval(pg_get_serial_sequence('audit_log', 'id'), coalesce((select max(id) from audit_log), 0) + 1, false)`,
    );
    // Cached directory reads elsewhere must see the new data.
    await tx.execute(sql`update directory_generation set value = value + 1`);
    return counts;
  });
}
