/**
 * Demo data: the fictional teams in demo-teams.ts with their gpg-made public keys, plus two keys made at seed time
 * relative to the clock (one expiring within 30 days, one expired), so the demo always shows both cases.
 * Idempotent: teams whose short name exists already are left alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { addDays } from '../src/clock';
import type { AppContext } from '../src/context';
import { toTeamRow } from '../src/entry/entry';
import { analyzeDirectory, insertTeams } from '../src/entry/queries';
import { insertTeamKeys } from '../src/keys/queries';
import { keyRowFrom } from '../src/keys/service';
import { describePublicKey, generateKeyPair, type KeyRecord } from '../src/pgp';
import { recordFreshnessSnapshot } from '../src/stats/service';
import { seedDemoClaims } from './demo-constituency';
import { DEMO_TEAMS, type DemoTeam } from './demo-teams';

async function demoKey(team: DemoTeam, now: Date, rootDir: string): Promise<KeyRecord | null> {
  if (!team.key) return null;
  if ('file' in team.key) {
    return describePublicKey(fs.readFileSync(path.join(rootDir, 'seeds', 'keys', team.key.file), 'utf8'));
  }
  // Time-relative keys: expiring in 20 days, or expired 35 days ago.
  const spec =
    team.key.generate === 'expiring-soon'
      ? { created: addDays(now, -345), validDays: 365 }
      : { created: addDays(now, -400), validDays: 365 };
  const pair = await generateKeyPair({ name: team.officialName.en, email: team.email, ...spec });
  return describePublicKey(pair.publicKey);
}

export async function seedDemoTeams(ctx: Pick<AppContext, 'db' | 'clock' | 'config'>): Promise<number> {
  const now = ctx.clock.now();
  const added = await ctx.db.transaction(async (tx) => {
    const rows = DEMO_TEAMS.map((team) =>
      toTeamRow(team, { at: addDays(now, -team.confirmedDaysAgo), by: team.email }, ctx.config.freshness),
    );
    const ids = await insertTeams(tx, rows);
    const keyRows = [];
    for (const [i, team] of DEMO_TEAMS.entries()) {
      const teamId = ids.get(rows[i].slug);
      if (!teamId) continue; // existed already
      const record = await demoKey(team, now, ctx.config.rootDir);
      if (!record) continue;
      // Teams that confirmed recently have also proven possession of their key.
      const confirmed = addDays(now, -team.confirmedDaysAgo);
      const verifiedAt =
        team.confirmedDaysAgo < 300 ? new Date(Math.max(confirmed.getTime(), record.created.getTime())) : null;
      keyRows.push(keyRowFrom(record, teamId, { role: 'current', now, verifiedAt }));
    }
    await insertTeamKeys(tx, keyRows);
    const added = DEMO_TEAMS.flatMap((team, i) => {
      const id = ids.get(rows[i].slug);
      return id ? [{ id, shortName: team.shortName, email: team.email, confirmedDaysAgo: team.confirmedDaysAgo }] : [];
    });
    await seedDemoClaims(ctx, tx, added);
    return ids.size;
  });
  await analyzeDirectory(ctx.db);
  return added;
}

/**
 * A year of monthly freshness snapshots for the statistics page, as the daily reminder run would have recorded them
 * (computed from the demo teams' due dates at each month's end). Demo data only.
 */
export async function seedDemoSnapshots(ctx: Pick<AppContext, 'db' | 'clock' | 'config'>): Promise<number> {
  const now = ctx.clock.now();
  for (let months = 12; months >= 1; months--) await recordFreshnessSnapshot(ctx, addDays(now, -30 * months));
  return 12;
}
