/**
 * The daily reminder run inside the server process (croner; REMINDER_SCHEDULE in REMINDER_TIME_ZONE, by default
 * 09:00 Asia/Tokyo). Instances take a lease in the database so one of them does the run; if it dies, the lease runs
 * out and the next scheduled run (or the CLI) completes the work — the reminder log keeps every stage to once.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Cron } from 'croner';
import { sql } from 'drizzle-orm';
import type { Config } from '../config';
import type { AppContext } from '../context';
import type { DbOrTx } from '../db/client';
import { recordFreshnessSnapshot } from '../stats/service';
import { analyzeAfterRun, type RunSummary, runReminders } from './run';
import { jobLocks } from './schema';

const LEASE_MS = 30 * 60_000;

/** Takes the named lease if it is free or ran out; answers whether this holder has it now. */
export async function acquireLease(db: DbOrTx, name: string, holder: string, now: Date, ms = LEASE_MS) {
  const until = new Date(now.getTime() + ms);
  const rows = await db
    .insert(jobLocks)
    .values({ name, holder, lockedUntil: until })
    .onConflictDoUpdate({
      target: jobLocks.name,
      set: { holder, lockedUntil: until },
      setWhere: sql`${jobLocks.lockedUntil} <= ${now} or ${jobLocks.holder} = ${holder}`,
    })
    .returning({ holder: jobLocks.holder });
  return rows.length === 1;
}

export async function releaseLease(db: DbOrTx, name: string, holder: string): Promise<void> {
  await db.delete(jobLocks).where(sql`${jobLocks.name} = ${name} and ${jobLocks.holder} = ${holder}`);
}

export function nextScheduledRun(config: Pick<Config, 'reminders'>, now: Date): Date | null {
  return new Cron(config.reminders.schedule, { timezone: config.reminders.timeZone, paused: true }).nextRun(now);
}

/** One scheduled run: under the lease, the reminders, then the mail they queued. Null when another instance ran. */
export async function scheduledRun(ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer'>) {
  const holder = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const now = ctx.clock.now();
  if (!(await acquireLease(ctx.db, 'reminders', holder, now))) return null;
  try {
    const summary: RunSummary = await runReminders(ctx, { now });
    await recordFreshnessSnapshot(ctx, now);
    if (summary.queued > 1000) await analyzeAfterRun(ctx);
    const mail = await ctx.mailer.flush();
    return { ...summary, mail };
  } finally {
    await releaseLease(ctx.db, 'reminders', holder);
  }
}

export function startReminderSchedule(ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer' | 'log'>): Cron {
  return new Cron(
    ctx.config.reminders.schedule,
    { timezone: ctx.config.reminders.timeZone, protect: true, name: 'reminders' },
    async () => {
      try {
        const result = await scheduledRun(ctx);
        if (result) ctx.log.info(result, 'reminders run');
        else ctx.log.info('reminders run by another instance');
      } catch (err) {
        ctx.log.warn({ err }, 'reminders run failed');
      }
    },
  );
}
