/**
 * `npm run bench`: one benchmark run, then a results table and one JSON line on stdout (progress goes to stderr).
 *
 *   1. directory search (API and page) at 3,000 teams on `node dist/src/server.js` in production vs a bare Express
 *      app sending the same bytes (throughput ratio and latency at 200 req/s), and an HKP key fetch
 *      (/pks/lookup?op=get) on the same server vs the bare app sending the same armored key; then lookups
 *      (GET /api/v1/lookup the same way, and POST of 1,000 indicators) at 3,000 teams with ~200,000 claims
 *   2. checking a 4096-bit RSA key in-process (checkKey) vs spawning gpg --show-keys for it
 *   3. start-up of `node dist/src/server.js`: first start on a new data dir, then a restart
 *   4. seeding 3,000 teams with real Ed25519 keys
 *   5. one reminder run over 10,000 and over 100,000 synthetic teams (time, peak RSS, growth)
 *   6. the JSON directory search again at 100,000 teams
 *   7. drill runs over 10,000 and 100,000 teams on PostgreSQL (first of a cycle, a day later, all due at once)
 *   8. the member import's preview of 3,000 CP932 rows against 3,000 teams
 *
 * Everything talks to 127.0.0.1 only, every temp directory and child process is removed at the end (also on
 * Ctrl-C or a crash). Exit status is 0 even when targets are missed; non-zero means the run itself failed.
 */
import os from 'node:os';
import { benchDirectory, LARGE_CASES, LARGE_TEAM_COUNT } from './directory';
import { benchDrills } from './drills';
import { benchImport } from './import';
import { benchKeyCheck } from './keys';
import { benchLookup } from './lookup';
import { benchReminders } from './reminders';
import { DRILL_TARGETS, drillRows, formatTable, importRows, rows, TARGETS } from './report';
import { benchSeeding } from './seeding';
import { benchStartup } from './startup';
import { log, runBenchMain, runCleanup } from './util';

let interrupted = false;

function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) return;
  interrupted = true;
  log(`${signal}: cleaning up`);
  void runCleanup().finally(() => process.exit(130));
}

async function main(): Promise<void> {
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const started = performance.now();
  const loadAvgBefore = os.loadavg().map((v) => Math.round(v * 100) / 100);

  // One step after the other, each with the machine to itself (nothing from an earlier step, and no server process
  // of it, is still running when the next starts).
  const directory = await benchDirectory();
  const lookup = await benchLookup();
  const keys = await benchKeyCheck();
  const startup = await benchStartup();
  const seeding = await benchSeeding();
  const reminders = await benchReminders();
  const large = await benchDirectory(LARGE_TEAM_COUNT, { cases: LARGE_CASES, hkp: false });
  const drills = await benchDrills();
  const imports = await benchImport();

  const table = [
    ...rows(directory, lookup, keys, startup, seeding, reminders, large),
    ...drillRows(drills),
    ...importRows(imports),
  ];
  const summary = {
    bench: 'csirt-registry',
    at: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    // Other work on the machine skews every number; the load average says how much there was.
    loadAvgBefore,
    loadAvgAfter: os.loadavg().map((v) => Math.round(v * 100) / 100),
    seconds: Math.round((performance.now() - started) / 1000),
    targets: TARGETS,
    directory,
    lookup,
    keys,
    startup,
    seeding,
    reminders,
    large,
    drills,
    imports,
    drillTargets: DRILL_TARGETS,
    passed: table.filter((r) => r.pass).length,
    missed: table.filter((r) => !r.pass).map((r) => r.name),
  };
  process.stdout.write(`\n${formatTable(table)}\n\n${JSON.stringify(summary)}\n`);
}

runBenchMain(main);
