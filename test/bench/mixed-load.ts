/**
 * `npm run load` (not in CI): 200 requests a second for 60 s against the real app on a fresh embedded database with
 * the demo data — searches, team pages, the JSON API, HKP key fetches, and logged-in writes (the demo editor
 * confirming SAKURA-CSIRT's entry: a transaction with its audit entry) — and reports errors (anything ≥ 400, socket
 * errors, timeouts), which must be zero, with throughput and latency.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { DEMO_PASSWORD, seedDemoAccounts, seedDemoTeams } from '../../seeds';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { createLogger } from '../../src/log';
import { defer, log, makeTempDir, runCleanup } from './util';

const RATE = Number(process.env.LOAD_RATE ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);

async function signIn(base: string): Promise<{ cookie: string; csrf: string }> {
  const jar: string[] = [];
  const cookies = () => jar.join('; ');
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0];
      const name = pair.split('=')[0];
      const i = jar.findIndex((j) => j.startsWith(`${name}=`));
      if (i >= 0) jar[i] = pair;
      else jar.push(pair);
    }
  };
  const csrfOf = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { cookie: cookies() } });
    keep(res);
    return /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? '';
  };
  const form = new URLSearchParams({
    email: 'editor@demo.example',
    password: DEMO_PASSWORD,
    _csrf: await csrfOf('/login'),
  });
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    body: form,
    headers: { cookie: cookies(), 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  keep(res);
  if (res.status !== 302) throw new Error(`login failed: ${res.status}`);
  return { cookie: cookies(), csrf: await csrfOf('/teams/sakura-csirt') };
}

async function main(): Promise<void> {
  const tmp = makeTempDir('load');
  // NODE_ENV=test: views cached as in production, but cookies without Secure (this talks plain HTTP to 127.0.0.1).
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: tmp.dir, SEED_DEMO: 'false' });
  const ctx = await createContext(config, createLogger(config), 'load');
  defer(() => ctx.close());
  await seedDemoTeams(ctx);
  await seedDemoAccounts(ctx);
  const server = http.createServer(createApp(ctx));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  defer(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const { cookie, csrf } = await signIn(base);
  log(`app on ${base}; ${RATE} req/s for ${SECONDS} s`);

  const write = {
    method: 'POST' as const,
    path: '/teams/sakura-csirt/confirm',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: `_csrf=${encodeURIComponent(csrf)}`,
  };
  const requests = [
    { method: 'GET' as const, path: '/?q=%E3%82%B7%E3%83%BC%E3%82%B5%E3%83%BC%E3%83%88' },
    { method: 'GET' as const, path: '/teams/sakura-csirt' },
    { method: 'GET' as const, path: '/api/v1/teams?q=csirt&limit=20' },
    { method: 'GET' as const, path: '/pks/lookup?op=get&options=mr&search=csirt%40sakura-keisoku.example.jp' },
    write,
  ];
  const statuses: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: base, connections: 20, overallRate: RATE, duration: SECONDS, requests, timeout: 10 },
      (err: unknown, r: autocannon.Result) => (err ? reject(err) : resolve(r)),
    );
    instance.on('response', (_client: unknown, status: number) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
  const failures =
    Object.entries(statuses)
      .filter(([s]) => Number(s) >= 400)
      .reduce((n, [, c]) => n + c, 0) +
    result.errors +
    result.timeouts;
  const summary = {
    load: 'mixed',
    rate: RATE,
    seconds: SECONDS,
    requests: result.requests.total,
    reqPerSec: Math.round(result.requests.total / result.duration),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    failures,
    pass: failures === 0,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (failures > 0) process.exitCode = 1;
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`load failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => runCleanup());
