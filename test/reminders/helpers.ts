/** Teams due for confirmation reminders, and the confirmation links those reminders carry. */
import { sql } from 'drizzle-orm';
import { outbox } from '../../src/mail/schema';
import { runReminders } from '../../src/reminders/run';
import { createTeam } from '../factories';
import type { TestContext } from '../helpers/app';
import { asDelivered } from '../helpers/mailbox';

/** A team (without a key: only its entry's confirmation is due) whose entry was last confirmed `daysAgo` days ago. */
export function teamConfirmedDaysAgo(ctx: TestContext, shortName: string, email: string, daysAgo: number) {
  return createTeam(ctx, { shortName, email }, { confirmedDaysAgo: daysAgo, withKey: false });
}

/** Runs the loop now and answers the path of the newest confirmation link mailed to the address. */
export async function reminderLink(ctx: TestContext, email: string): Promise<string> {
  await runReminders(ctx, { now: ctx.clock.now() });
  const [mail] = await ctx.db
    .select()
    .from(outbox)
    .where(sql`${email} = any(${outbox.toAddresses}) and ${outbox.template} = 'confirmation-reminder'`)
    .orderBy(sql`${outbox.createdAt} desc`);
  return /http:\/\/registry\.test(\/confirm\/[\w-]+)/.exec(asDelivered(ctx, mail).textBody)![1];
}
