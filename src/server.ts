/**
 * Process entry: load config, open the database, seed demo data on a new embedded database, listen, and shut down
 * gracefully on SIGTERM/SIGINT (stop accepting, let in-flight requests finish, close the database).
 */
import http from 'node:http';
import { seedDemoIfEmpty } from '../seeds';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createConstituencyService } from './constituency/service';
import { createContext } from './context';
import { EmbeddedDatabaseBusyError } from './db/embedded-lock';
import { startDrillSchedule } from './drills/scheduler';
import { runHousekeeping } from './housekeeping';
import { closeGracefully } from './http/shutdown';
import { recheckKeys } from './keys/recheck';
import { createLogger } from './log';
import { startReminderSchedule } from './reminders/scheduler';
import { startupBanner } from './startup-banner';

const HOUSEKEEPING_INTERVAL_MS = 60 * 60_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  const ctx = await createContext(config, log, 'server');
  await seedDemoIfEmpty(ctx);
  // A configured signing key that cannot be read or unlocked stops the start, rather than every mail later.
  const associationKey = await ctx.mailer.associationKey();
  if (associationKey) log.info({ fingerprint: associationKey.fingerprint }, 'mail is signed with the association key');

  const app = createApp(ctx);
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000; // longer than typical load balancer idle timeouts
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ port, database: config.database.kind }, 'listening');
  process.stdout.write(startupBanner(config, port));

  // Housekeeping: expired sessions, rate-limit attempts and tokens, unconfirmed application drafts, sponsorship
  // stages whose objection window is over, and retention (closed applications, delivered mail). Idempotent, so
  // several instances may run it.
  const housekeeping = setInterval(() => {
    runHousekeeping(ctx)
      .then((summary) =>
        summary.applicationsErased || summary.mailEmptied ? log.info(summary, 'housekeeping erased data') : undefined,
      )
      .catch((err: unknown) => log.warn({ err }, 'housekeeping failed'));
  }, HOUSEKEEPING_INTERVAL_MS);
  housekeeping.unref();
  // The daily key recheck (expiry flags, rotation on expiry); first run shortly after start.
  // With it, the nightly DNS check of domain claims still waiting for their proof.
  const constituency = createConstituencyService(ctx);
  const recheck = () =>
    recheckKeys(ctx, ctx.clock.now())
      .then((summary) => log.info(summary, 'keys rechecked'))
      .catch((err: unknown) => log.warn({ err }, 'key recheck failed'))
      .then(() => constituency.checkPendingDomains())
      .then((summary) => log.info(summary, 'domain proofs checked'))
      .catch((err: unknown) => log.warn({ err }, 'domain proof check failed'));
  const firstRecheck = setTimeout(recheck, 60_000);
  firstRecheck.unref();
  const dailyRecheck = setInterval(recheck, 24 * 60 * 60_000);
  dailyRecheck.unref();

  // The outbox worker: what after-commit delivery could not send (SMTP down, another instance busy) goes out here.
  let flushing = false;
  const mailWorker = setInterval(() => {
    if (flushing || !config.mail.smtpUrl) return;
    flushing = true;
    ctx.mailer
      .flush()
      .then((r) => (r.sent || r.failed || r.dead ? log.info(r, 'outbox flushed') : undefined))
      .catch((err: unknown) => log.warn({ err }, 'outbox flush failed'))
      .finally(() => {
        flushing = false;
      });
  }, config.mail.workerIntervalSeconds * 1000);
  mailWorker.unref();
  const reminders = startReminderSchedule(ctx);
  const drills = startDrillSchedule(ctx);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(housekeeping);
    clearTimeout(firstRecheck);
    clearInterval(dailyRecheck);
    clearInterval(mailWorker);
    reminders.stop();
    drills.stop();
    log.info({ signal }, 'shutting down');
    await closeGracefully(server, { timeoutMs: config.shutdownTimeoutMs, log, afterClose: () => ctx.close() });
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof EmbeddedDatabaseBusyError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
