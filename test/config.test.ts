import { ConfigError, loadConfig } from '../src/config';

describe('configuration', () => {
  test('when nothing is set, then development defaults give an embedded database with demo data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      seedDemo: true,
      freshness: { intervalDays: 365, dueSoonDays: 30, staleAfterDays: 30 },
      retention: { applicationDays: 365, mailDays: 90 },
    });
    expect(config.database).toMatchObject({ kind: 'pglite' });
    expect(config.database.kind === 'pglite' && config.database.dataDir).toMatch(/\/data$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('when DATABASE_URL is set, then the PostgreSQL server is used and nothing is seeded', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/registry' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/registry', poolMax: 10 });
    expect(config.seedDemo).toBe(false);
  });

  test.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must be a postgres:\/\/ URL/],
    [{ NODE_ENV: 'production' }, /SESSION_SECRET: required when NODE_ENV=production/],
    [{ NODE_ENV: 'production', SESSION_SECRET: 'short' }, /SESSION_SECRET: must be at least 32 characters/],
    [{ DISPLAY_TIME_ZONE: 'Mars/Olympus' }, /DISPLAY_TIME_ZONE: unknown time zone/],
    [{ CONFIRMATION_INTERVAL_DAYS: '5' }, /CONFIRMATION_INTERVAL_DAYS/],
    [{ RETENTION_APPLICATION_DAYS: '1.5' }, /RETENTION_APPLICATION_DAYS: must be a whole number of days/],
    [{ RETENTION_APPLICATION_DAYS: 'a year' }, /RETENTION_APPLICATION_DAYS: must be a whole number of days/],
    [{ RETENTION_APPLICATION_DAYS: '7' }, /RETENTION_APPLICATION_DAYS: must be at least 30 days/],
    [{ RETENTION_MAIL_DAYS: '-1' }, /RETENTION_MAIL_DAYS: must be a whole number of days/],
    [{ RETENTION_MAIL_DAYS: '99999' }, /RETENTION_MAIL_DAYS: must be at most 3650 days/],
  ])('when %j, then start-up stops naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('when production asks for demo data, then the configuration is refused', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), SEED_DEMO: 'true' })).toThrow(
      /demo data is refused/,
    );
  });

  test('when production runs on an embedded database, then demo data is not seeded automatically', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) });
    expect(config.seedDemo).toBe(false);
    expect(config.isProduction).toBe(true);
  });
});

describe('documentation of the configuration', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const { ENV_KEYS, findRootDir } = require('../src/config') as typeof import('../src/config');
  const root = findRootDir(__dirname);

  test('when a variable is read, then config/example.env and the README document it', () => {
    const example = fs.readFileSync(path.join(root, 'config', 'example.env'), 'utf8');
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const key of ENV_KEYS) {
      expect(example).toMatch(new RegExp(`^#? ?${key}=`, 'm'));
      expect(readme).toContain(`\`${key}\``);
    }
  });
});
