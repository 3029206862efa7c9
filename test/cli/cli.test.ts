import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_ACCOUNTS, DEMO_APPLICATIONS } from '../../seeds';
import { runCli } from '../../src/cli';
import { adminUrl, openTestDatabase } from '../helpers/database';

function io(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { env, stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

const made: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csirt-cli-'));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

describe('command line', () => {
  test('when no command is given, then usage is printed and the exit code is 2', async () => {
    const c = io({});
    expect(await runCli([], c.io)).toBe(2);
    expect(c.out()).toContain('usage: npm run cli -- <command>');
  });

  test('when the command is unknown, then it says so and exits 2', async () => {
    const c = io({});
    expect(await runCli(['frobnicate'], c.io)).toBe(2);
    expect(c.err()).toContain('unknown command: frobnicate');
  });

  test('when --teams is not a number, then it is refused before touching data', async () => {
    const dir = tempDir();
    const c = io({ DATA_DIR: dir, LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
    expect(await runCli(['seed', '--teams', 'many'], c.io)).toBe(2);
    expect(c.err()).toContain('--teams takes a whole number');
  });

  test('when an option is unknown, then it is refused with usage', async () => {
    const dir = tempDir();
    const c = io({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    expect(await runCli(['seed', '--tems', '3'], c.io)).toBe(2);
    expect(c.err()).toMatch(/Unknown option '--tems'/);
  });

  test('when seeding synthetic teams and the demo, then one JSON line reports each and reruns add nothing twice', async () => {
    // The configured database: the suite's own PostgreSQL database in the PostgreSQL run, a new embedded one otherwise.
    const pg = adminUrl() ? await openTestDatabase() : undefined;
    await pg?.handle.close(); // the CLI opens its own connection
    const env = pg?.url
      ? { DATABASE_URL: pg.url, LOG_LEVEL: 'silent' }
      : { DATA_DIR: tempDir(), LOG_LEVEL: 'silent', SEED_DEMO: 'false' };
    try {
      const synthetic = io(env);
      expect(await runCli(['seed', '--teams', '30'], synthetic.io)).toBe(0);
      expect(JSON.parse(synthetic.out().trim())).toMatchObject({ seeded: 'synthetic', teams: 30 });

      const demo = io(env);
      expect(await runCli(['seed'], demo.io)).toBe(0);
      expect(JSON.parse(demo.out().trim())).toMatchObject({
        seeded: 'demo',
        teams: 24,
        applications: DEMO_APPLICATIONS.length,
      });

      const again = io(env);
      expect(await runCli(['seed'], again.io)).toBe(0);
      expect(JSON.parse(again.out().trim())).toMatchObject({ seeded: 'demo', teams: 0, applications: 0 });
    } finally {
      await pg?.drop();
    }
  });

  test('when keys are rechecked at a later date, then one JSON line counts what changed', async () => {
    const env = { DATA_DIR: tempDir(), LOG_LEVEL: 'silent', SEED_DEMO: 'false' };
    expect(await runCli(['seed'], io(env).io)).toBe(0);
    const now = io(env);
    expect(await runCli(['keys', 'recheck', '--now', '2026-11-22T00:00:00Z'], now.io)).toBe(0);
    const first = JSON.parse(now.out().trim());
    expect(first).toMatchObject({ now: '2026-11-22T00:00:00.000Z', checked: 22 });
    const later = io(env);
    expect(await runCli(['keys', 'recheck', '--now', '2031-01-01T00:00:00Z'], later.io)).toBe(0);
    // By 2031 every demo key with an expiry has expired.
    expect(JSON.parse(later.out().trim()).changed).toBeGreaterThan(15);
    const bad = io(env);
    expect(await runCli(['keys', 'recheck', '--now', 'someday'], bad.io)).toBe(2);
    expect(bad.err()).toContain('--now takes an ISO date');
    expect(await runCli(['keys', 'rotate'], io(env).io)).toBe(2);
  });

  test('when the housekeeping runs years later, then one JSON line counts what retention erased, once', async () => {
    const env = { DATA_DIR: tempDir(), LOG_LEVEL: 'silent', SEED_DEMO: 'false' };
    expect(await runCli(['seed'], io(env).io)).toBe(0);
    const later = io(env);
    expect(await runCli(['housekeeping', 'run', '--now', '2031-01-01T00:00:00Z'], later.io)).toBe(0);
    // The demo has one rejected and one withdrawn application; by 2031 both are past their retention period.
    expect(JSON.parse(later.out().trim())).toMatchObject({ now: '2031-01-01T00:00:00.000Z', applicationsErased: 2 });
    const again = io(env);
    expect(await runCli(['housekeeping', 'run', '--now', '2031-01-01T00:00:00Z'], again.io)).toBe(0);
    expect(JSON.parse(again.out().trim())).toMatchObject({ applicationsErased: 0, mailEmptied: 0 });
    const bad = io(env);
    expect(await runCli(['housekeeping', 'sweep'], bad.io)).toBe(2);
    expect(bad.err()).toContain('housekeeping: the subcommand is "run"');
  });

  test('when indicators are looked up, then one JSON line answers each as POST /api/v1/lookup does', async () => {
    const env = { DATA_DIR: tempDir(), LOG_LEVEL: 'silent', SEED_DEMO: 'false' };
    expect(await runCli(['seed'], io(env).io)).toBe(0);
    const c = io(env);
    const asked = ['198.51.100.70', 'hxxps://www.sakura-keisoku[.]example.jp/login', 'AS64500', 'nothing here'];
    expect(await runCli(['lookup', ...asked], c.io)).toBe(0);
    const { results } = JSON.parse(c.out().trim());
    expect(results.map((r: { query: string }) => r.query)).toEqual(asked);
    expect(results[0].matches.map((m: { team: { slug: string } }) => m.team.slug)).toEqual([
      'hayabusa-psirt',
      'tsubasa-hd-csirt',
    ]);
    expect(results[1].matches[0]).toMatchObject({
      team: { slug: 'sakura-csirt' },
      matched: { type: 'domain', value: 'sakura-keisoku.example.jp' },
    });
    expect(results[2].matches[0].team.slug).toBe('sakura-csirt');
    expect(results[3]).toMatchObject({ kind: null, error: 'unrecognised' });
    expect(results[3].message).toContain('“nothing here” is not an IP address');
    const bad = io(env);
    expect(await runCli(['lookup'], bad.io)).toBe(2);
    expect(await runCli(['lookup', '192.0.2.1', '--as', 'king'], io(env).io)).toBe(2);
  });

  test('when reminders run at an instant, then one JSON line in the documented shape counts them, and a rerun sends nothing', async () => {
    const env = { DATA_DIR: tempDir(), LOG_LEVEL: 'silent', SEED_DEMO: 'false' };
    expect(await runCli(['seed'], io(env).io)).toBe(0);
    // The demo is seeded relative to today, so the run looks at today too.
    const now = new Date().toISOString();
    const dry = io(env);
    expect(await runCli(['reminders', 'run', '--now', now, '--dry-run'], dry.io)).toBe(0);
    const planned = JSON.parse(dry.out().trim());
    expect(Object.keys(planned)).toEqual(['now', 'due', 'queued', 'escalated', 'stale']);
    // The demo has 4 teams due, 3 overdue and 3 stale (one of them suspended, one withdrawn: not asked).
    expect(planned.due).toBeGreaterThanOrEqual(6);
    const run = io(env);
    expect(await runCli(['reminders', 'run', '--now', now], run.io)).toBe(0);
    expect(JSON.parse(run.out().trim())).toEqual(planned);
    const again = io(env);
    expect(await runCli(['reminders', 'run', '--now', now], again.io)).toBe(0);
    expect(JSON.parse(again.out().trim())).toEqual({ now, due: 0, queued: 0, escalated: 0, stale: 0 });
    const bad = io(env);
    expect(await runCli(['reminders', 'run', '--now', 'tomorrow'], bad.io)).toBe(2);
    expect(bad.err()).toContain('--now takes an ISO date');
    const noSmtp = io(env);
    expect(await runCli(['mail', 'flush'], noSmtp.io)).toBe(2);
    expect(noSmtp.err()).toContain('mail flush needs SMTP_URL');
  });

  test('when the demo is exported and imported into a new data directory, then the counts match; a second import is refused', async () => {
    const from = { DATA_DIR: tempDir(), LOG_LEVEL: 'silent', SEED_DEMO: 'false' };
    expect(await runCli(['seed'], io(from).io)).toBe(0);
    const out = io(from);
    expect(await runCli(['export-all'], out.io)).toBe(0);
    const file = path.join(tempDir(), 'dump.json');
    fs.writeFileSync(file, out.out());
    const to = { DATA_DIR: tempDir(), LOG_LEVEL: 'silent', SEED_DEMO: 'false' };
    const loaded = io(to);
    expect(await runCli(['import-all', file], loaded.io)).toBe(0);
    expect(JSON.parse(loaded.out().trim()).imported).toMatchObject({
      teams: 24,
      users: DEMO_ACCOUNTS.length,
      applications: DEMO_APPLICATIONS.length,
    });
    const twice = io(to);
    expect(await runCli(['import-all', file], twice.io)).toBe(2);
    expect(twice.err()).toContain('import refused: the database is not empty');
    const notJson = io({ ...to, DATA_DIR: tempDir() });
    expect(await runCli(['import-all'], { ...notJson.io, stdin: async () => 'hello' })).toBe(2);
    expect(notJson.err()).toContain('the input is not JSON');
    // Four new embedded data directories, each migrated from nothing, and the demo seeded into one.
  }, 120_000);

  test('when demo data is asked for in production, then it is refused', async () => {
    const c = io({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      DATA_DIR: tempDir(),
      LOG_LEVEL: 'silent',
    });
    expect(await runCli(['seed'], c.io)).toBe(2);
    expect(c.err()).toContain('demo data is refused when NODE_ENV=production');
  });

  test('when a server holds the embedded directory, then the CLI refuses and leaves it alone', async () => {
    const dir = tempDir();
    // The parent of this test process is alive for the whole test: it stands in for a running server.
    fs.writeFileSync(
      path.join(dir, 'registry.lock'),
      JSON.stringify({ pid: process.ppid, role: 'server', since: '2026-11-22T00:00:00Z' }),
    );
    const c = io({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    expect(await runCli(['seed', '--teams', '1'], c.io)).toBe(2);
    expect(c.err()).toContain(`in use by another process (pid ${process.ppid}, server`);
    expect(fs.readdirSync(dir)).toEqual(['registry.lock']);
  });
});
