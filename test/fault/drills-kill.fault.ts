/**
 * Fault test: a drill run killed with SIGKILL after its first committed page, then run again. Every due drill must
 * be sent exactly once — one drill mail in the outbox and one code each, nothing lost — so the totals equal what a
 * dry run found due. Runs on the embedded database and, with TEST_DATABASE_URL, on PostgreSQL.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { tokens } from '../../src/accounts/schema';
import { runCli } from '../../src/cli';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { drills } from '../../src/drills/schema';
import { outbox } from '../../src/mail/schema';
import { adminUrl, openTestDatabase } from '../helpers/database';

const ROOT = path.join(__dirname, '..', '..');
const TEAMS = 1000; // five pages of 200
// The second half of 2026: planned early in the cycle, run again on its last evening (UTC), when every team's
// moment (inside Tokyo business hours) has passed and no window has closed yet.
const PLAN_AT = '2026-07-03T00:00:00.000Z';
const SEND_AT = '2026-12-31T20:00:00.000Z';

function io(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  return { io: { env, stdout: (s: string) => void out.push(s), stderr: () => undefined }, out: () => out.join('') };
}

const count = sql<number>`count(*)`.mapWith(Number);

describe('a drill run killed mid-way', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csirt-drills-kill-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('when the process is killed after its first page and the run is repeated, then each due drill is sent exactly once', async () => {
    const pg = adminUrl() ? await openTestDatabase() : undefined;
    await pg?.handle.close();
    const base = { LOG_LEVEL: 'silent', DRILLS_PER_YEAR: '2', DRILL_WINDOW_HOURS: '24' };
    const env: Record<string, string> = pg?.url
      ? { ...base, DATABASE_URL: pg.url }
      : { ...base, DATA_DIR: dir, SEED_DEMO: 'false' };
    try {
      expect(await runCli(['seed', '--teams', String(TEAMS), '--verified-keys'], io(env).io)).toBe(0);
      const plan = io(env);
      expect(await runCli(['drills', 'run', '--now', PLAN_AT], plan.io)).toBe(0);
      expect(JSON.parse(plan.out())).toMatchObject({ planned: TEAMS, sent: 0 });

      const dry = io(env);
      expect(await runCli(['drills', 'run', '--now', SEND_AT, '--dry-run'], dry.io)).toBe(0);
      const due = JSON.parse(dry.out()).sent as number;
      expect(due).toBe(TEAMS);

      const child = spawn(
        process.execPath,
        [path.join(__dirname, 'run-ts.cjs'), 'src/cli.ts', 'runCli', 'drills', 'run', '--now', SEND_AT],
        { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let killedAfterPage = false;
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      child.stderr.on('data', (chunk: Buffer) => {
        if (!killedAfterPage && chunk.toString().includes('drills: page committed')) {
          killedAfterPage = true;
          child.kill('SIGKILL');
        }
      });
      expect(await exited).toBe('SIGKILL');
      expect(killedAfterPage).toBe(true);
      expect(stdout).toBe(''); // killed before its summary: the run did not finish

      const rerun = io(env);
      expect(await runCli(['drills', 'run', '--now', SEND_AT], rerun.io)).toBe(0);
      const second = JSON.parse(rerun.out());
      expect(Object.keys(second)).toEqual(
        expect.arrayContaining(['now', 'planned', 'sent', 'answered', 'late', 'failed', 'cannotDrill']),
      );
      expect(second.planned).toBe(0);
      expect(second.sent).toBeGreaterThan(0);
      expect(second.sent).toBeLessThan(due);

      const again = io(env);
      expect(await runCli(['drills', 'run', '--now', SEND_AT], again.io)).toBe(0);
      expect(JSON.parse(again.out())).toMatchObject({ planned: 0, sent: 0, cannotDrill: 0 });

      const config = loadConfig({ NODE_ENV: 'test', SEED_DEMO: 'false', ...env });
      const ctx = await createContext(config, pino({ level: 'silent' }), 'fault test');
      try {
        const [all] = await ctx.db
          .select({ rows: count, teams: sql<number>`count(distinct ${drills.teamId})`.mapWith(Number) })
          .from(drills);
        const byState = await ctx.db.select({ state: drills.state, n: count }).from(drills).groupBy(drills.state);
        const [mails] = await ctx.db
          .select({ n: count, distinct: sql<number>`count(distinct ${outbox.id})`.mapWith(Number) })
          .from(outbox)
          .where(eq(outbox.template, 'drill'));
        // Each sent drill points at its own mail, and each drill mail belongs to a sent drill.
        const [linked] = await ctx.db
          .select({ n: count })
          .from(drills)
          .innerJoin(outbox, eq(outbox.id, drills.outboxId))
          .where(eq(drills.state, 'sent'));
        const [codes] = await ctx.db
          .select({ n: count, scopes: sql<number>`count(distinct ${tokens.data}->>'scope')`.mapWith(Number) })
          .from(tokens)
          .where(eq(tokens.purpose, 'drill'));
        expect({
          all,
          byState: Object.fromEntries(byState.map((r) => [r.state, r.n])),
          mails,
          linked: linked.n,
          codes,
        }).toEqual({
          all: { rows: TEAMS, teams: TEAMS },
          byState: { sent: due },
          mails: { n: due, distinct: due },
          linked: due,
          codes: { n: due, scopes: due },
        });
      } finally {
        await ctx.close();
      }
    } finally {
      await pg?.drop();
    }
  }, 240_000);
});
