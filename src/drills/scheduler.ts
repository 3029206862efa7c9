/**
 * Drills inside the server process (croner; DRILL_SCHEDULE, every 10 minutes by default), so each drill goes out
 * near the moment planned for it inside the team's hours. No lease is needed: every step locks the drills it moves
 * (FOR UPDATE SKIP LOCKED), so instances running at once share the work and never send a drill twice.
 */
import { Cron } from 'croner';
import type { AppContext } from '../context';
import { runDrills } from './run';

export function startDrillSchedule(ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer' | 'log'>): Cron {
  return new Cron(
    ctx.config.drills.schedule,
    { timezone: ctx.config.reminders.timeZone, protect: true, name: 'drills' },
    async () => {
      try {
        const summary = await runDrills(ctx, { now: ctx.clock.now() });
        if (summary.planned || summary.sent || summary.late || summary.failed || summary.cannotDrill) {
          ctx.log.info(summary, 'drills run');
        }
      } catch (err) {
        ctx.log.warn({ err }, 'drills run failed');
      }
    },
  );
}
