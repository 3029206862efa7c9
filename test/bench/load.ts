/**
 * autocannon runs. The load generator runs in a worker thread (`workers: 1`): the servers under test and the
 * embedded database share the main thread's event loop, and a load generator competing for that loop would make
 * both sides look slower than they are.
 */
import autocannon from 'autocannon';
import { httpGet } from './util';

/** Long enough that a slow-but-answering server shows up as latency rather than as timeouts. */
const REQUEST_TIMEOUT_S = 30;
/** Upper bound for working off a backlog left by an overloaded run. */
const DRAIN_TIMEOUT_MS = 120_000;

export interface LoadResult {
  /** Completed requests ÷ run time (exact also when a slow server completes only a handful). */
  reqPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
}

interface LoadOptions {
  port: number;
  path: string;
  seconds: number;
  connections?: number;
  /** Requests per second over all connections; omitted = as fast as possible. */
  overallRate?: number;
}

function fire(opts: LoadOptions): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${opts.port}${opts.path}`,
        connections: opts.connections ?? 10,
        duration: opts.seconds,
        overallRate: opts.overallRate,
        workers: 1,
        timeout: REQUEST_TIMEOUT_S,
      },
      (err: unknown, result: autocannon.Result) => (err ? reject(err) : resolve(result)),
    );
  });
}

/**
 * autocannon stops at the end of its duration without waiting for requests in flight; an overloaded server is
 * still working on them (the embedded database runs one query at a time). One more GET, answered after that
 * backlog, makes sure the next run starts on an idle server.
 */
async function drain(port: number, path: string): Promise<void> {
  const res = await httpGet(port, path, DRAIN_TIMEOUT_MS);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status} after a load run`);
}

export async function load(opts: LoadOptions): Promise<LoadResult> {
  const r = await fire(opts);
  await drain(opts.port, opts.path);
  return {
    reqPerSec: r.duration > 0 ? r.requests.total / r.duration : 0,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    latencyMaxMs: r.latency.max,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    durationS: r.duration,
  };
}

/** Max throughput: a 2 s warm-up run (JIT, caches, database buffers), then the measured 8 s run. */
export async function maxThroughput(port: number, path: string): Promise<LoadResult> {
  await fire({ port, path, seconds: 2 });
  await drain(port, path);
  return load({ port, path, seconds: 8 });
}

/** Latency at a fixed arrival rate (autocannon corrects for coordinated omission in this mode). */
export function fixedRate(port: number, path: string, rate: number, seconds: number): Promise<LoadResult> {
  return load({ port, path, seconds, overallRate: rate });
}
