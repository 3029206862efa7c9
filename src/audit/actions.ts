/**
 * Every action the audit log can record: record() takes only these, so a new kind of entry cannot be written
 * without being listed here, and the admin screens (and a test) find a label for each in both catalogues
 * (`audit.action.<name>`). Admission's moves are listed by name: this folder sits below admission and cannot
 * import its state machine, so `application.${action}` is checked against this list by the type checker instead.
 */
export const AUDIT_ACTIONS = [
  'access.denied',
  'login.succeeded',
  'login.failed',
  'login.second_factor_failed',
  'password.changed',
  'password.reset',
  'password.reset_requested',
  'two_factor.enabled',
  'two_factor.disabled',
  'two_factor.recovery_code_used',
  'two_factor.recovery_codes_replaced',
  'api_token.created',
  'api_token.revoked',
  'user.invited',
  'invitation.accepted',
  'user.removed_from_team',
  'user.erased',
  'team.created',
  'team.imported',
  'import.committed',
  'team.edited',
  'team.confirmed',
  'team.suspended',
  'team.reactivated',
  'team.mail_encryption_on',
  'team.mail_encryption_off',
  'constituency.added',
  'constituency.removed',
  'constituency.verified',
  'constituency.unverified',
  // Kept for entries written before keys waited for their possession proof.
  'key.added',
  'key.uploaded',
  'key.discarded',
  'key.revoked',
  'key.possession_verified',
  'key.retired',
  'key.rotated_on_expiry',
  'reminder.sent_now',
  'drill.campaign_started',
  'mail.retry',
  'announcement.sent',
  'announcement.discarded',
  'announcement.retried',
  'application.created',
  'application.submit',
  'application.start_screening',
  'application.request_info',
  'application.answer_info',
  'application.open_sponsorship',
  'application.object',
  'application.close_sponsorship',
  'application.approve',
  'application.reject',
  'application.withdraw',
  'application.screening_notes',
  'application.renamed',
  'application.endorse',
  'application.erased',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}
