/**
 * Test databases. PGlite (default): globalSetup migrates one database and dumps it; each suite loads that snapshot
 * (~1 s instead of a fresh migration). PostgreSQL (TEST_DATABASE_URL, an admin URL): globalSetup migrates a
 * template database; each suite gets its own copy (CREATE DATABASE … TEMPLATE) and drops it at the end.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import { type DatabaseHandle, openPostgres, PGLITE_EXTENSIONS, wrapPglite } from '../../src/db/client';

export const SNAPSHOT_ENV = 'CSIRT_TEST_PGLITE_SNAPSHOT';
export const TEMPLATE_ENV = 'CSIRT_TEST_PG_TEMPLATE';

export function adminUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export function databaseUrl(admin: string, name: string): string {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

interface TestDatabase {
  handle: DatabaseHandle;
  /** Set for PostgreSQL: the URL of this suite's own database. */
  url?: string;
  drop(): Promise<void>;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const admin = adminUrl();
  if (!admin) {
    const snapshot = process.env[SNAPSHOT_ENV];
    if (!snapshot) throw new Error('no PGlite snapshot: run the tests through jest (globalSetup makes it)');
    const pglite = await PGlite.create({
      loadDataDir: new Blob([fs.readFileSync(snapshot)]),
      extensions: PGLITE_EXTENSIONS,
    });
    const handle = wrapPglite(pglite);
    return { handle, drop: () => handle.close() };
  }
  const template = process.env[TEMPLATE_ENV];
  if (!template) throw new Error('no template database: run the tests through jest (globalSetup makes it)');
  const name = `csirt_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = databaseUrl(admin, name);
  const handle = openPostgres(url, 5);
  return {
    handle,
    url,
    async drop() {
      await handle.close();
      await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
