/**
 * The stages of the yearly loop and of the key watch (DESIGN "Yearly re-confirmation"), as offsets from the due
 * date or the key's expiry: the one list the run's SQL (queries.ts), the log's column type (schema.ts) and the
 * mail's messages are all built from. A run sends the latest stage reached and only if neither it nor a later stage
 * of the same cycle was sent, so a team found several stages late gets one mail, the latest.
 *
 * A stage's order is its position in its list and is never stored: the reminder log keeps the stage's name, and
 * the order of a logged name is looked up in this list when it is read. So adding, removing or reordering stages
 * never changes what an old log row means.
 */
import type { MessageKey } from '../i18n';

/** Stands for CONFIRMATION_STALE_AFTER_DAYS, a setting: the stale stage begins when the entry turns stale. */
const STALE_AFTER = 'staleAfterDays';

interface StageDeclaration {
  name: string;
  /** Days relative to the due date / expiry at which the stage begins (negative: before). */
  offsetDays: number | typeof STALE_AFTER;
  /** Its mail also goes to the secretariat and the team's sponsors. */
  escalates?: true;
}

/** The confirmation cycle, in order. */
const CONFIRMATION_CYCLE = [
  { name: 'before_30', offsetDays: -30 },
  { name: 'before_7', offsetDays: -7 },
  { name: 'due', offsetDays: 0 },
  { name: 'overdue_14', offsetDays: 14, escalates: true },
  { name: 'stale', offsetDays: STALE_AFTER },
] as const satisfies readonly StageDeclaration[];

/** The key watch, in order. */
const KEY_WATCH = [
  { name: 'key_60', offsetDays: -60 },
  { name: 'key_30', offsetDays: -30 },
  { name: 'key_7', offsetDays: -7 },
  { name: 'key_expired', offsetDays: 0 },
] as const satisfies readonly StageDeclaration[];

export type ConfirmationStage = (typeof CONFIRMATION_CYCLE)[number]['name'];
export type KeyStage = (typeof KEY_WATCH)[number]['name'];

/** A reminder the secretariat sends outside the stages ("send now"): logged, but never counted as a stage. */
export const MANUAL_STAGE = 'manual';
export type ReminderStage = ConfirmationStage | typeof MANUAL_STAGE;
export type LoggedStage = ReminderStage | KeyStage;

/** Every name a reminder-log row can hold (the column's type). */
export const LOGGED_STAGES = [
  ...CONFIRMATION_CYCLE.map((d) => d.name),
  MANUAL_STAGE,
  ...KEY_WATCH.map((d) => d.name),
] as [LoggedStage, ...LoggedStage[]];

export interface Stage<N extends string = string> {
  name: N;
  /** Position within its list (1 = first): a stage is not sent once a later one has been. */
  order: number;
  offsetDays: number;
  escalates: boolean;
  /** The entry is shown as unconfirmed from this stage on. */
  turnsStale: boolean;
}

function resolve<N extends string>(list: readonly StageDeclaration[], staleAfterDays: number): Stage<N>[] {
  return list.map((d, i) => ({
    name: d.name as N,
    order: i + 1,
    offsetDays: d.offsetDays === STALE_AFTER ? staleAfterDays : d.offsetDays,
    escalates: d.escalates === true,
    turnsStale: d.offsetDays === STALE_AFTER,
  }));
}

/** The confirmation cycle with the stale stage at CONFIRMATION_STALE_AFTER_DAYS. */
export function confirmationStages(staleAfterDays: number): Stage<ConfirmationStage>[] {
  return resolve(CONFIRMATION_CYCLE, staleAfterDays);
}

export const KEY_STAGES: Stage<KeyStage>[] = resolve(KEY_WATCH, 0);

/** How far ahead of the anchor the first stage begins: only cycles within this window can have anything to send. */
export function lookaheadDays(stages: Stage[]): number {
  return -Math.min(...stages.map((s) => s.offsetDays));
}

/** The cycle of a confirmation: its due instant in epoch milliseconds (the same text in SQL and here). */
export function confirmationCycle(dueAt: Date): string {
  return String(dueAt.getTime());
}

/** The messages of each confirmation reminder; `label` names the stage on the secretariat's freshness page. */
import type { StageMessages } from '../mail/mailer';

export const REMINDER_MESSAGES: Record<ReminderStage, StageMessages & { label: MessageKey }> = {
  before_30: {
    subject: 'mail.reminder.before_30.subject',
    body: 'mail.reminder.before_30.body',
    label: 'reminderStage.before_30',
  },
  before_7: {
    subject: 'mail.reminder.before_7.subject',
    body: 'mail.reminder.before_7.body',
    label: 'reminderStage.before_7',
  },
  due: { subject: 'mail.reminder.due.subject', body: 'mail.reminder.due.body', label: 'reminderStage.due' },
  overdue_14: {
    subject: 'mail.reminder.overdue_14.subject',
    body: 'mail.reminder.overdue_14.body',
    label: 'reminderStage.overdue_14',
  },
  stale: { subject: 'mail.reminder.stale.subject', body: 'mail.reminder.stale.body', label: 'reminderStage.stale' },
  manual: { subject: 'mail.reminder.manual.subject', body: 'mail.reminder.manual.body', label: 'reminderStage.manual' },
};

/** The messages of each key-watch reminder: the stages before expiry share one body. */
export const KEY_REMINDER_MESSAGES: Record<KeyStage, StageMessages> = {
  key_60: { subject: 'mail.keyReminder.key_60.subject', body: 'mail.keyReminder.body' },
  key_30: { subject: 'mail.keyReminder.key_30.subject', body: 'mail.keyReminder.body' },
  key_7: { subject: 'mail.keyReminder.key_7.subject', body: 'mail.keyReminder.body' },
  key_expired: { subject: 'mail.keyReminder.key_expired.subject', body: 'mail.keyReminder.expiredBody' },
};
