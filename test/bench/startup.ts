/**
 * Measurement 2: start-up of the real server process (`node dist/src/server.js`) from spawn until GET /healthz
 * answers 200. First start on a new embedded data directory (migrations + demo seeding in development), then a
 * restart on the same directory. Each child is stopped with SIGTERM and awaited, so its lock file is released.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { defer, freePort, httpGet, log, makeTempDir, round } from './util';

const POLL_MS = 25;
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

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

const serverScript = path.resolve(__dirname, '../../src/server.js');

function childEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1', // talk to loopback only
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
  };
  // Settings from the caller's shell that would change what is measured (another database, no demo seeding,
  // a pino-pretty worker, profiler flags).
  for (const key of ['DATABASE_URL', 'SEED_DEMO', 'PRETTY_LOGS', 'PUBLIC_URL', 'NODE_OPTIONS']) delete env[key];
  return env;
}

interface Running {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  output: () => string;
  stop: () => Promise<{ stopSeconds: number; exitCode: number | null }>;
}

function startChild(dataDir: string, port: number): Running {
  const child = spawn(process.execPath, [serverScript], {
    env: childEnv(dataDir, port),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep the tail of the output for error messages; reading it also keeps the pipes from filling up.
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (err) => {
      keep(Buffer.from(`spawn error: ${err.message}\n`));
      resolve(null);
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  // Never leave a server behind, whatever happens to this run.
  const kill = defer(async () => {
    if (running()) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return {
    child,
    port,
    exited,
    output: () => tail,
    async stop() {
      const t0 = performance.now();
      if (running()) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const exitCode = await exited;
      clearTimeout(timer);
      await kill();
      return { stopSeconds: (performance.now() - t0) / 1000, exitCode };
    },
  };
}

async function untilHealthy(r: Running, t0: number): Promise<number> {
  let exited = false;
  void r.exited.then(() => {
    exited = true;
  });
  while (performance.now() - t0 < START_TIMEOUT_MS) {
    if (exited) throw new Error(`server exited before it was healthy:\n${r.output()}`);
    try {
      const res = await httpGet(r.port, '/healthz', 1000);
      if (res.status === 200) return (performance.now() - t0) / 1000;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`server not healthy after ${START_TIMEOUT_MS / 1000} s:\n${r.output()}`);
}

async function timedStart(dataDir: string, label: string, afterHealthy?: (port: number) => Promise<void>) {
  const port = await freePort();
  const t0 = performance.now();
  const r = startChild(dataDir, port);
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
