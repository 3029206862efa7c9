/** The shape of each message the mailer writes (mailer.ts renders and queues them), and their typed messages. */
import type { MessageKey } from '../i18n';

export interface InvitationMail {
  to: string;
  teamName: string | null;
  inviter: string;
  link: string;
  expiresAt: Date;
  /** A key's fingerprint the team is asked to register once in. */
  expectedKey?: string | null;
}

export interface PasswordResetMail {
  to: string;
  link: string;
  expiresAt: Date;
}

export interface KeyPossessionMail {
  to: string;
  teamName: string;
  slug: string;
  fingerprint: string;
  /** An armored PGP MESSAGE, encrypted to the new key, containing the code. */
  encryptedCode: string;
}

export interface ApplicationVerifyMail {
  to: string;
  shortName: string;
  /** The applicant's page: opening it and confirming submits the application. */
  link: string;
}

/** What happened to an application, told to those concerned (see the `mail.application.<kind>` messages). */
export type ApplicationNoticeKind =
  | 'submitted'
  | 'received'
  | 'screening'
  | 'needs_info'
  | 'answered'
  | 'sponsorship_applicant'
  | 'sponsorship_members'
  | 'objection'
  | 'ready_for_decision'
  | 'approved'
  | 'rejected'
  | 'withdrawn'
  | 'announcement';

export interface ApplicationNoticeMail {
  /** One message per address: members never see each other's addresses. */
  to: string[];
  kind: ApplicationNoticeKind;
  shortName: string;
  organization: string;
  link: string;
  /** A message, reason or objection quoted in the mail (plain text). */
  message?: string | null;
}

/** A reminder to a team (the caller picks the outbox id: its reminder log points at it). */
export interface TeamReminderMail {
  id: string;
  to: string[];
  cc: string[];
  /** The subject and body of the stage (reminders/stages.ts): the mailer knows no stage. */
  messages: StageMessages;
  teamName: string;
  slug: string;
  encryptForTeamId: string | null;
}

/** A stage of the yearly re-confirmation. */
export interface ConfirmationReminderMail extends TeamReminderMail {
  dueAt: Date;
  confirmedAt: Date | null;
  /** The single-use "still correct" link, and when it expires. */
  link: string;
  linkExpiresAt: Date;
}

/** A stage of the key watch: the team's key expires (or has expired). */
export interface KeyReminderMail extends TeamReminderMail {
  fingerprint: string;
  expiresAt: Date;
}

/** The subject and body of each application notice: typed, so a kind without its messages does not compile. */
export const NOTICE_MESSAGES: Record<ApplicationNoticeKind, { subject: MessageKey; body: MessageKey }> = {
  submitted: { subject: 'mail.application.submitted.subject', body: 'mail.application.submitted.body' },
  received: { subject: 'mail.application.received.subject', body: 'mail.application.received.body' },
  screening: { subject: 'mail.application.screening.subject', body: 'mail.application.screening.body' },
  needs_info: { subject: 'mail.application.needs_info.subject', body: 'mail.application.needs_info.body' },
  answered: { subject: 'mail.application.answered.subject', body: 'mail.application.answered.body' },
  sponsorship_applicant: {
    subject: 'mail.application.sponsorship_applicant.subject',
    body: 'mail.application.sponsorship_applicant.body',
  },
  sponsorship_members: {
    subject: 'mail.application.sponsorship_members.subject',
    body: 'mail.application.sponsorship_members.body',
  },
  objection: { subject: 'mail.application.objection.subject', body: 'mail.application.objection.body' },
  ready_for_decision: {
    subject: 'mail.application.ready_for_decision.subject',
    body: 'mail.application.ready_for_decision.body',
  },
  approved: { subject: 'mail.application.approved.subject', body: 'mail.application.approved.body' },
  rejected: { subject: 'mail.application.rejected.subject', body: 'mail.application.rejected.body' },
  withdrawn: { subject: 'mail.application.withdrawn.subject', body: 'mail.application.withdrawn.body' },
  announcement: { subject: 'mail.application.announcement.subject', body: 'mail.application.announcement.body' },
};

/** The subject and body of one reminder stage. */
export interface StageMessages {
  subject: MessageKey;
  body: MessageKey;
}

/**
 * An announcement to one team (the caller picks the outbox id: its recipient row points at it). The mailer knows
 * no TLP: the label comes as it is written and with its meaning in both languages.
 */
export interface AnnouncementMail {
  id: string;
  to: string[];
  teamName: string;
  label: { mark: string; colour: string; meaning: { ja: string; en: string } };
  subject: { ja: string; en: string };
  body: { ja: string; en: string };
  /** Where members read it again; none for what is not archived (TLP:RED). */
  archiveLink: string | null;
  encryptForTeamId: string | null;
  /** Never sent in clear (compose.ts): TLP:AMBER and above. */
  encryptionRequired: boolean;
}
