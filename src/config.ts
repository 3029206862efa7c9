/**
 * The only reader of process.env. Parsed once with zod, typed, frozen; a bad value stops the start with a message
 * naming the variable. Every key is documented in config/example.env and in the README.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

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
  SPONSORS_REQUIRED: z.coerce.number().int().min(0).max(20).default(2),
  OBJECTION_WINDOW_DAYS: z.coerce.number().int().min(0).max(120).default(14),
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
  sessionSecret: string | undefined;
  displayTimeZone: string;
  freshness: { intervalDays: number; dueSoonDays: number; staleAfterDays: number };
  directoryPageSize: number;
  sessionTtlHours: number;
  /** Secretariat users must enrol TOTP before using the site (default: in production). */
  secretariatTwoFactorRequired: boolean;
  mail: { smtpUrl: string | undefined; from: string };
  /** Admission: endorsements needed from distinct member teams, and how long members may object. */
  admission: { sponsorsRequired: number; objectionWindowDays: number };
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

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

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
  if (!isValidTimeZone(e.DISPLAY_TIME_ZONE)) {
    throw new ConfigError(`invalid configuration:\n  DISPLAY_TIME_ZONE: unknown time zone "${e.DISPLAY_TIME_ZONE}"`);
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
    sessionSecret: e.SESSION_SECRET,
    displayTimeZone: e.DISPLAY_TIME_ZONE,
    freshness: Object.freeze({
      intervalDays: e.CONFIRMATION_INTERVAL_DAYS,
      dueSoonDays: e.CONFIRMATION_DUE_SOON_DAYS,
      staleAfterDays: e.CONFIRMATION_STALE_AFTER_DAYS,
    }),
    directoryPageSize: e.DIRECTORY_PAGE_SIZE,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    secretariatTwoFactorRequired: e.SECRETARIAT_2FA === 'auto' ? isProduction : e.SECRETARIAT_2FA === 'required',
    mail: Object.freeze({ smtpUrl: e.SMTP_URL, from: e.MAIL_FROM }),
    admission: Object.freeze({
      sponsorsRequired: e.SPONSORS_REQUIRED,
      objectionWindowDays: e.OBJECTION_WINDOW_DAYS,
    }),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    rootDir,
  });
}
