import type express from 'express';
import pino from 'pino';
import { createApp } from '../../src/app';
import { type Clock, fixedClock } from '../../src/clock';
import { type Config, type Env, loadConfig } from '../../src/config';
import { type AppContext, associationMailer } from '../../src/context';
import { openTestDatabase } from './database';

/** The instant tests run at unless they move the clock: the product's reference day. */
export const TEST_NOW = '2026-11-22T03:00:00.000Z';

export interface TestContext extends AppContext {
  clock: ReturnType<typeof fixedClock>;
  close(): Promise<void>;
}

export function testConfig(env: Partial<Env> = {}): Readonly<Config> {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://registry.test', ...env });
}

/** A context on this suite's own freshly migrated database, with a fixed clock and a silent logger. */
export async function createTestContext(opts: { env?: Partial<Env>; clock?: Clock } = {}): Promise<TestContext> {
  const database = await openTestDatabase();
  const config = testConfig(opts.env);
  const clock = (opts.clock as ReturnType<typeof fixedClock>) ?? fixedClock(TEST_NOW);
  const log = pino({ level: 'silent' });
  const db = database.handle.db;
  const mailer = associationMailer({
    config,
    db,
    clock,
    log,
  });
  return {
    config,
    db: database.handle.db,
    database: database.handle,
    clock,
    log,
    mailer,
    close: async () => {
      mailer.close();
      await database.drop();
    },
  };
}

export async function createTestApp(opts: { env?: Partial<Env> } = {}): Promise<{
  app: express.Express;
  ctx: TestContext;
  close(): Promise<void>;
}> {
  const ctx = await createTestContext(opts);
  return { app: createApp(ctx), ctx, close: () => ctx.close() };
}
