/**
 * Child process of the reminder benchmark: opens the given embedded data directory, runs the reminders once at the
 * given instant and prints one JSON line {seconds, queued, maxRssMb}. In its own process, so the peak memory
 * (maxRSS) is the run's alone — not the seeding's, nor the benchmark driver's.
 */
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { createLogger } from '../../src/log';
import { runReminders } from '../../src/reminders/run';

async function main(): Promise<void> {
  // The database: an embedded data directory, or a postgres:// URL.
  const [database, nowIso, pageSize] = process.argv.slice(2);
  const where = database.startsWith('postgres') ? { DATABASE_URL: database } : { DATA_DIR: database };
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', ...where });
  const ctx = await createContext(config, createLogger(config), 'bench reminders');
  try {
    const openedRssMb = process.resourceUsage().maxRSS / 1024;
    const t0 = performance.now();
    const summary = await runReminders(ctx, {
      now: new Date(nowIso),
      pageSize: pageSize ? Number(pageSize) : undefined,
    });
    const seconds = (performance.now() - t0) / 1000;
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    const m = process.memoryUsage();
    const mb = (v: number) => Math.round(v / 1048576);
    process.stdout.write(
      `${JSON.stringify({ seconds, ...summary, maxRssMb, openedRssMb, heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers), rssNowMb: mb(m.rss) })}\n`,
    );
  } finally {
    await ctx.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`reminder run failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
