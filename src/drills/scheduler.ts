/**
 * Drills inside the server process (croner; DRILL_SCHEDULE, every 10 minutes by default), so each drill goes out
 * near the moment planned for it inside the team's hours. No lease is needed: every step locks the drills it moves
 * (FOR UPDATE SKIP LOCKED), so instances running at once share the work and never send a drill twice.
 */
import { Cron } from 'croner';
import type { AppContext } from '../context';
import { runDrills } from './run';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer' | 'log'>;

/** The run in progress in this process, per database: a second request joins it instead of starting another. */
const running = new WeakMap<object, Promise<void>>();

/**
 * Runs the drills now (a campaign was started and its drills are due), or joins the run already going. Never
 * rejects: a failed run is logged and the schedule's next run picks the work up.
 */
export function runDrillsSoon(ctx: Ctx): Promise<void> {
  const current = running.get(ctx.db);
  if (current) return current;
  const run = (async () => {
    try {
      const summary = await runDrills(ctx, { now: ctx.clock.now() });
      if (summary.planned || summary.sent || summary.late || summary.failed || summary.cannotDrill) {
        ctx.log.info(summary, 'drills run');
      }
    } catch (err) {
      ctx.log.warn({ err }, 'drills run failed');
    } finally {
      running.delete(ctx.db);
    }
  })();
  running.set(ctx.db, run);
  return run;
}

export function startDrillSchedule(ctx: Ctx): Cron {
  return new Cron(
    ctx.config.drills.schedule,
    { timezone: ctx.config.reminders.timeZone, protect: true, name: 'drills' },
    () => runDrillsSoon(ctx),
  );
}
