import type { jaReminders } from './ja-reminders';

/** English messages of the yearly re-confirmation and the key watch: the same keys as ja-reminders.ts. */
export const enReminders: Record<keyof typeof jaReminders, string> = {
  'mail.reminder.before_30.subject': 'Please confirm your entry (due in 30 days)',
  'mail.reminder.before_7.subject': 'Please confirm your entry (due in 7 days)',
  'mail.reminder.due.subject': 'Your entry is due for confirmation today',
  'mail.reminder.overdue_14.subject': '[Overdue] Your entry has not been confirmed',
  'mail.reminder.stale.subject': '[Shown as unconfirmed] Your entry is now marked unconfirmed',
  'mail.reminder.manual.subject': 'Please confirm your entry',
  'mail.reminder.before_30.body':
    'The yearly confirmation of the entry of {team} (point of contact, PGP key…) is due on {date}.',
  'mail.reminder.before_7.body': 'The yearly confirmation of the entry of {team} is due in 7 days ({date}).',
  'mail.reminder.due.body': 'The yearly confirmation of the entry of {team} is due today ({date}).',
  'mail.reminder.overdue_14.body':
    'The yearly confirmation of the entry of {team} was due on {date}, 14 days ago. The secretariat and your sponsors receive a copy.',
  'mail.reminder.stale.body':
    'The entry of {team} was due for confirmation on {date}; every page and API of the directory now shows it as unconfirmed.',
  'mail.reminder.manual.body': 'The secretariat asks you to confirm the entry of {team} (due {date}).',
  'mail.reminder.howTo':
    'If nothing has changed, open this link and press "Still correct" (no login needed; single use; valid until {date}).',
  'mail.reminder.edit': 'If something has changed, log in and edit it:',
  'mail.reminder.lastConfirmed': 'Last confirmed: {date}',
  'mail.keyReminder.key_60.subject': 'Your PGP key expires in 60 days',
  'mail.keyReminder.key_30.subject': 'Your PGP key expires in 30 days',
  'mail.keyReminder.key_7.subject': 'Your PGP key expires in 7 days',
  'mail.keyReminder.key_expired.subject': '[Expired] Your PGP key has expired',
  'mail.keyReminder.body':
    'The PGP key {fingerprint} of {team} expires on {date}. Please register the key with an extended expiry, or a new key, on this page.',
  'mail.keyReminder.expiredBody':
    'The PGP key {fingerprint} of {team} expired on {date}; the directory shows it as expired. Please register a new key.',

  'confirm.title': 'Confirm the entry: {team}',
  'confirm.lead': 'This is the entry of {team}. If it is still correct, press "Still correct".',
  'confirm.submit': 'Still correct',
  'confirm.edit': 'If something has changed, log in to edit it.',
  'confirm.editLink': 'Log in and edit',
  'confirm.done': 'Confirmed — thank you. The next confirmation is due on {date}.',
  'confirm.already': 'This entry was confirmed on {date}. The next confirmation is due on {due}.',
  'confirm.dueOn': 'Due: {date}',
  'confirm.teamButton': 'Confirm that all details are current',
  'confirm.teamDone': 'Entry confirmed. The next confirmation is due on {date}.',
  'confirm.linkUsed': 'This link has been used already.',
  'confirm.linkExpired': 'This link has expired. Use the link in the latest reminder, or log in to confirm.',
  'confirm.linkUnknown': 'This link is not valid. Please open the link from the reminder exactly as it is.',
  'confirm.teamInactive': 'This team is not asked to confirm at the moment.',

  'admin.freshness.title': 'Yearly confirmation',
  'admin.freshness.lead':
    'How current the entries of active teams are. Teams past their due date get one reminder per stage.',
  'admin.freshness.state': 'State',
  'admin.freshness.count': '{count} of {total, plural, one {# team} other {# teams}} ({percent}%)',
  'admin.freshness.overdue': 'Teams past their due date',
  'admin.freshness.none': 'No team is past its due date.',
  'admin.freshness.due': 'Due',
  'admin.freshness.lastReminder': 'Last reminder',
  'admin.freshness.noReminder': 'none',
  'admin.freshness.sendNow': 'Send now',
  'admin.freshness.sent': 'A reminder has been sent to {team}.',
  'admin.freshness.nextRun': 'Next scheduled run: {date}',
  'keys.mailEncryption': "Encryption of the association's mail",
  'keys.mailEncryptionHint':
    "The association's mail to the team address (yearly confirmation and the like) is encrypted to this team's PGP key, and signed inside when the association has a signing key.",
  'keys.mailEncryptionNeedsVerified':
    'Encryption starts once possession of the current key is verified; until then mail is only signed.',
  'keys.mailEncryptionOn': 'Encrypt mail to the team address',
  'keys.mailEncryptionSave': 'Save',
  'admin.mail.retry': 'Retry',
  'admin.mail.retried': 'Queued for another attempt.',
  'admin.mail.attempts': 'Attempts',
  'admin.mail.nextAttempt': 'Next attempt',
  'admin.mail.lastError': 'Last error',
  'admin.mail.failures': 'Mail that could not be sent: {count}',
  'mailStatus.sending': 'sending',
  'mailStatus.dead': 'given up',
  'reminderStage.before_30': '30 days before',
  'reminderStage.before_7': '7 days before',
  'reminderStage.due': 'on the due date',
  'reminderStage.overdue_14': '14 days over (secretariat and sponsors in copy)',
  'reminderStage.stale': 'shown as unconfirmed',
  'reminderStage.manual': 'sent by the secretariat',
};
