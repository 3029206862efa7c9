/**
 * The application context: built once from the config and handed to every router and worker. Tests build their
 * own (test/helpers) with a fresh database and a fixed clock.
 */

import { type Clock, systemClock } from './clock';
import type { Config } from './config';
import { type Database, type DatabaseHandle, openDatabase } from './db/client';
import { acquireEmbeddedLock, type EmbeddedLock } from './db/embedded-lock';
import { runMigrations } from './db/migrate';
import { mailEncryptionKey } from './keys/service';
import type { Logger } from './log';
import { createMailer, type Mailer } from './mail/mailer';

export interface AppContext {
  config: Readonly<Config>;
  db: Database;
  database: DatabaseHandle;
  clock: Clock;
  log: Logger;
  mailer: Mailer;
}

export interface OpenedContext extends AppContext {
  /** Closes the database and releases the embedded-directory lock. */
  close(): Promise<void>;
}

/**
 * Opens (and migrates) the configured database. `role` names the process in the embedded lock, so a CLI run against
 * a directory a server holds is refused with a message saying who holds it.
 */
export async function createContext(
  config: Readonly<Config>,
  log: Logger,
  role: string,
  clock: Clock = systemClock,
): Promise<OpenedContext> {
  let lock: EmbeddedLock | undefined;
  if (config.database.kind === 'pglite') {
    lock = acquireEmbeddedLock(config.database.dataDir, role, clock.now());
  }
  let database: DatabaseHandle;
  try {
    database = await openDatabase(config, log);
    await runMigrations(
      database,
      config.rootDir,
      config.database.kind === 'postgres' ? config.database.url : undefined,
    );
  } catch (err) {
    lock?.release();
    throw err;
  }
  const db = database.db;
  const mailer = createMailer({
    config,
    db,
    clock,
    log,
    encryptionKey: (teamId, opts) => mailEncryptionKey(db, teamId, opts),
  });
  return {
    config,
    db: database.db,
    database,
    clock,
    log,
    mailer,
    async close() {
      mailer.close();
      try {
        await database.close();
      } finally {
        lock?.release();
      }
    },
  };
}
