/**
 * Measurement 1: directory search on the real app (3,000 synthetic teams + the demo teams in a throwaway embedded
 * database) against a bare Express 5 app that sends a precomputed copy of the same response. Both sides pay for
 * serialisation and the same bytes on the wire, so the ratio isolates our middleware, query and presentation.
 * The same app and database then serve an HKP key fetch (`/pks/lookup?op=get`, what `gpg --recv-keys` sends) for
 * the demo team's key, measured the same way against a bare app sending the same armored key.
 */
import express from 'express';
import { seedDemoTeams } from '../../seeds/demo';
import { seedSyntheticTeams } from '../../seeds/synthetic';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { createLogger } from '../../src/log';
import { fixedRate, type LoadResult, maxThroughput } from './load';
import { defer, httpGet, listenLocal, log, makeTempDir, round } from './util';

const TEAM_COUNT = 3000;
export const FIXED_RATE = 200;
const FIXED_SECONDS = 10;

interface SearchCase {
  label: string;
  path: string;
  kind: 'json' | 'html' | 'pgp';
}

const SEARCH_CASES: SearchCase[] = [
  { label: 'API q=csirt&limit=20', path: '/api/v1/teams?q=csirt&limit=20', kind: 'json' },
  { label: 'API q=シーサート', path: `/api/v1/teams?q=${encodeURIComponent('シーサート')}`, kind: 'json' },
  { label: 'API q=計測器', path: `/api/v1/teams?q=${encodeURIComponent('計測器')}`, kind: 'json' },
  { label: 'HTML /?q=シーサート', path: `/?q=${encodeURIComponent('シーサート')}`, kind: 'html' },
];

export interface SearchResult {
  label: string;
  path: string;
  /** Response body size in bytes (ours; the bare copy is checked to be identical in size). */
  bytes: number;
  /** `total` in the JSON answer (how many teams matched); null for the HTML page. */
  matches: number | null;
  ours: LoadResult;
  bare: LoadResult;
  ratio: number;
  fixed: LoadResult;
}

/** The demo team whose current key the HKP case fetches (by fingerprint, as gpg --recv-keys does). */
const HKP_TEAM = 'sakura-csirt';

export interface DirectoryBench {
  teams: number;
  seedSeconds: number;
  results: SearchResult[];
  /** GET /pks/lookup?op=get&options=mr&search=0x<fingerprint of HKP_TEAM's key>; measured at 3,000 teams only. */
  hkp: (SearchResult & { fingerprint: string }) | null;
}

/** The large directory: the JSON search cases at 100,000 teams (the HTML page and HKP are measured at 3,000). */
export const LARGE_TEAM_COUNT = 100_000;
export const LARGE_CASES = SEARCH_CASES.filter((c) => c.kind === 'json');

const PGP_KEYS = 'application/pgp-keys';

/** The team's current key fingerprint, read over the public API like any client would. */
async function teamFingerprint(port: number, slug: string): Promise<string> {
  const res = await httpGet(port, `/api/v1/teams/${slug}`, 60_000);
  if (res.status !== 200) throw new Error(`/api/v1/teams/${slug} answered ${res.status}`);
  const fpr = (JSON.parse(res.body.toString('utf8')) as { key?: { fingerprint?: string } | null }).key?.fingerprint;
  if (!fpr || !/^[0-9A-F]{40}$/.test(fpr)) throw new Error(`${slug} has no key fingerprint in the API (${fpr})`);
  return fpr;
}

