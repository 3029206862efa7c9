/**
 * Measurement 2: start-up of the real server process (`node dist/src/server.js`) from spawn until GET /healthz
 * answers 200. First start on a new embedded data directory (migrations + demo seeding in development), then a
 * restart on the same directory. Each child is stopped with SIGTERM and awaited, so its lock file is released.
 */
import fs from 'node:fs';
import path from 'node:path';
import { serverScript, spawnServer, untilHealthy } from './server-process';
import { freePort, httpGet, log, makeTempDir, round } from './util';

interface StartRun {
  /** Spawn until /healthz answered 200. */
  seconds: number;
  /** SIGTERM until the process exited. */
  stopSeconds: number;
  exitCode: number | null;
}

export interface StartupBench {
  first: StartRun;
  restart: StartRun;
  /** Teams the first start seeded (read back over the API), to show demo seeding really happened. */
  demoTeams: number;
}

async function timedStart(dataDir: string, label: string, afterHealthy?: (port: number) => Promise<void>) {
  const port = await freePort();
  const t0 = performance.now();
  const r = spawnServer(dataDir, port, 'development');
  const seconds = await untilHealthy(r, t0);
  log(`${label}: healthy after ${seconds.toFixed(2)} s`);
  await afterHealthy?.(port);
  const { stopSeconds, exitCode } = await r.stop();
  if (exitCode !== 0) log(`${label}: server exited with code ${exitCode}:\n${r.output()}`);
  return { seconds: round(seconds, 3), stopSeconds: round(stopSeconds, 3), exitCode };
}

export async function benchStartup(): Promise<StartupBench> {
  if (!fs.existsSync(serverScript)) throw new Error(`${serverScript} is missing: run the build first`);
  const tmp = makeTempDir('startup');
  // A directory that does not exist yet: exactly what a first `npm start` sees.
  const dataDir = path.join(tmp.dir, 'data');

  let demoTeams = 0;
  log('first start on a new data directory');
  const first = await timedStart(dataDir, 'first start', async (port) => {
    const res = await httpGet(port, '/api/v1/teams?limit=1');
    demoTeams = (JSON.parse(res.body.toString('utf8')) as { total?: number }).total ?? 0;
  });
  log('restart on the same data directory');
  const restart = await timedStart(dataDir, 'restart');

  await tmp.remove();
  return { first, restart, demoTeams };
}
