/**
 * Factories: each test makes the data it needs (teams, users and their memberships, keys, API tokens,
 * applications with their sponsorships and messages, entry history). Unique short names and addresses come from a
 * counter, so tests in one suite never collide.
 */
import { randomBytes } from 'node:crypto';
import { createApiToken } from '../src/accounts/api-token-service';
import { hashPassword } from '../src/accounts/password';
import { upsertMembership } from '../src/accounts/queries';
import { users } from '../src/accounts/schema';
import { loadSessionUser } from '../src/accounts/session-user';
import { applicationMessages, applications, sponsorships } from '../src/admission/schema';
import { addDays } from '../src/clock';
import { newProofToken } from '../src/constituency/dns-proof';
import { parseClaim } from '../src/constituency/parse';
import { columnsOf, insertClaims } from '../src/constituency/queries';
import type { ClaimRow } from '../src/constituency/schema';
import type { AppContext } from '../src/context';
import { completeEntry, type TeamEntry, toTeamRow } from '../src/entry/entry';
import { insertTeams } from '../src/entry/queries';
import { teamChanges } from '../src/entry/schema';
import { teamKeys } from '../src/keys/schema';
import { keyRowFrom } from '../src/keys/service';
import { describePublicKey, generateKeyPair } from '../src/pgp';
import type { KeyRecord } from '../src/pgp/check-types';
import { TEST_PASSWORD } from './helpers/auth';

type FactoryContext = Pick<AppContext, 'db' | 'clock'>;

let sequence = 0;

export function buildTeamEntry(overrides: Partial<TeamEntry> = {}): TeamEntry {
  sequence += 1;
  const n = `${process.pid}${sequence}`;
  const shortName = overrides.shortName ?? `TEST${n}-CSIRT`;
  const domain = shortName.toLowerCase();
  // Fields not written here (a field new to the registry) take their registry samples.
  return completeEntry({
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
  });
}

interface CreateTeamOptions {
  /** Days since the last confirmation (default 10: current). */
  confirmedDaysAgo?: number;
  /** Give the team a freshly generated key (default true), optionally expiring in `keyValidDays` from creation. */
  withKey?: boolean;
  keyCreatedDaysAgo?: number;
  keyValidDays?: number;
  /** Whether the key's possession is proven (drills go to proven keys only); default not. */
  keyVerified?: boolean;
}

export async function createTeam(
  ctx: FactoryContext & Pick<AppContext, 'config'>,
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
  let privateKey: string | null = null;
  if (opts.withKey !== false) {
    const pair = await generateKeyPair({
      name: entry.officialName.en,
      email: entry.email,
      created: addDays(now, -(opts.keyCreatedDaysAgo ?? 30)),
      validDays: opts.keyValidDays,
    });
    fingerprint = (await createTeamKey(ctx, teamId, pair.publicKey, { now, verified: opts.keyVerified })).fingerprint;
    privateKey = pair.privateKey;
  }
  return { id: teamId, slug: row.slug as string, entry, fingerprint, privateKey };
}

export interface TeamKeyOptions {
  /** Default current. */
  role?: 'pending' | 'current' | 'next' | 'retired';
  /** Whether the key's possession is proven (at `now`); default not. */
  verified?: boolean;
  /** When the key was added and checked; default the clock's now. */
  now?: Date;
  retiredAt?: Date;
}

/** Stores a key for a team directly (as seeds and admission do), e.g. a current key before a rotation. */
export async function createTeamKey(
  ctx: FactoryContext,
  teamId: string,
  key: string | KeyRecord,
  opts: TeamKeyOptions = {},
) {
  const now = opts.now ?? ctx.clock.now();
  const record = typeof key === 'string' ? await describePublicKey(key) : key;
  const row = keyRowFrom(record, teamId, { role: opts.role ?? 'current', now, verifiedAt: opts.verified ? now : null });
  const [stored] = await ctx.db
    .insert(teamKeys)
    .values({ ...row, ...(opts.retiredAt ? { retiredAt: opts.retiredAt } : {}) })
    .returning();
  return stored;
}

export async function createTeamChange(
  ctx: FactoryContext,
  teamId: string,
  overrides: Partial<typeof teamChanges.$inferInsert> = {},
) {
  const [row] = await ctx.db
    .insert(teamChanges)
    .values({ teamId, actor: 'editor@test.example', changes: [], at: ctx.clock.now(), ...overrides })
    .returning();
  return row;
}

