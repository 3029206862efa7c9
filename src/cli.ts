/**
 * Command-line entry: `npm run cli -- <command>`. Prints machine-readable JSON lines on stdout, messages on stderr,
 * and exits non-zero on failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import {
  seedDemoAccounts,
  seedDemoAnnouncements,
  seedDemoApplications,
  seedDemoDrills,
  seedDemoSnapshots,
  seedDemoTeams,
  seedSyntheticTeams,
} from '../seeds';
import type { Viewer } from './accounts/viewer';
import { fixedClock } from './clock';
import { ConfigError, loadConfig } from './config';
import { createConstituencyService } from './constituency/service';
import { createContext, type OpenedContext } from './context';
import { EmbeddedDatabaseBusyError } from './db/embedded-lock';
import { createLookupService, explained, LOOKUP_MAX } from './directory/lookup';
import { runDrills } from './drills/run';
import { INDUSTRIES, REGIONS } from './entry/vocabulary';
import { runHousekeeping } from './housekeeping';
import { HttpError } from './http/errors';
import { translator } from './i18n';
import { defaultsFrom } from './import/columns';
import { commitStored, storeImport } from './import/service';
import { recheckKeys } from './keys/recheck';
import { createLogger } from './log';
import { analyzeAfterRun, runReminders } from './reminders/run';
import { recordFreshnessSnapshot } from './stats/service';
import { exportAll, ImportError, importAll } from './transfer';

const USAGE = `usage: npm run cli -- <command> [options]

commands:
  migrate                 apply pending database migrations (also done at every start)
  seed                    add the demo teams, accounts and applications (development only; skips what exists)
  seed --teams N          add N synthetic teams (any mode) [--no-keys: without PGP keys]
                          [--verified-keys: keys proven in the teams' hands, so drills can be sent to them]
                          [--claims-per-team K: K domains and K IPv6 prefixes each, default 2]
  lookup INDICATOR…       the responsible team of each IP, prefix, ASN, domain, email or URL (JSON lines)
                          [--as secretariat: with what only the secretariat sees]
  constituency check      check the DNS proofs of domain claims still waiting (the nightly run, now)
  keys recheck [--now ISO] re-evaluate stored keys (expiry, revocation); rotate expired current keys
  reminders run [--now ISO] [--dry-run]
                          the yearly re-confirmation and key-watch reminders due at that instant (each stage once)
  drills run [--now ISO] [--dry-run]
                          reachability drills at that instant: plan, send what is due, mark late and failed
  mail flush              send what the outbox holds that is due (needs SMTP_URL)
  housekeeping run [--now ISO]
                          the hourly housekeeping at that instant: expired sessions and tokens, admission's
                          drafts and sponsorships, retention of closed applications and delivered mail
  export-all              every table as one JSON document on stdout (backup; moving between databases)
  import-all [FILE]       load such a document (FILE or stdin) into an empty database
  import FILE [--dry-run] [--update] [--region R] [--industry I]
                          move members in from a CSV (UTF-8 or CP932), .xlsx or teams.json: every row as new,
                          changed, unchanged or refused (with reasons); without --dry-run the accepted rows are
                          written in one transaction; --update lets rows change existing teams
  help                    this text
`;

class UsageError extends Error {}

async function seed(ctx: OpenedContext, args: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args,
    options: {
      teams: { type: 'string' },
      'no-keys': { type: 'boolean', default: false },
      'verified-keys': { type: 'boolean', default: false },
      'claims-per-team': { type: 'string' },
    },
    strict: true,
  });
  const started = performance.now();
  if (values.teams !== undefined) {
    if (!/^\d{1,7}$/.test(values.teams) || Number(values.teams) < 1) {
      throw new UsageError('--teams takes a whole number from 1 to 9999999');
    }
    if (values['no-keys'] && values['verified-keys'])
      throw new UsageError('--verified-keys needs keys: drop --no-keys');
    const per = values['claims-per-team'] ?? '2';
    if (!/^\d{1,3}$/.test(per) || Number(per) < 1)
      throw new UsageError('--claims-per-team takes a whole number from 1 to 999');
    const added = await seedSyntheticTeams(ctx, Number(values.teams), {
      withKeys: !values['no-keys'],
      keysVerified: values['verified-keys'],
      claimsPerTeam: Number(per),
    });
    return { seeded: 'synthetic', teams: added, ms: Math.round(performance.now() - started) };
  }
  if (ctx.config.isProduction) throw new UsageError('demo data is refused when NODE_ENV=production');
  const added = await seedDemoTeams(ctx);
  const accounts = await seedDemoAccounts(ctx);
  const applications = await seedDemoApplications(ctx);
  await seedDemoSnapshots(ctx);
  const drills = await seedDemoDrills(ctx);
  const announcements = await seedDemoAnnouncements(ctx);
  return {
    seeded: 'demo',
    teams: added,
    accounts,
    applications,
    drills,
    announcements,
    ms: Math.round(performance.now() - started),
  };
}

function instantOf(value: string | undefined, ctx: OpenedContext): Date {
  const now = value ? new Date(value) : ctx.clock.now();
  if (Number.isNaN(now.getTime())) throw new UsageError('--now takes an ISO date, e.g. 2026-11-22T09:00:00+09:00');
  return now;
}

async function remindersCommand(ctx: OpenedContext, args: string[], io: CliIo): Promise<Record<string, unknown>> {
  const [sub, ...rest] = args;
  if (sub !== 'run') throw new UsageError('reminders: the subcommand is "run"');
  const { values } = parseArgs({
    args: rest,
    options: { now: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    strict: true,
  });
  const summary = await runReminders(ctx, {
    now: instantOf(values.now, ctx),
    dryRun: values['dry-run'],
    onPage: (s) => io.stderr(`reminders: page committed, ${s.queued} queued so far\n`),
  });
  if (!values['dry-run']) await recordFreshnessSnapshot(ctx, instantOf(values.now, ctx));
  if (!values['dry-run'] && summary.queued > 1000) await analyzeAfterRun(ctx);
  return { ...summary };
}

async function drillsCommand(ctx: OpenedContext, args: string[], io: CliIo): Promise<Record<string, unknown>> {
  const [sub, ...rest] = args;
  if (sub !== 'run') throw new UsageError('drills: the subcommand is "run"');
  const { values } = parseArgs({
    args: rest,
    options: { now: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    strict: true,
  });
  const summary = await runDrills(ctx, {
    now: instantOf(values.now, ctx),
    dryRun: values['dry-run'],
    onPage: (s) => io.stderr(`drills: page committed, ${s.sent} sent so far\n`),
  });
  return { ...summary };
}

async function mailCommand(ctx: OpenedContext, args: string[]): Promise<Record<string, unknown>> {
  const [sub, ...rest] = args;
  if (sub !== 'flush' || rest.length) throw new UsageError('mail: the subcommand is "flush"');
  if (!ctx.config.mail.smtpUrl) throw new UsageError('mail flush needs SMTP_URL: without it mail is kept, not sent');
  return { ...(await ctx.mailer.flush()) };
}

async function housekeepingCommand(ctx: OpenedContext, args: string[]): Promise<Record<string, unknown>> {
  const [sub, ...rest] = args;
  if (sub !== 'run') throw new UsageError('housekeeping: the subcommand is "run"');
  const { values } = parseArgs({ args: rest, options: { now: { type: 'string' } }, strict: true });
  // Every step reads the clock, so `--now` runs all of them at that instant (as the server would then).
  return { ...(await runHousekeeping({ ...ctx, clock: fixedClock(instantOf(values.now, ctx)) })) };
}

async function exportCommand(ctx: OpenedContext, args: string[]): Promise<Record<string, unknown>> {
  if (args.length) throw new UsageError('export-all takes no options: redirect stdout to a file');
  return { ...(await exportAll(ctx.db, ctx.clock.now())) };
}

async function importCommand(ctx: OpenedContext, args: string[], io: CliIo): Promise<Record<string, unknown>> {
  if (args.length > 1) throw new UsageError('import-all takes one file (or reads stdin)');
  const text = args[0]
    ? await fs.promises.readFile(args[0], 'utf8').catch(() => null)
    : await (io.stdin ?? readStdin)();
  if (text === null) throw new UsageError(`cannot read ${args[0]}`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError('the input is not JSON (expected the output of export-all)');
  }
  try {
    return { imported: await importAll(ctx.db, doc) };
  } catch (err) {
    if (err instanceof ImportError) throw new UsageError(`import refused: ${err.message}`);
    throw err;
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

async function keysCommand(ctx: OpenedContext, args: string[]): Promise<Record<string, unknown>> {
  const [sub, ...rest] = args;
  if (sub !== 'recheck') throw new UsageError('keys: the subcommand is "recheck"');
  const { values } = parseArgs({ args: rest, options: { now: { type: 'string' } }, strict: true });
  const now = instantOf(values.now, ctx);
  return { now: now.toISOString(), ...(await recheckKeys(ctx, now)) };
}

/** `import FILE`: the secretariat's import page, from the command line (the preview, then the commit). */
async function importMembersCommand(ctx: OpenedContext, args: string[]): Promise<Record<string, unknown>> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean' },
      update: { type: 'boolean' },
      region: { type: 'string' },
      industry: { type: 'string' },
    },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError('import takes one FILE');
  const defaults = defaultsFrom({ defaultRegion: values.region, defaultIndustry: values.industry });
  if (values.region && !defaults.region) throw new UsageError(`--region: one of ${REGIONS.join(', ')}`);
  if (values.industry && !defaults.industry) throw new UsageError(`--industry: one of ${INDUSTRIES.join(', ')}`);
  const actor = { userId: null, label: 'command line' };
  const bytes = new Uint8Array(await fs.promises.readFile(file));
  const t = translator('en');
  const previewed = await storeImport(ctx, actor, {
    bytes,
    filename: path.basename(file),
    allowUpdate: values.update === true,
    defaults,
  }).catch((err: unknown) => {
    if (err instanceof HttpError) throw new UsageError(`import refused: ${t(err.messageKey, err.params)}`);
    throw err;
  });
  const refused = previewed.preview.rows
    .filter((r) => r.status === 'refused')
    .map((r) => ({
      line: r.line,
      shortName: r.shortName,
      reasons: r.reasons.map((x) => `${x.column ? `${x.column}: ` : ''}${t(x.messageKey, x.params)}`),
    }));
  const summary = values['dry-run']
    ? { ...previewed.preview.counts, keys: 0 }
    : await commitStored(ctx, actor, previewed.id, previewed.preview.digest);
  return {
    file: path.basename(file),
    kind: previewed.table.kind,
    encoding: previewed.table.encoding,
    written: !values['dry-run'],
    ...summary,
    refusedRows: refused,
  };
}

