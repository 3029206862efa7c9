/**
 * Measurement 1: directory search on the real app — 3,000 synthetic teams + the demo teams seeded into a throwaway
 * embedded database, then `node dist/src/server.js` in production on that database, as `npm start` runs it —
 * against the bare anchor sending the same bytes (anchor.ts). The same server then answers an HKP key fetch
 * (`/pks/lookup?op=get`, what `gpg --recv-keys` sends) for the demo team's key, measured the same way.
 */
import { seedDemoTeams } from '../../seeds/demo';
import { seedSyntheticTeams } from '../../seeds/synthetic';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { createLogger } from '../../src/log';
import { bareAnchor, type CaseResult, compare } from './anchor';
import { startProductionServer } from './server-process';
import { defer, httpGet, log, makeTempDir, round } from './util';

const TEAM_COUNT = 3000;

interface SearchCase {
  label: string;
  path: string;
  kind: 'json' | 'html';
}

const SEARCH_CASES: SearchCase[] = [
  { label: 'API q=csirt&limit=20', path: '/api/v1/teams?q=csirt&limit=20', kind: 'json' },
  { label: 'API q=シーサート', path: `/api/v1/teams?q=${encodeURIComponent('シーサート')}`, kind: 'json' },
  { label: 'API q=計測器', path: `/api/v1/teams?q=${encodeURIComponent('計測器')}`, kind: 'json' },
  { label: 'HTML /?q=シーサート', path: `/?q=${encodeURIComponent('シーサート')}`, kind: 'html' },
];

export interface SearchResult extends CaseResult {
  /** `total` in the JSON answer (how many teams matched); null for the HTML page and HKP. */
  matches: number | null;
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

/** Seeds a new embedded data directory and closes it again, so the server process can open it. */
export async function seededDataDir(
  label: string,
  seed: (ctx: Awaited<ReturnType<typeof createContext>>) => Promise<number>,
): Promise<{ dir: string; teams: number; seedSeconds: number; remove: () => Promise<void> }> {
  const tmp = makeTempDir(label);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: tmp.dir, SEED_DEMO: 'false' });
  const ctx = await createContext(config, createLogger(config), 'bench');
  const closeCtx = defer(() => ctx.close());
  const t0 = performance.now();
  const teams = await seed(ctx);
  const seedSeconds = (performance.now() - t0) / 1000;
  await closeCtx();
  return { dir: tmp.dir, teams, seedSeconds: round(seedSeconds, 2), remove: tmp.remove };
}

export async function benchDirectory(
  teamCount = TEAM_COUNT,
  opts: { cases: SearchCase[]; hkp: boolean } = { cases: SEARCH_CASES, hkp: true },
): Promise<DirectoryBench> {
  log(`seeding ${teamCount} synthetic teams + demo teams`);
  const data = await seededDataDir('directory', async (ctx) => {
    const added = await seedSyntheticTeams(ctx, teamCount, { withKeys: false });
    return added + (await seedDemoTeams(ctx));
  });
  log(`seeded ${data.teams} teams in ${data.seedSeconds.toFixed(1)} s; starting the server (production)`);
  const server = await startProductionServer(data.dir);
  const bare = await bareAnchor();

  const results: SearchResult[] = [];
  for (const c of opts.cases) {
    let matches: number | null = null;
    const r = await compare(server.port, bare, c, (body, contentType) => {
      if (c.kind === 'json') matches = (JSON.parse(body.toString('utf8')) as { total?: number }).total ?? null;
      else if (!contentType.startsWith('text/html')) throw new Error(`${c.path} answered ${contentType}`);
    });
    results.push({ ...r, matches });
  }

  let hkp: DirectoryBench['hkp'] = null;
  if (opts.hkp) {
    const fingerprint = await teamFingerprint(server.port, HKP_TEAM);
    const path = `/pks/lookup?op=get&options=mr&search=0x${fingerprint}`;
    const r = await compare(server.port, bare, { label: `HKP get ${HKP_TEAM}`, path }, (body, contentType) => {
      if (!contentType.startsWith(PGP_KEYS) || !body.toString('utf8').includes('BEGIN PGP PUBLIC KEY')) {
        throw new Error(`${path} answered ${contentType}: ${body.toString('utf8').slice(0, 200)}`);
      }
    });
    hkp = { ...r, matches: null, fingerprint };
  }

  await bare.close();
  const stopped = await server.stop();
  if (stopped.exitCode !== 0) log(`server exited with code ${stopped.exitCode}:\n${server.output()}`);
  await data.remove();
  return { teams: data.teams, seedSeconds: data.seedSeconds, results, hkp };
}
