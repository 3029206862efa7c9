/**
 * The hourly housekeeping, in one place for the server's timer and `npm run cli -- housekeeping run`: expired
 * sessions, attempts and tokens; admission's drafts, sponsorships and retention; delivered mail past its retention.
 * Every step is idempotent and claims its rows, so several instances may run it at the same time.
 */
import { pruneExpired } from './accounts/maintenance';
import { admissionHousekeeping } from './admission/maintenance';
import type { AppContext } from './context';
import { emptyDeliveredMail } from './mail/retention';

export interface HousekeepingSummary {
  now: string;
  draftsPruned: number;
  sponsorshipsClosed: number;
  applicationsErased: number;
  mailEmptied: number;
}

export async function runHousekeeping(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer'>,
): Promise<HousekeepingSummary> {
  const now = ctx.clock.now();
  await pruneExpired(ctx);
  const admission = await admissionHousekeeping(ctx);
  const mailEmptied = await emptyDeliveredMail(ctx);
  return { now: now.toISOString(), ...admission, mailEmptied };
}
