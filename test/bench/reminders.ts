/**
 * Measurement 5: one reminder run over 10,000 and over 100,000 synthetic teams (no keys: the key watch is measured
 * by the teams' confirmation ages alone), each in a fresh embedded database, the run in a child process that
 * reports its time and peak RSS. Synthetic confirmation ages spread over 0–460 days, so about a quarter of the
 * teams are due, overdue or stale: the first run on a new system, the heaviest one.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { seedSyntheticTeams } from '../../seeds/synthetic';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { createLogger } from '../../src/log';
import { defer, log, makeTempDir, round } from './util';

const run = promisify(execFile);
export const REMINDER_SIZES = [10_000, 100_000];

export interface ReminderRunResult {
  teams: number;
  seconds: number;
  queued: number;
  maxRssMb: number;
  seedSeconds: number;
}

export interface RemindersBench {
  runs: ReminderRunResult[];
  /** Seconds per 1,000 teams at the largest size ÷ at the smallest: 1 is linear. */
  growth: number;
}

async function one(teams: number): Promise<ReminderRunResult> {
  const tmp = makeTempDir(`reminders-${teams}`);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: tmp.dir, SEED_DEMO: 'false' });
  const ctx = await createContext(config, createLogger(config), 'bench');
  const closeCtx = defer(() => ctx.close());
  log(`seeding ${teams} teams (no keys) into ${tmp.dir}`);
  const t0 = performance.now();
  await seedSyntheticTeams(ctx, teams, { withKeys: false });
  const seedSeconds = (performance.now() - t0) / 1000;
  const now = ctx.clock.now().toISOString();
  await closeCtx(); // the child opens the directory itself
  log(`seeded in ${seedSeconds.toFixed(1)} s; running the reminders at ${now}`);
  const child = path.join(__dirname, 'reminder-run.js');
  const { stdout } = await run(process.execPath, [child, tmp.dir, now], { maxBuffer: 1 << 20 });
  const result = JSON.parse(stdout.trim()) as { seconds: number; queued: number; maxRssMb: number };
  log(`${teams} teams: ${result.queued} mails queued in ${result.seconds.toFixed(1)} s, peak RSS ${Math.round(result.maxRssMb)} MB`);
  await tmp.remove();
  return {
    teams,
    seconds: round(result.seconds, 2),
    queued: result.queued,
    maxRssMb: Math.round(result.maxRssMb),
    seedSeconds: round(seedSeconds, 1),
  };
}

export async function benchReminders(sizes = REMINDER_SIZES): Promise<RemindersBench> {
  const runs: ReminderRunResult[] = [];
  for (const size of sizes) runs.push(await one(size));
  const perK = runs.map((r) => r.seconds / (r.teams / 1000));
  return { runs, growth: round(perK[perK.length - 1] / perK[0], 2) };
}
