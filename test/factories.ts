/**
 * Factories: each test makes the data it needs. Unique short names come from a counter, so tests in one suite
 * never collide.
 */
import { addDays } from '../src/clock';
import type { AppContext } from '../src/context';
import { type TeamEntry, toTeamRow } from '../src/directory/entry';
import { insertTeams } from '../src/directory/queries';
import { describePublicKey, generateKeyPair } from '../src/keys/pgp';
import { insertTeamKeys } from '../src/keys/queries';
import { keyRowFrom } from '../src/keys/service';

let sequence = 0;

export function buildTeamEntry(overrides: Partial<TeamEntry> = {}): TeamEntry {
  sequence += 1;
  const n = `${process.pid}${sequence}`;
  const shortName = overrides.shortName ?? `TEST${n}-CSIRT`;
  const domain = shortName.toLowerCase();
  return {
    shortName,
    officialName: { ja: `テスト${n} チーム`, en: `Test ${n} CSIRT` },
    organization: { ja: `テスト${n}株式会社`, en: `Test ${n} Co., Ltd.` },
    foundedOn: '2015-04-01',
    memberSince: '2016-06-01',
    region: 'kanto',
    industry: 'manufacturing',
    email: `csirt@${domain}.example.jp`,
    website: `https://www.${domain}.example.jp/csirt/`,
    phone: '03-5555-0101',
    emergencyPhone: '050-5555-0199',
    businessHours: { days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' },
    languages: ['ja', 'en'],
    introduction: {
      overview: { ja: 'テスト用のチームです。', en: 'A team made for a test.' },
      background: { ja: '試験のために設立されました。', en: 'Established for testing.' },
      activities: { ja: 'インシデント対応を行います。', en: 'Handles incidents.' },
    },
    constituencyTypes: ['own_organization'],
    constituencyDescription: { ja: '自社', en: 'Own company' },
    services: ['information_security_incident_management'],
    notes: null,
    ...overrides,
  };
}

interface CreateTeamOptions {
  /** Days since the last confirmation (default 10: current). */
  confirmedDaysAgo?: number;
  /** Give the team a freshly generated key (default true), optionally expiring in `keyValidDays` from creation. */
  withKey?: boolean;
  keyCreatedDaysAgo?: number;
  keyValidDays?: number;
}

export async function createTeam(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config'>,
  overrides: Partial<TeamEntry> = {},
  opts: CreateTeamOptions = {},
) {
  const entry = buildTeamEntry(overrides);
  const now = ctx.clock.now();
  const row = toTeamRow(
    entry,
    { at: addDays(now, -(opts.confirmedDaysAgo ?? 10)), by: entry.email },
    ctx.config.freshness,
  );
  const ids = await insertTeams(ctx.db, [row]);
  const teamId = ids.get(row.slug as string);
  if (!teamId) throw new Error(`createTeam: ${entry.shortName} exists already`);
  let fingerprint: string | null = null;
  if (opts.withKey !== false) {
    const pair = await generateKeyPair({
      name: entry.officialName.en,
      email: entry.email,
      created: addDays(now, -(opts.keyCreatedDaysAgo ?? 30)),
      validDays: opts.keyValidDays,
    });
    const record = await describePublicKey(pair.publicKey);
    fingerprint = record.fingerprint;
    await insertTeamKeys(ctx.db, [keyRowFrom(record, teamId, { role: 'current', now })]);
  }
  return { id: teamId, slug: row.slug as string, entry, fingerprint };
}
