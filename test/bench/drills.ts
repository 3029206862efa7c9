/**
 * Measurement: drill runs over 10,000 and 100,000 synthetic teams with proven keys, on PostgreSQL (the deployment
 * an association of 100,000 teams would run; BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).
 * Each size gets a fresh database and three runs, each in a child process that reports its time and peak RSS:
 *
 *   - first: the first run of a cycle — plans a drill for every team (N inserts) and sends those due at that
 *     moment (none yet: the moments are drawn over what is left of the cycle);
 *   - day: a day later — sends the drills whose moment fell in that day (about 1/125 of the teams);
 *   - all: on the cycle's last evening — every remaining drill is due at once (N encryptions), the worst case, as
 *     after an outage of the scheduler or a campaign to all teams.
 *
 * The teams share a small pool of real Ed25519 keys (generating 100,000 keys would take minutes and measures
 * nothing of the drills): each drill is still encrypted on its own, to its team's key row.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { asc, gt } from 'drizzle-orm';
import { seedSyntheticTeams } from '../../seeds/synthetic';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { teams } from '../../src/entry/schema';
import { insertTeamKeys } from '../../src/keys/queries';
import { keyRowFrom } from '../../src/keys/service';
import { createLogger } from '../../src/log';
import { describePublicKey, generateKeyPair, type KeyRecord } from '../../src/pgp';
import { scratchPostgres } from './reminders';
import { defer, log, round } from './util';

const run = promisify(execFile);
export const DRILL_SIZES = [10_000, 100_000];
const KEY_POOL = 16;
const KEY_PAGE = 2000; // 15 parameters a row: under the 65,535 a statement may carry

/** Tuesday 10:00 in Tokyo, two months into the second cycle of 2026; a day later; the cycle's last evening. */
const INSTANTS = {
  first: '2026-09-01T01:00:00.000Z',
  day: '2026-09-02T01:00:00.000Z',
  all: '2026-12-31T20:00:00.000Z',
} as const;
export type DrillRunKind = keyof typeof INSTANTS;

export interface DrillRunResult {
  database: 'postgres';
  kind: DrillRunKind;
  teams: number;
  seconds: number;
  maxRssMb: number;
  planned: number;
  sent: number;
}

export interface DrillsBench {
  runs: DrillRunResult[];
  /** Seconds per 1,000 teams at the largest size ÷ at the smallest, for the first run of a cycle: 1 is linear. */
  growth: number | null;
  /** The same for the run that sends every drill (seconds per 1,000 drills sent). */
  sendGrowth: number | null;
  seedSeconds: Record<string, number>;
}

/** Proven keys for every team: a pool of real keys, one key row per team, written in pages. */
async function giveKeys(ctx: Awaited<ReturnType<typeof createContext>>, now: Date): Promise<void> {
  const pool: KeyRecord[] = [];
  for (let i = 0; i < KEY_POOL; i++) {
    const pair = await generateKeyPair({ name: `Bench ${i}`, email: `bench${i}@bench.example.jp`, created: now });
    pool.push(await describePublicKey(pair.publicKey));
  }
  for (let after = ''; ; ) {
    const page = await ctx.db
      .select({ id: teams.id })
      .from(teams)
      .where(after ? gt(teams.id, after) : undefined)
      .orderBy(asc(teams.id))
      .limit(KEY_PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1].id;
    await insertTeamKeys(
      ctx.db,
      page.map((t, i) => keyRowFrom(pool[i % KEY_POOL], t.id, { role: 'current', now, verifiedAt: now })),
    );
  }
}

async function oneSize(teamCount: number, kinds: DrillRunKind[]): Promise<{ runs: DrillRunResult[]; seed: number }> {
  const pg = await scratchPostgres(`drills_${teamCount}`);
  if (!pg) return { runs: [], seed: 0 };
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', DATABASE_URL: pg.url });
  const ctx = await createContext(config, createLogger(config), 'bench');
  const closeCtx = defer(() => ctx.close());
  log(`seeding ${teamCount} teams with proven keys (a pool of ${KEY_POOL}) into PostgreSQL`);
  const t0 = performance.now();
  await seedSyntheticTeams(ctx, teamCount, { withKeys: false });
  await giveKeys(ctx, new Date('2026-08-01T00:00:00Z'));
  const seed = (performance.now() - t0) / 1000;
  await closeCtx();
  log(`seeded in ${seed.toFixed(1)} s`);
  const runs: DrillRunResult[] = [];
  const child = path.join(__dirname, 'drill-run.js');
  // The runs build on each other (a day's run needs the plan), so the first one always runs.
  for (const kind of ['first', ...kinds.filter((k) => k !== 'first')] as DrillRunKind[]) {
    const { stdout } = await run(process.execPath, [child, pg.url, INSTANTS[kind]], { maxBuffer: 1 << 20 });
    const r = JSON.parse(stdout.trim()) as { seconds: number; maxRssMb: number; planned: number; sent: number };
    log(
      `drills ${kind}, ${teamCount} teams: planned ${r.planned}, sent ${r.sent} in ${r.seconds.toFixed(1)} s, peak RSS ${Math.round(r.maxRssMb)} MB`,
    );
    runs.push({
      database: 'postgres',
      kind,
      teams: teamCount,
      seconds: round(r.seconds, 2),
      maxRssMb: Math.round(r.maxRssMb),
      planned: r.planned,
      sent: r.sent,
    });
  }
  await pg.drop();
  return { runs, seed: round(seed, 1) };
}

function growthOf(runs: DrillRunResult[], kind: DrillRunKind, per: (r: DrillRunResult) => number): number | null {
  const of = runs.filter((r) => r.kind === kind && per(r) > 0).sort((a, b) => a.teams - b.teams);
  if (of.length < 2) return null;
  const rate = (r: DrillRunResult) => r.seconds / (per(r) / 1000);
  return round(rate(of[of.length - 1]) / rate(of[0]), 2);
}

export async function benchDrills(
  sizes = DRILL_SIZES,
  kinds: DrillRunKind[] = ['first', 'day', 'all'],
): Promise<DrillsBench> {
  const runs: DrillRunResult[] = [];
  const seedSeconds: Record<string, number> = {};
  for (const size of sizes) {
    const result = await oneSize(size, kinds);
    runs.push(...result.runs);
    if (result.runs.length) seedSeconds[size] = result.seed;
  }
  return {
    runs,
    growth: growthOf(runs, 'first', (r) => r.teams),
    sendGrowth: growthOf(runs, 'all', (r) => r.sent),
    seedSeconds,
  };
}
