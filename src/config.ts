/**
 * The only reader of process.env. Parsed once with zod, typed, frozen; a bad value stops the start with a message
 * naming the variable. Every key is documented in config/example.env and in the README.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Cron } from 'croner';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * A retention period in whole days: a decimal or a word would be guessed at, and a very short period would erase
 * what the secretariat still works with, so both stop the start with a message saying what is accepted.
 */
const retentionDays = (min: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'must be a whole number of days')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min} days`).max(3650, 'must be at most 3650 days (ten years)'))
    .default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.string().default('false'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  DISPLAY_TIME_ZONE: z.string().default('Asia/Tokyo'),
  CONFIRMATION_INTERVAL_DAYS: z.coerce.number().int().min(30).max(1000).default(365),
  CONFIRMATION_DUE_SOON_DAYS: z.coerce.number().int().min(1).max(180).default(30),
  CONFIRMATION_STALE_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  DIRECTORY_PAGE_SIZE: z.coerce.number().int().min(5).max(100).default(20),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  PRETTY_LOGS: bool.optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  SECRETARIAT_2FA: z.enum(['auto', 'required', 'optional']).default('auto'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('CSIRT Registry <registry@localhost>'),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
  MAIL_WORKER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  REMINDER_SCHEDULE: z.string().min(9).default('0 9 * * *'),
  REMINDER_TIME_ZONE: z.string().default('Asia/Tokyo'),
  DRILLS_PER_YEAR: z.coerce.number().int().min(0).max(12).default(2),
  DRILL_WINDOW_HOURS: z.coerce.number().int().min(1).max(240).default(24),
  DRILL_SCHEDULE: z.string().min(9).default('*/10 * * * *'),
  ASSOCIATION_KEY_FILE: z.string().min(1).optional(),
  ASSOCIATION_KEY_PASSPHRASE: z.string().optional(),
  SPONSORS_REQUIRED: z.coerce.number().int().min(0).max(20).default(2),
  OBJECTION_WINDOW_DAYS: z.coerce.number().int().min(0).max(120).default(14),
  RETENTION_APPLICATION_DAYS: retentionDays(30, 365),
  RETENTION_MAIL_DAYS: retentionDays(7, 90),
  CONSTITUENCY_ALLOWED_SPECIAL: z
    .string()
    .regex(/^[0-9a-fA-F.:/,\sASas-]*$/, 'must be a comma-separated list of prefixes and AS ranges')
    .optional(),
  DNS_RESOLVERS: z
    .string()
    .regex(/^[0-9a-fA-F.:[\],\s]*$/, 'must be a comma-separated list of resolver addresses (ip or ip:port)')
    .optional(),
});

export type Env = z.input<typeof envSchema>;
/** Every variable the application reads (documented in config/example.env and the README). */
export const ENV_KEYS = Object.keys(envSchema.shape) as (keyof Env)[];

export interface Config {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  host: string;
  port: number;
  /** Absolute origin used in links that leave the page (mail, exports); no trailing slash. */
  publicUrl: string;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolMax: number };
  /** Seed demo data on the first start of a new embedded database (never in production). */
  seedDemo: boolean;
  logLevel: string;
  prettyLogs: boolean;
  trustProxy: boolean | number | string;
  /** Signs session cookies and seals the single-use links of queued mail (src/mail/sealed-links.ts). */
  sessionSecret: string;
  displayTimeZone: string;
  freshness: { intervalDays: number; dueSoonDays: number; staleAfterDays: number };
  directoryPageSize: number;
  sessionTtlHours: number;
  /** Secretariat users must enrol TOTP before using the site (default: in production). */
  secretariatTwoFactorRequired: boolean;
  mail: {
    smtpUrl: string | undefined;
    from: string;
    /** Attempts before a message is dead (waits for a retry by hand). */
    maxAttempts: number;
    workerIntervalSeconds: number;
    /** The association's signing key (armored private key file) and its passphrase; unset: mail is not signed. */
    signingKeyFile: string | undefined;
    signingKeyPassphrase: string | undefined;
  };
  /** The daily reminder run: a cron expression in `timeZone`. */
  reminders: { schedule: string; timeZone: string };
  /**
   * Reachability drills: how many a year each team gets (0: none but campaigns), the answer window in the team's
   * business hours, and how often the server looks for drills due (cron, in the reminders' time zone).
   */
  drills: { perYear: number; windowHours: number; schedule: string };
  /** Admission: endorsements needed from distinct member teams, and how long members may object. */
  admission: { sponsorsRequired: number; objectionWindowDays: number };
  /**
   * Constituency claims: special-use prefixes and AS numbers accepted all the same (by default the documentation
   * ranges outside production, so the demo can use them), and the resolvers domain proofs are checked against
   * (empty: the system's).
   */
  constituency: {
    allowedPrefixes: readonly string[];
    allowedAsns: readonly (readonly [number, number])[];
    dnsResolvers: readonly string[];
  };
  /**
   * Retention: days after a rejection or withdrawal before the application's personal data are erased (an
   * anonymised record stays), and days after delivery before a message's bodies and recipients are.
   */
  retention: { applicationDays: number; mailDays: number };
  shutdownTimeoutMs: number;
  /** Project root: views/, public/ and the migrations are found from here. */
  rootDir: string;
}

export class ConfigError extends Error {}

/** Walks up from this file to the folder holding package.json (works from src/ under Jest and from dist/). */
export function findRootDir(start = __dirname): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new ConfigError('cannot find the project root (package.json)');
    dir = parent;
  }
  return dir;
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // a comma-separated list of addresses/subnets, as Express accepts
}

function isValidCron(expression: string): boolean {
  try {
    new Cron(expression, { paused: true });
    return true;
  } catch {
    return false;
  }
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** RFC 5737 and RFC 3849 address blocks and RFC 5398 AS numbers: what demo and test data are made of. */
export const DOCUMENTATION_RESOURCES =
  '192.0.2.0/24,198.51.100.0/24,203.0.113.0/24,2001:db8::/32,AS64496-AS64511,AS65536-AS65551';

export function constituencyPolicy(allowed: string, resolvers: string | undefined): Config['constituency'] {
  const items = allowed
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const allowedAsns: [number, number][] = [];
  const allowedPrefixes: string[] = [];
  for (const item of items) {
    const asns = /^AS(\d{1,10})(?:-AS(\d{1,10}))?$/i.exec(item);
    if (asns) allowedAsns.push([Number(asns[1]), Number(asns[2] ?? asns[1])]);
    else if (ipaddr.isValidCIDR(item)) allowedPrefixes.push(item);
    else
      throw new ConfigError(
        `invalid configuration:\n  CONSTITUENCY_ALLOWED_SPECIAL: not a prefix or AS range "${item}"`,
      );
  }
  const dnsResolvers = (resolvers ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { allowedPrefixes, allowedAsns, dnsResolvers };
}

const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-never-use-in-production';

export function loadConfig(source: NodeJS.ProcessEnv | Env = process.env): Readonly<Config> {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction && !e.SESSION_SECRET) {
    throw new ConfigError('invalid configuration:\n  SESSION_SECRET: required when NODE_ENV=production');
  }
  for (const key of ['DISPLAY_TIME_ZONE', 'REMINDER_TIME_ZONE'] as const) {
    if (!isValidTimeZone(e[key]))
      throw new ConfigError(`invalid configuration:\n  ${key}: unknown time zone "${e[key]}"`);
  }
  if (!isValidCron(e.DRILL_SCHEDULE)) {
    throw new ConfigError(`invalid configuration:\n  DRILL_SCHEDULE: not a cron expression "${e.DRILL_SCHEDULE}"`);
  }
  if (!isValidCron(e.REMINDER_SCHEDULE)) {
    throw new ConfigError(
      `invalid configuration:\n  REMINDER_SCHEDULE: not a cron expression "${e.REMINDER_SCHEDULE}"`,
    );
  }
  const rootDir = findRootDir();
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const database: Config['database'] = e.DATABASE_URL
    ? { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX }
    : { kind: 'pglite', dataDir: path.resolve(rootDir, e.DATA_DIR) };
  const seedDemo = e.SEED_DEMO === 'auto' ? !isProduction && database.kind === 'pglite' : e.SEED_DEMO === 'true';
  if (seedDemo && isProduction) {
    throw new ConfigError('invalid configuration:\n  SEED_DEMO: demo data is refused when NODE_ENV=production');
  }
  return Object.freeze({
    env: e.NODE_ENV,
    isProduction,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    database: Object.freeze(database),
    seedDemo,
    logLevel: e.LOG_LEVEL,
    prettyLogs: e.PRETTY_LOGS ?? false,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    // Development and tests only: production refuses to start without SESSION_SECRET (above).
    sessionSecret: e.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
    displayTimeZone: e.DISPLAY_TIME_ZONE,
    freshness: Object.freeze({
      intervalDays: e.CONFIRMATION_INTERVAL_DAYS,
      dueSoonDays: e.CONFIRMATION_DUE_SOON_DAYS,
      staleAfterDays: e.CONFIRMATION_STALE_AFTER_DAYS,
    }),
    directoryPageSize: e.DIRECTORY_PAGE_SIZE,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    secretariatTwoFactorRequired: e.SECRETARIAT_2FA === 'auto' ? isProduction : e.SECRETARIAT_2FA === 'required',
    mail: Object.freeze({
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
      workerIntervalSeconds: e.MAIL_WORKER_INTERVAL_SECONDS,
      signingKeyFile: e.ASSOCIATION_KEY_FILE ? path.resolve(rootDir, e.ASSOCIATION_KEY_FILE) : undefined,
      signingKeyPassphrase: e.ASSOCIATION_KEY_PASSPHRASE,
    }),
    reminders: Object.freeze({ schedule: e.REMINDER_SCHEDULE, timeZone: e.REMINDER_TIME_ZONE }),
    drills: Object.freeze({
      perYear: e.DRILLS_PER_YEAR,
      windowHours: e.DRILL_WINDOW_HOURS,
      schedule: e.DRILL_SCHEDULE,
    }),
    admission: Object.freeze({
      sponsorsRequired: e.SPONSORS_REQUIRED,
      objectionWindowDays: e.OBJECTION_WINDOW_DAYS,
    }),
    constituency: Object.freeze(
      constituencyPolicy(
        e.CONSTITUENCY_ALLOWED_SPECIAL ?? (isProduction ? '' : DOCUMENTATION_RESOURCES),
        e.DNS_RESOLVERS,
      ),
    ),
    retention: Object.freeze({ applicationDays: e.RETENTION_APPLICATION_DAYS, mailDays: e.RETENTION_MAIL_DAYS }),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    rootDir,
  });
}
