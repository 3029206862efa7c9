import path from 'node:path';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { Client } from 'pg';
import type { DatabaseHandle } from './client';

function migrationsFolder(rootDir: string): string {
  return path.join(rootDir, 'src', 'db', 'migrations');
}

/** Arbitrary constant naming this application's migration lock among PostgreSQL advisory locks. */
const MIGRATION_LOCK_ID = 7_202_611;

/**
 * Applies pending migrations (recorded in drizzle.__drizzle_migrations). On PostgreSQL several instances may start
 * at once, so the run holds an advisory lock on its own connection: the others wait, then find nothing to do.
 */
export async function runMigrations(handle: DatabaseHandle, rootDir: string, postgresUrl?: string): Promise<void> {
  const migrationsFolderPath = migrationsFolder(rootDir);
  if (handle.kind === 'pglite') {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: migrationsFolderPath });
    return;
  }
  if (!postgresUrl) throw new Error('runMigrations: the PostgreSQL URL is required');
  const client = new Client({ connectionString: postgresUrl, application_name: 'csirt-registry-migrate' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migratePg(drizzlePg(client), { migrationsFolder: migrationsFolderPath });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}
