/**
 * Measurement 1b: lookups at the size of a large association — 3,000 synthetic teams with 34 claims of each kind
 * (syntheticClaims: 34 domains and 34 IPv6 /56 each, an IPv4 /32 for the first 256 teams, an ASN each), about
 * 100,000 prefixes and 100,000 domains, in a throwaway embedded database served by `node dist/src/server.js` in
 * production. GET /api/v1/lookup?q= for an IPv6 address inside a claimed /56, an IPv4 address and an email address
 * is compared with the bare anchor (anchor.ts); POST /api/v1/lookup with 1,000 mixed indicators is timed end to
 * end, one request at a time.
 */
import { seedSyntheticTeams, syntheticTeam } from '../../seeds/synthetic';
import { bareAnchor, type CaseResult, compare } from './anchor';
import { seededDataDir } from './directory';
import { startProductionServer } from './server-process';
import { httpPost, log, round } from './util';

const TEAM_COUNT = 3000;
export const CLAIMS_PER_TEAM = 34;
const POST_SIZE = 1000;
const POST_RUNS = 7;

/** The mail domain of synthetic team `i` (its first domain claim; the others are n<j>.<it>). */
const mailDomain = (i: number) => syntheticTeam(i).email.split('@')[1] ?? '';

/** An address inside team i's j-th IPv6 claim, 2001:db8:<high>:<low>00::/56 (seeds/demo-constituency.ts). */
function v6In(i: number, j: number): string {
  const k = i * CLAIMS_PER_TEAM + j;
  const high = ((k >>> 8) & 0xffff).toString(16);
  const fourth = (((k & 0xff) << 8) | 0x42).toString(16);
  return `2001:db8:${high}:${fourth}::25`;
}

/**
 * 1,000 indicators as a responder pastes them: addresses, mail addresses, URLs, a third of them claimed by nobody.
 * No AS numbers: the synthetic teams share 16 documentation ASNs, so one would match ~190 teams, which no real
 * registry looks like.
 */
export function mixedIndicators(count = POST_SIZE): string[] {
  return Array.from({ length: count }, (_, n) => {
    const i = (n * 7919) % TEAM_COUNT;
    const j = n % CLAIMS_PER_TEAM;
    switch (n % 6) {
      case 0:
        return v6In(i, j);
      case 1:
        return `192.0.2.${i % 256}`;
      case 2:
        return `phish@n${1 + (j % (CLAIMS_PER_TEAM - 1))}.${mailDomain(i)}`;
      case 3:
        return `https://www.${mailDomain(i)}/login?next=/`;
      case 4:
        return `unclaimed-${n}.example.jp`;
      default:
        return `2001:db8:ffff:${n.toString(16)}::1`;
    }
  });
}

export interface LookupBench {
  teams: number;
  claims: number;
  seedSeconds: number;
  results: CaseResult[];
  post: { indicators: number; matched: number; runsMs: number[]; medianMs: number };
}

export async function benchLookup(): Promise<LookupBench> {
  log(`seeding ${TEAM_COUNT} synthetic teams with ${CLAIMS_PER_TEAM} claims per kind`);
  const data = await seededDataDir('lookup', (ctx) =>
    seedSyntheticTeams(ctx, TEAM_COUNT, { withKeys: false, claimsPerTeam: CLAIMS_PER_TEAM }),
  );
  const claims = data.teams * CLAIMS_PER_TEAM * 2 + Math.min(256, data.teams) + data.teams;
  log(`seeded ${data.teams} teams (${claims} claims) in ${data.seedSeconds.toFixed(1)} s; starting the server`);
  const server = await startProductionServer(data.dir);
  const bare = await bareAnchor();

  const cases = [
    { label: 'lookup IPv6 in a /56', path: `/api/v1/lookup?q=${encodeURIComponent(v6In(1234, 17))}` },
    { label: 'lookup IPv4', path: '/api/v1/lookup?q=192.0.2.77' },
    { label: 'lookup email', path: `/api/v1/lookup?q=${encodeURIComponent(`abuse@n9.${mailDomain(2345)}`)}` },
  ];
  const results: CaseResult[] = [];
  for (const c of cases) {
    results.push(
      await compare(server.port, bare, c, (body) => {
        const answer = JSON.parse(body.toString('utf8')) as { matches?: unknown[] };
        if (!answer.matches?.length) throw new Error(`${c.path} found no team: ${body.toString('utf8')}`);
      }),
    );
  }

  const body = JSON.stringify(mixedIndicators());
  const runsMs: number[] = [];
  let matched = 0;
  // One warm-up (JIT, database buffers), then timed runs one after another.
  for (let run = 0; run <= POST_RUNS; run++) {
    const t0 = performance.now();
    const res = await httpPost(server.port, '/api/v1/lookup', body, 'application/json');
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`POST /api/v1/lookup answered ${res.status}: ${res.body.toString('utf8')}`);
    const answer = JSON.parse(res.body.toString('utf8')) as { results: { matches?: unknown[] }[] };
    matched = answer.results.filter((r) => (r.matches?.length ?? 0) > 0).length;
    if (run > 0) runsMs.push(round(ms, 1));
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  const medianMs = sorted[Math.floor(sorted.length / 2)] ?? 0;
  log(`POST /api/v1/lookup, ${POST_SIZE} indicators (${matched} matched): median ${medianMs} ms of ${runsMs}`);

  await bare.close();
  const stopped = await server.stop();
  if (stopped.exitCode !== 0) log(`server exited with code ${stopped.exitCode}:\n${server.output()}`);
  await data.remove();
  return {
    teams: data.teams,
    claims,
    seedSeconds: data.seedSeconds,
    results,
    post: { indicators: POST_SIZE, matched, runsMs, medianMs },
  };
}
