import type { AppContext } from '../src/context';
import { countTeams } from '../src/entry/queries';
import { seedDemoSnapshots, seedDemoTeams } from './demo';
import { seedDemoAccounts } from './demo-accounts';
import { seedDemoAnnouncements } from './demo-announcements';
import { seedDemoApplications } from './demo-applications';
import { seedDemoDrills } from './demo-drills';

/**
 * First start of a new embedded database in development: fill it with the demo data, so `npm start` shows a
 * working registry. Never runs in production (config refuses SEED_DEMO there).
 */
export async function seedDemoIfEmpty(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'log' | 'mailer'>,
): Promise<boolean> {
  if (!ctx.config.seedDemo) return false;
  if ((await countTeams(ctx.db)) > 0) return false;
  const added = await seedDemoTeams(ctx);
  const accounts = await seedDemoAccounts(ctx);
  const applications = await seedDemoApplications(ctx);
  await seedDemoSnapshots(ctx);
  const drills = await seedDemoDrills(ctx);
  const announcements = await seedDemoAnnouncements(ctx);
  ctx.log.info({ teams: added, accounts, applications, drills, announcements }, 'demo data seeded');
  return true;
}

export { seedDemoSnapshots, seedDemoTeams } from './demo';
export { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from './demo-accounts';
export { seedDemoAnnouncements } from './demo-announcements';
export { DEMO_APPLICATIONS, seedDemoApplications } from './demo-applications';
export { seedDemoDrills } from './demo-drills';
export { seedSyntheticTeams } from './synthetic';
