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

/**
 * The association's mailer, wired to the team keys it encrypts to (asked at delivery; `required` for mail that
 * must never go in clear). Every process that sends mail builds it here, so none forgets the wiring.
 */
export function associationMailer(deps: Omit<Parameters<typeof createMailer>[0], 'encryptionKey'>): Mailer {
  return createMailer({ ...deps, encryptionKey: (teamId, opts) => mailEncryptionKey(deps.db, teamId, opts) });
}

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
  const mailer = associationMailer({ config, db, clock, log });
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