export async function benchDirectory(
  teamCount = TEAM_COUNT,
  opts: { cases: SearchCase[]; hkp: boolean } = { cases: SEARCH_CASES, hkp: true },
): Promise<DirectoryBench> {
  const tmp = makeTempDir('directory');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: tmp.dir, SEED_DEMO: 'false' });
  const ctx = await createContext(config, createLogger(config), 'bench');
  const closeCtx = defer(() => ctx.close());

  log(`seeding ${teamCount} synthetic teams + demo teams into ${tmp.dir}`);
  const t0 = performance.now();
  const added = await seedSyntheticTeams(ctx, teamCount, { withKeys: false });
  const demo = await seedDemoTeams(ctx);
  const seedSeconds = (performance.now() - t0) / 1000;
  log(`seeded ${added} synthetic + ${demo} demo teams in ${seedSeconds.toFixed(1)} s`);

  const app = createApp(ctx);
  const ours = await listenLocal(app);

  // The bare app answers the same paths with whatever the current case's body is; the same `json spaces` as the
  // real app keeps the serialised bytes identical.
  let jsonBody: unknown = null;
  let htmlBody = '';
  let pgpBody = '';
  const bareApp = express();
  bareApp.set('json spaces', app.get('json spaces'));
  bareApp.get('/api/v1/teams', (_req, res) => {
    res.json(jsonBody);
  });
  bareApp.get('/', (_req, res) => {
    res.type('html').send(htmlBody);
  });
  bareApp.get('/pks/lookup', (_req, res) => {
    res.type(PGP_KEYS).send(pgpBody);
  });
  const bare = await listenLocal(bareApp);

  const measure = async (c: SearchCase): Promise<SearchResult> => {
    const first = await httpGet(ours.port, c.path, 60_000);
    if (first.status !== 200) {
      throw new Error(`${c.path} answered ${first.status}: ${first.body.toString('utf8').slice(0, 300)}`);
    }
    let matches: number | null = null;
    if (c.kind === 'json') {
      jsonBody = JSON.parse(first.body.toString('utf8'));
      matches = (jsonBody as { total?: number }).total ?? null;
    } else if (c.kind === 'pgp') {
      pgpBody = first.body.toString('utf8');
      if (!String(first.headers['content-type']).startsWith(PGP_KEYS) || !pgpBody.includes('BEGIN PGP PUBLIC KEY')) {
        throw new Error(`${c.path} answered ${first.headers['content-type']}: ${pgpBody.slice(0, 200)}`);
      }
    } else {
      htmlBody = first.body.toString('utf8');
    }
    const copy = await httpGet(bare.port, c.path);
    if (copy.body.length !== first.body.length || copy.headers['content-type'] !== first.headers['content-type']) {
      throw new Error(
        `bare copy of ${c.path} is ${copy.body.length} bytes ${copy.headers['content-type']}, ` +
          `ours ${first.body.length} bytes ${first.headers['content-type']}`,
      );
    }

    log(`${c.label}: ${first.body.length} bytes, ${matches ?? '-'} matches; max throughput, ours`);
    const oursRun = await maxThroughput(ours.port, c.path);
    log(`${c.label}: max throughput, bare`);
    const bareRun = await maxThroughput(bare.port, c.path);
    log(`${c.label}: ${FIXED_RATE} req/s for ${FIXED_SECONDS} s, ours`);
    const fixed = await fixedRate(ours.port, c.path, FIXED_RATE, FIXED_SECONDS);
    return {
      label: c.label,
      path: c.path,
      bytes: first.body.length,
      matches,
      ours: oursRun,
      bare: bareRun,
      ratio: bareRun.reqPerSec > 0 ? round(oursRun.reqPerSec / bareRun.reqPerSec, 5) : 0,
      fixed,
    };
  };

  const results: SearchResult[] = [];
  for (const c of opts.cases) results.push(await measure(c));

  let hkp: DirectoryBench['hkp'] = null;
  if (opts.hkp) {
    const fingerprint = await teamFingerprint(ours.port, HKP_TEAM);
    const fetched = await measure({
      label: `HKP get ${HKP_TEAM}`,
      path: `/pks/lookup?op=get&options=mr&search=0x${fingerprint}`,
      kind: 'pgp',
    });
    hkp = { ...fetched, fingerprint };
  }

  await bare.close();
  await ours.close();
  await closeCtx();
  await tmp.remove();
  return { teams: added + demo, seedSeconds: round(seedSeconds, 2), results, hkp };
}
