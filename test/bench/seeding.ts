/**
 * Measurement 3: seeding 3,000 synthetic teams with a real Ed25519 key each into a fresh embedded database.
 * Opening and migrating the database is not timed; only seedSyntheticTeams is.
 */
import { seedSyntheticTeams } from '../../seeds/synthetic';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { createLogger } from '../../src/log';
import { defer, log, makeTempDir, round } from './util';

const SEED_COUNT = 3000;

export interface SeedingBench {
  teams: number;
  seconds: number;
  teamsPerSecond: number;
}

export async function benchSeeding(): Promise<SeedingBench> {
  const tmp = makeTempDir('seed');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: tmp.dir, SEED_DEMO: 'false' });
  const ctx = await createContext(config, createLogger(config), 'bench');
  const closeCtx = defer(() => ctx.close());

  log(`seeding ${SEED_COUNT} teams with Ed25519 keys into ${tmp.dir}`);
  const t0 = performance.now();
  const added = await seedSyntheticTeams(ctx, SEED_COUNT, { withKeys: true });
  const seconds = (performance.now() - t0) / 1000;
  if (added !== SEED_COUNT) throw new Error(`seeding added ${added} teams, expected ${SEED_COUNT}`);
  log(`seeded ${added} teams with keys in ${seconds.toFixed(1)} s`);

  await closeCtx();
  await tmp.remove();
  return { teams: added, seconds: round(seconds, 2), teamsPerSecond: round(added / seconds, 1) };
}
