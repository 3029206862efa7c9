/**
 * Child process of the drill benchmark: opens the given database (a postgres:// URL or an embedded data directory),
 * runs the drills once at the given instant and prints one JSON line {seconds, maxRssMb, …summary}. In its own
 * process, so the peak memory (maxRSS) is the run's alone — not the seeding's, nor an earlier run's.
 */
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { runDrills } from '../../src/drills/run';
import { createLogger } from '../../src/log';

async function main(): Promise<void> {
  const [database, nowIso] = process.argv.slice(2);
  const where = database.startsWith('postgres') ? { DATABASE_URL: database } : { DATA_DIR: database };
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    DRILLS_PER_YEAR: '2',
    DRILL_WINDOW_HOURS: '24',
    ...where,
  });
  const ctx = await createContext(config, createLogger(config), 'bench drills');
  try {
    const openedRssMb = process.resourceUsage().maxRSS / 1024;
    const t0 = performance.now();
    const summary = await runDrills(ctx, { now: new Date(nowIso) });
    const seconds = (performance.now() - t0) / 1000;
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify({ seconds, maxRssMb, openedRssMb, ...summary })}\n`);
  } finally {
    await ctx.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`drill run failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
