/**
 * The reminder mails, composed in one place for the run and for the secretariat's "send now", so both carry the
 * same link, copies and encryption: copies go out once each and never to the team's own address.
 */
import { issueTokens } from '../accounts/tokens';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import type { ConfirmationReminderMail, KeyReminderMail } from '../mail/mailer';
import {
  confirmationCycle,
  KEY_REMINDER_MESSAGES,
  type KeyStage,
  REMINDER_MESSAGES,
  type ReminderStage,
} from './stages';

type Ctx = Pick<AppContext, 'config' | 'mailer'>;

/** What a confirmation reminder says about its team. */
export interface ReminderTeam {
  teamId: string;
  email: string;
  shortName: string;
  slug: string;
  dueAt: Date;
  confirmedAt: Date | null;
  encryptMail: boolean;
}

export interface ConfirmationReminder {
  /** The outbox id the reminder log row points at. */
  outboxId: string;
  team: ReminderTeam;
  stage: ReminderStage;
  /** Addresses in copy (editors; on the escalation also the secretariat and sponsors). */
  copy: string[];
}

/** The copies of a team's mail: each once, and not the team's own address (it is the recipient). */
function copiesFor(teamEmail: string, copy: string[]): string[] {
  return [...new Set(copy)].filter((a) => a.toLowerCase() !== teamEmail.toLowerCase());
}

/**
 * Queues confirmation reminders inside the caller's transaction, each with a fresh single-use "still correct"
 * link for the team's current cycle; answers the outbox ids.
 */
export async function queueConfirmationReminders(
  tx: Tx,
  ctx: Ctx,
  reminders: ConfirmationReminder[],
  now: Date,
): Promise<string[]> {
  const links = await issueTokens(
    tx,
    'confirmation',
    reminders.map(({ team }) => ({
      email: team.email,
      data: { teamId: team.teamId, cycle: confirmationCycle(team.dueAt) },
    })),
    now,
  );
  const mails: ConfirmationReminderMail[] = reminders.map(({ outboxId, team, stage, copy }, i) => ({
    id: outboxId,
    to: [team.email],
    cc: copiesFor(team.email, copy),
    messages: REMINDER_MESSAGES[stage],
    teamName: team.shortName,
    slug: team.slug,
    dueAt: team.dueAt,
    confirmedAt: team.confirmedAt,
    link: `${ctx.config.publicUrl}/confirm/${links[i].raw}`,
    linkExpiresAt: links[i].expiresAt,
    encryptForTeamId: team.encryptMail ? team.teamId : null,
  }));
  return ctx.mailer.confirmationReminders(tx, mails);
}

export interface KeyReminder {
  outboxId: string;
  team: Pick<ReminderTeam, 'teamId' | 'email' | 'shortName' | 'slug' | 'encryptMail'>;
  stage: KeyStage;
  fingerprint: string;
  expiresAt: Date;
  copy: string[];
}

/** Queues key-watch reminders inside the caller's transaction; answers the outbox ids. */
export function queueKeyReminders(tx: Tx, ctx: Ctx, reminders: KeyReminder[]): Promise<string[]> {
  const mails: KeyReminderMail[] = reminders.map(({ outboxId, team, stage, fingerprint, expiresAt, copy }) => ({
    id: outboxId,
    to: [team.email],
    cc: copiesFor(team.email, copy),
    messages: KEY_REMINDER_MESSAGES[stage],
    teamName: team.shortName,
    slug: team.slug,
    fingerprint,
    expiresAt,
    encryptForTeamId: team.encryptMail ? team.teamId : null,
  }));
  return ctx.mailer.keyReminders(tx, mails);
}
