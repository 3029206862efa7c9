import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoRole } from '../seeds/demo-accounts';
import type { Config } from './config';

/** What a newcomer needs after `npm start`: where to go, and on what data. */
export function startupBanner(config: Readonly<Config>, port: number): string {
  const url = config.publicUrl.includes(`:${config.port}`)
    ? config.publicUrl.replace(`:${config.port}`, `:${port}`)
    : config.publicUrl;
  const db =
    config.database.kind === 'pglite'
      ? `embedded PostgreSQL (PGlite) in ${config.database.dataDir}`
      : 'PostgreSQL server (DATABASE_URL)';
  const lines = [
    '',
    '  CSIRT registry is running',
    `  URL:       ${url}/`,
    `  API:       ${url}/api/v1/teams`,
    `  Database:  ${db}`,
  ];
  if (config.seedDemo) {
    lines.push('  Demo data: fictional teams under *.example.jp (seeded on first start)');
    lines.push(`  Demo accounts (password "${DEMO_PASSWORD}"):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.email.padEnd(26)} ${demoRole(a)}`);
  }
  lines.push('  Stop with Ctrl+C.', '');
  return `${lines.join('\n')}\n`;
}
