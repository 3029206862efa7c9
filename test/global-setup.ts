import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { findRootDir } from '../src/config';
import { openPostgres, PGLITE_EXTENSIONS, wrapPglite } from '../src/db/client';
import { runMigrations } from '../src/db/migrate';
import { adminUrl, databaseUrl, SNAPSHOT_ENV, TEMPLATE_ENV, withAdminClient } from './helpers/database';

/** Builds the migrated database every suite starts from (see helpers/database.ts). */
export default async function globalSetup(): Promise<void> {
  const rootDir = findRootDir(__dirname);
  const admin = adminUrl();
  if (!admin) {
    const handle = wrapPglite(await PGlite.create({ extensions: PGLITE_EXTENSIONS }));
    await runMigrations(handle, rootDir);
    const dump = await handle.pglite!.dumpDataDir('none');
    const file = path.join(os.tmpdir(), `csirt-test-snapshot-${process.pid}.tar`);
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await handle.close();
    process.env[SNAPSHOT_ENV] = file;
    return;
  }
  const template = `csirt_test_tpl_${randomBytes(6).toString('hex')}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE ${template}`));
  const url = databaseUrl(admin, template);
  const handle = openPostgres(url, 2);
  await runMigrations(handle, rootDir, url);
  await handle.close();
  process.env[TEMPLATE_ENV] = template;
}