/** `lookup INDICATOR…`: the same answer as POST /api/v1/lookup, as the public sees it unless --as secretariat. */
async function lookupCommand(ctx: OpenedContext, args: string[]): Promise<Record<string, unknown>> {
  const { values, positionals } = parseArgs({
    args,
    options: { as: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.as !== undefined && values.as !== 'secretariat' && values.as !== 'public') {
    throw new UsageError('--as takes public or secretariat');
  }
  if (positionals.length === 0)
    throw new UsageError('lookup: give one or more indicators (IP, prefix, ASN, domain, email, URL)');
  if (positionals.length > LOOKUP_MAX) throw new UsageError(`lookup: at most ${LOOKUP_MAX} indicators at once`);
  const viewer: Viewer = values.as === 'secretariat' ? { kind: 'secretariat', userId: 'cli' } : { kind: 'anonymous' };
  return { results: explained(await createLookupService(ctx).lookupMany(positionals, viewer), translator('en')) };
}

/** `constituency check`: the nightly pass over domain claims waiting for their DNS proof, now. */
async function constituencyCommand(ctx: OpenedContext, args: string[]): Promise<Record<string, unknown>> {
  if (args[0] !== 'check' || args.length > 1) throw new UsageError('constituency: the subcommand is "check"');
  return { ...(await createConstituencyService(ctx).checkPendingDomains()) };
}

interface CliIo {
  /** The environment to configure from; the process's own when omitted. */
  env?: NodeJS.ProcessEnv;
  /** Standard input (import-all without a file); the process's own when omitted. */
  stdin?: () => Promise<string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs one command; returns the exit code (0 ok, 1 failure, 2 usage or refusal). */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof EmbeddedDatabaseBusyError) {
      io.stderr(`${err.message}\n`);
      return 2;
    }
    // Node's argument parser signals bad options by error code (checked by code: `instanceof` is realm-bound).
    const parseError = err as { code?: string; message?: string };
    if (parseError.code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${parseError.message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(`failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    io.stdout(USAGE);
    return command ? 0 : 2;
  }
  const commands: Record<string, (ctx: OpenedContext, args: string[], io: CliIo) => Promise<Record<string, unknown>>> =
    {
      // Opening the context applies the migrations; nothing more to do.
      migrate: async () => ({ migrated: true }),
      seed,
      keys: keysCommand,
      reminders: remindersCommand,
      drills: drillsCommand,
      mail: mailCommand,
      housekeeping: housekeepingCommand,
      'export-all': exportCommand,
      'import-all': importCommand,
      lookup: lookupCommand,
      import: importMembersCommand,
      constituency: constituencyCommand,
    };
  const run = commands[command];
  if (!run) {
    io.stderr(`unknown command: ${command}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig(io.env);
  // Logs go to stderr: stdout carries the command's JSON result line only.
  const log = createLogger(
    { ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel, prettyLogs: false },
    pino.destination(2),
  );
  const ctx = await createContext(config, log, `cli ${command}`);
  try {
    const result = await run(ctx, rest, io);
    io.stdout(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    await ctx.close();
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
