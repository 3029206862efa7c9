import { sql } from 'drizzle-orm';
import { type DbOrTx, rowsOf } from '../../src/db/client';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every text, json and array column of every table, as `table.column`, whose value holds `needle` in any letter
 * case as a whole word (so an address is not found inside a longer one that ends with it).
 */
export async function columnsContaining(t: { db: DbOrTx }, needle: string): Promise<string[]> {
  const columns = rowsOf<{ table_name: string; column_name: string }>(
    await t.db.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'jsonb', 'ARRAY', 'USER-DEFINED', 'character varying')`),
  );
  const pattern = `(^|[^[:alnum:]._%+-])${escapeRegExp(needle)}($|[^[:alnum:]-])`;
  const found: string[] = [];
  for (const c of columns) {
    const hit = rowsOf<{ n: number }>(
      await t.db.execute(
        sql`select count(*)::int as n from ${sql.identifier(c.table_name)} where ${sql.identifier(c.column_name)}::text ~* ${pattern}`,
      ),
    );
    if (Number(hit[0].n) > 0) found.push(`${c.table_name}.${c.column_name}`);
  }
  return found;
}