let userCounter = 0;
let cachedHash: Promise<string> | undefined;

export interface UserOptions {
  email?: string;
  name?: string;
  secretariat?: boolean;
  /** Memberships to give the user. */
  teams?: { id: string; role: 'member' | 'editor' }[];
  /** Default TEST_PASSWORD; null: no password (an invited user who has not set one). */
  password?: string | null;
}

export async function createUser(ctx: FactoryContext, opts: UserOptions = {}) {
  userCounter += 1;
  const email = opts.email ?? `user${process.pid}-${userCounter}@test.example`;
  // Hashing is deliberately slow; tests share one hash of the common password.
  if (!cachedHash) cachedHash = hashPassword(TEST_PASSWORD);
  const passwordHash =
    opts.password === null ? null : opts.password ? await hashPassword(opts.password) : await cachedHash;
  const [user] = await ctx.db
    .insert(users)
    .values({
      email,
      name: opts.name ?? '',
      passwordHash,
      isSecretariat: opts.secretariat ?? false,
      createdAt: ctx.clock.now(),
    })
    .returning();
  for (const team of opts.teams ?? []) {
    await upsertMembership(ctx.db, { userId: user.id, teamId: team.id, role: team.role, now: ctx.clock.now() });
  }
  return user;
}

/** An API token of the user (as the user makes one on the settings page); the token itself. */
export async function createApiTokenOf(ctx: FactoryContext, userId: string, name = 'test token'): Promise<string> {
  const user = await loadSessionUser(ctx.db, userId);
  if (!user) throw new Error(`createApiTokenOf: no user ${userId}`);
  return (await createApiToken(ctx, user, { userId, label: user.email }, name)).token;
}

export const ALL_ATTESTATIONS = {
  operatesAsCsirtInJapan: true,
  agreesWithMission: true,
  handlesInformationAppropriately: true,
};

/** An application stored as it stands in a state (default draft), its entry built by `buildTeamEntry`. */
export async function createApplication(
  ctx: FactoryContext,
  overrides: Partial<typeof applications.$inferInsert> = {},
) {
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(applications)
    .values({
      entry: buildTeamEntry(),
      attestations: ALL_ATTESTATIONS,
      applicantName: '申請 太郎',
      applicantEmail: 'applicant@test.example',
      accessTokenHash: randomBytes(32).toString('hex'),
      stateChangedAt: now,
      createdAt: now,
      ...overrides,
    })
    .returning();
  return row;
}

type Fields<Row, Required extends keyof Row> = Pick<Row, Required> & Partial<Row>;

/** A member team's endorsement (default) or objection of an application. */
export async function createSponsorship(
  ctx: FactoryContext,
  fields: Fields<typeof sponsorships.$inferInsert, 'applicationId' | 'teamId'>,
) {
  const values = { kind: 'endorse' as const, createdAt: ctx.clock.now(), ...fields };
  return (await ctx.db.insert(sponsorships).values(values).returning())[0];
}

/** A message on an application's page, by the applicant unless `author` says otherwise. */
export async function createApplicationMessage(
  ctx: FactoryContext,
  fields: Fields<typeof applicationMessages.$inferInsert, 'applicationId' | 'body'>,
) {
  const values = { author: 'applicant' as const, createdAt: ctx.clock.now(), ...fields };
  return (await ctx.db.insert(applicationMessages).values(values).returning())[0];
}

/**
 * Claims a team's constituency objects (one text each, as an editor types them) straight in the database, under
 * the documentation-resources policy of tests; `verified` marks them proved (by DNS for domains).
 */
export async function createClaims(
  ctx: FactoryContext & Pick<AppContext, 'config'>,
  teamId: string,
  texts: string[],
  opts: { verified?: boolean } = {},
): Promise<ClaimRow[]> {
  const at = ctx.clock.now();
  const rows = texts.map((text) => {
    const parsed = parseClaim(text, ctx.config.constituency);
    if (!parsed.ok) throw new Error(`claim ${text}: ${parsed.reason}`);
    return {
      teamId,
      ...columnsOf(parsed.claim),
      dnsToken: parsed.claim.kind === 'domain' ? newProofToken() : null,
      verifiedAt: opts.verified ? at : null,
      verifiedBy: opts.verified ? (parsed.claim.kind === 'domain' ? 'dns' : 'secretariat@test.example') : null,
      createdAt: at,
      createdBy: 'factory',
    };
  });
  return insertClaims(ctx.db, rows);
}
