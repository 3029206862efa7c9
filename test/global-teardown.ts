import fs from 'node:fs';
import { SNAPSHOT_ENV, TEMPLATE_ENV, withAdminClient } from './helpers/database';

export default async function globalTeardown(): Promise<void> {
  const snapshot = process.env[SNAPSHOT_ENV];
  if (snapshot) fs.rmSync(snapshot, { force: true });
  const template = process.env[TEMPLATE_ENV];
  if (template) {
    await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  }
}
