/**
 * Fault test: a reminder run killed with SIGKILL after its first committed page, then run again. Nothing may be sent
 * twice and nothing missed: the log and the outbox hold exactly the reminders a dry run planned. Runs on the embedded
 * database and, with TEST_DATABASE_URL, on PostgreSQL.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { runCli } from '../../src/cli';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { outbox } from '../../src/mail/schema';
import { reminderLog } from '../../src/reminders/schema';
import { adminUrl, openTestDatabase } from '../helpers/database';

const ROOT = path.join(__dirname, '..', '..');

function io(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  return { io: { env, stdout: (s: string) => void out.push(s), stderr: () => undefined }, out: () => out.join('') };
}

describe('a reminder run killed mid-way', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csirt-kill-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('when the process is killed after its first page and the run is repeated, then each planned reminder exists exactly once', async () => {
    const pg = adminUrl() ? await openTestDatabase() : undefined;
    await pg?.handle.close();
    const env: Record<string, string> = pg?.url
      ? { DATABASE_URL: pg.url, LOG_LEVEL: 'silent' }
      : { DATA_DIR: dir, LOG_LEVEL: 'silent', SEED_DEMO: 'false' };
    try {
      expect(await runCli(['seed', '--teams', '3000', '--no-keys'], io(env).io)).toBe(0);
      const now = new Date().toISOString();
      const dry = io(env);
      expect(await runCli(['reminders', 'run', '--now', now, '--dry-run'], dry.io)).toBe(0);
      const planned = JSON.parse(dry.out()).queued as number;
      expect(planned).toBeGreaterThan(600); // more than one page of 500

      const child = spawn(
        process.execPath,
        [path.join(__dirname, 'run-ts.cjs'), 'src/cli.ts', 'runCli', 'reminders', 'run', '--now', now],
        {
          cwd: ROOT,
          env: { ...process.env, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let killedAfterPage = false;
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      child.stderr.on('data', (chunk: Buffer) => {
        if (!killedAfterPage && chunk.toString().includes('reminders: page committed')) {
          killedAfterPage = true;
          child.kill('SIGKILL');
        }
      });
      expect(await exited).toBe('SIGKILL');
      expect(killedAfterPage).toBe(true);

      const rerun = io(env);
      expect(await runCli(['reminders', 'run', '--now', now], rerun.io)).toBe(0);
      const second = JSON.parse(rerun.out()).queued as number;
      expect(second).toBeGreaterThan(0);
      expect(second).toBeLessThan(planned);

      const config = loadConfig({ NODE_ENV: 'test', SEED_DEMO: 'false', ...env });
      const ctx = await createContext(config, pino({ level: 'silent' }), 'fault test');
      try {
        const [{ rows, distinct }] = await ctx.db
          .select({
            rows: sql<number>`count(*)`.mapWith(Number),
            distinct:
              sql<number>`count(distinct (${reminderLog.teamId}, ${reminderLog.kind}, ${reminderLog.cycle}, ${reminderLog.stage}))`.mapWith(
                Number,
              ),
          })
          .from(reminderLog);
        const [{ mails }] = await ctx.db.select({ mails: sql<number>`count(*)`.mapWith(Number) }).from(outbox);
        expect({ rows, distinct, mails }).toEqual({ rows: planned, distinct: planned, mails: planned });
      } finally {
        await ctx.close();
      }
    } finally {
      await pg?.drop();
    }
  }, 120_000);
});
