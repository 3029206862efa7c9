/**
 * The secretariat's view of the loop: how many active teams are current, due, overdue or stale (the same rules as
 * freshness.ts, counted by the database), the teams past due with the last reminder each was sent, and "send now".
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import { editorAddressesByTeam } from '../accounts/recipients';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import { findTeamBySlug, freshnessCounts } from '../entry/queries';
import { teams } from '../entry/schema';
import { notFound } from '../http/errors';
import { queueConfirmationReminders } from './mails';
import { reminderLog } from './schema';
import { confirmationCycle, MANUAL_STAGE, REMINDER_MESSAGES, type ReminderStage } from './stages';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer'>;

/** The message naming a logged confirmation stage; a name no longer in the list is shown as stored. */
function stageLabel(stage: string | null): string | null {
  if (stage === null) return null;
  return Object.hasOwn(REMINDER_MESSAGES, stage) ? REMINDER_MESSAGES[stage as ReminderStage].label : stage;
}

export async function freshnessReport(ctx: Ctx, user: SessionUser) {
  authorize(user, 'administer');
  const now = ctx.clock.now();
  const counts = await freshnessCounts(ctx.db, now, ctx.config.freshness);
  // Spelled out: a column reference inside a subquery would not be qualified with its table.
  const lastReminder = sql<string | null>`(select r.stage from reminder_log r where r.team_id = teams.id
    and r.kind = 'confirmation' order by r.sent_at desc limit 1)`;
  const lastReminderAt = sql<Date | null>`(select max(r.sent_at) from reminder_log r where r.team_id = teams.id
    and r.kind = 'confirmation')`;
  const overdue = await ctx.db
    .select({
      slug: teams.slug,
      shortName: teams.shortName,
      email: teams.email,
      dueAt: teams.confirmationDueAt,
      confirmedAt: teams.confirmedAt,
      lastStage: lastReminder,
      lastSentAt: lastReminderAt.mapWith((v) => (v ? new Date(v) : null)),
    })
    .from(teams)
    .where(and(eq(teams.status, 'active'), lt(teams.confirmationDueAt, now)))
    .orderBy(asc(teams.confirmationDueAt))
    .limit(500);
  const total = counts.current + counts.due + counts.overdue + counts.stale;
  return { counts, total, overdue: overdue.map((o) => ({ ...o, lastStageLabel: stageLabel(o.lastStage) })) };
}

/** Sends the team a reminder now, outside the stages (recorded as a "manual" one, which stages do not count). */
export async function sendReminderNow(ctx: Ctx, user: SessionUser, actor: Actor, slug: string): Promise<string> {
  authorize(user, 'administer');
  const team = await findTeamBySlug(ctx.db, slug);
  if (team?.status !== 'active') throw notFound('error.teamNotFound', { slug });
  const now = ctx.clock.now();
  const cycle = confirmationCycle(team.confirmationDueAt);
  const editors = (await editorAddressesByTeam(ctx.db, [team.id])).get(team.id) ?? [];
  const mailIds = await ctx.db.transaction(async (tx) => {
    const outboxId = randomUUID();
    await tx.insert(reminderLog).values({
      teamId: team.id,
      kind: 'confirmation',
      // Its own key: two "send now" in the same instant (a double click, two instances) are two manual reminders.
      cycle: `${cycle}#manual#${outboxId}`,
      stage: MANUAL_STAGE,
      outboxId,
      sentAt: now,
    });
    await record(tx, actor, now, { action: 'reminder.sent_now', team: { id: team.id, shortName: team.shortName } });
    const reminderTeam = {
      teamId: team.id,
      email: team.email,
      shortName: team.shortName,
      slug: team.slug,
      dueAt: team.confirmationDueAt,
      confirmedAt: team.confirmedAt,
      encryptMail: team.encryptMail,
    };
    return queueConfirmationReminders(
      tx,
      ctx,
      [{ outboxId, team: reminderTeam, stage: MANUAL_STAGE, copy: editors }],
      now,
    );
  });
  await ctx.mailer.deliver(mailIds);
  return team.shortName;
}
