/**
 * Command-line entry: `npm run cli -- <command>`. Prints machine-readable JSON lines on stdout, messages on stderr,
 * and exits non-zero on failure.
 */
import { parseArgs } from 'node:util';
import { seedDemoTeams, seedSyntheticTeams } from '../seeds';
import { ConfigError, loadConfig } from './config';
import { createContext, type OpenedContext } from './context';
import { EmbeddedDatabaseBusyError } from './db/embedded-lock';
import { createLogger } from './log';

const USAGE = `usage: npm run cli -- <command> [options]

commands:
  migrate                 apply pending database migrations (also done at every start)
  seed                    add the demo teams (development only; skips teams that exist)
  seed --teams N          add N synthetic teams (any mode) [--no-keys: without PGP keys]
  help                    this text
`;

class UsageError extends Error {}

async function seed(ctx: OpenedContext, args: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args,
    options: { teams: { type: 'string' }, 'no-keys': { type: 'boolean', default: false } },
    strict: true,
  });
  const started = Date.now();
  if (values.teams !== undefined) {
    if (!/^\d{1,7}$/.test(values.teams) || Number(values.teams) < 1) {
      throw new UsageError('--teams takes a whole number from 1 to 9999999');
    }
    const added = await seedSyntheticTeams(ctx, Number(values.teams), { withKeys: !values['no-keys'] });
    return { seeded: 'synthetic', teams: added, ms: Date.now() - started };
  }
  if (ctx.config.isProduction) throw new UsageError('demo data is refused when NODE_ENV=production');
  const added = await seedDemoTeams(ctx);
  return { seeded: 'demo', teams: added, ms: Date.now() - started };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const commands: Record<string, (ctx: OpenedContext, args: string[]) => Promise<Record<string, unknown>>> = {
    // Opening the context applies the migrations; nothing more to do.
    migrate: async () => ({ migrated: true }),
    seed,
  };
  const run = commands[command];
  if (!run) {
    process.stderr.write(`unknown command: ${command}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const log = createLogger({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const ctx = await createContext(config, log, `cli ${command}`);
  try {
    const result = await run(ctx, rest);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    await ctx.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof EmbeddedDatabaseBusyError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
