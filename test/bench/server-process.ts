/**
 * The real server as `npm start` runs it: its own process (`node dist/src/server.js`), told its data directory and
 * port by environment variables only. The benchmarks measure the app this way rather than in-process, so nothing
 * of the bench (seeding, the bare anchor, the load generator) shares its event loop or its heap.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { defer, freePort, httpGet } from './util';

const POLL_MS = 25;
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

export const serverScript = path.resolve(__dirname, '../../src/server.js');

/**
 * A fixed secret for the bench's throwaway data directories: production refuses to start without one, and nothing
 * signed with it outlives the run.
 */
const BENCH_SESSION_SECRET = 'bench-only-session-secret-for-a-throwaway-database';

export type ServerMode = 'development' | 'production';

function childEnv(dataDir: string, port: number, mode: ServerMode): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1', // talk to loopback only
    NODE_ENV: mode,
    LOG_LEVEL: 'warn',
    // The nightly DNS check of pending domain claims starts a minute after start-up: pointed at a closed loopback
    // port, it fails at once instead of asking the machine's resolvers about 500 synthetic names.
    DNS_RESOLVERS: '127.0.0.1:9',
  };
  // Settings from the caller's shell that would change what is measured (another database, no demo seeding,
  // a pino-pretty worker, profiler flags).
  for (const key of ['DATABASE_URL', 'SEED_DEMO', 'PRETTY_LOGS', 'PUBLIC_URL', 'NODE_OPTIONS', 'SESSION_SECRET']) {
    delete env[key];
  }
  if (mode === 'production') env.SESSION_SECRET = BENCH_SESSION_SECRET;
  return env;
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  output: () => string;
  stop: () => Promise<{ stopSeconds: number; exitCode: number | null }>;
}

export function spawnServer(dataDir: string, port: number, mode: ServerMode): ServerProcess {
  if (!fs.existsSync(serverScript)) throw new Error(`${serverScript} is missing: run the build first`);
  const child = spawn(process.execPath, [serverScript], {
    env: childEnv(dataDir, port, mode),
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

/** Seconds from t0 until GET /healthz answered 200; throws if the process exits first or takes too long. */
export async function untilHealthy(r: ServerProcess, t0: number): Promise<number> {
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

/** `npm start` in production on a data directory the bench has seeded (and closed: the lock must be free). */
export async function startProductionServer(dataDir: string): Promise<ServerProcess> {
  const port = await freePort();
  const server = spawnServer(dataDir, port, 'production');
  await untilHealthy(server, performance.now());
  return server;
}
