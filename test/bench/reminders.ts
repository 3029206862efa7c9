/**
 * Measurement 5: one reminder run over 10,000 and over 100,000 synthetic teams (no keys), each in a fresh database,
 * the run in a child process that reports its time and peak RSS. Synthetic confirmation ages spread over 0–460
 * days, so about a quarter of the teams are due, overdue or stale: the first run on a new system, the heaviest one.
 * On the embedded database (PGlite, whose WebAssembly heap is at least 128 MB of the process), and — when a
 * PostgreSQL server answers at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) — on
 * PostgreSQL, the deployment an association of 100,000 teams would run.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { seedSyntheticTeams } from '../../seeds/synthetic';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { createLogger } from '../../src/log';
import { defer, log, makeTempDir, round } from './util';

const run = promisify(execFile);
const REMINDER_SIZES = [10_000, 100_000];

interface ReminderRunResult {
  database: 'embedded' | 'postgres';
  teams: number;
  seconds: number;
  queued: number;
  maxRssMb: number;
  seedSeconds: number;
}

export interface RemindersBench {
  runs: ReminderRunResult[];
  /** Seconds per 1,000 teams at the largest size ÷ at the smallest (embedded database): 1 is linear. */
  growth: number;
}

const PG_ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new PostgreSQL database for one measurement, dropped afterwards; null when no server answers. */
export async function scratchPostgres(label: string): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const name = `csirt_bench_${label}_${process.pid}`;
  try {
    await withAdmin((c) => c.query(`create database ${name}`));
  } catch {
    return null;
  }
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const drop = defer(() =>
    withAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  );
  return { url: url.toString(), drop };
}

async function one(teams: number, database: 'embedded' | 'postgres'): Promise<ReminderRunResult | null> {
  const pg = database === 'postgres' ? await scratchPostgres(String(teams)) : null;
  if (database === 'postgres' && !pg) return null;
  const tmp = makeTempDir(`reminders-${teams}`);
  const where = pg ? { DATABASE_URL: pg.url } : { DATA_DIR: tmp.dir };
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', ...where });
  const ctx = await createContext(config, createLogger(config), 'bench');
  const closeCtx = defer(() => ctx.close());
  log(`seeding ${teams} teams (no keys) into the ${database} database`);
  const t0 = performance.now();
  await seedSyntheticTeams(ctx, teams, { withKeys: false });
  const seedSeconds = (performance.now() - t0) / 1000;
  const now = ctx.clock.now().toISOString();
  await closeCtx(); // the child opens the directory itself
  log(`seeded in ${seedSeconds.toFixed(1)} s; running the reminders at ${now}`);
  const child = path.join(__dirname, 'reminder-run.js');
  const { stdout } = await run(process.execPath, [child, pg ? pg.url : tmp.dir, now], { maxBuffer: 1 << 20 });
  const result = JSON.parse(stdout.trim()) as { seconds: number; queued: number; maxRssMb: number };
  log(
    `${database}, ${teams} teams: ${result.queued} mails queued in ${result.seconds.toFixed(1)} s, peak RSS ${Math.round(result.maxRssMb)} MB`,
  );
  await tmp.remove();
  await pg?.drop();
  return {
    database,
    teams,
    seconds: round(result.seconds, 2),
    queued: result.queued,
    maxRssMb: Math.round(result.maxRssMb),
    seedSeconds: round(seedSeconds, 1),
  };
}

export async function benchReminders(sizes = REMINDER_SIZES): Promise<RemindersBench> {
  const runs: ReminderRunResult[] = [];
  for (const database of ['embedded', 'postgres'] as const) {
    for (const size of sizes) {
      const result = await one(size, database);
      if (result) runs.push(result);
    }
  }
  const embedded = runs.filter((r) => r.database === 'embedded');
  const perK = embedded.map((r) => r.seconds / (r.teams / 1000));
  return { runs, growth: round(perK[perK.length - 1] / perK[0], 2) };
}
