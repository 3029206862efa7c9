/** The label of each state of an outgoing mail, for the secretariat's mail pages. */
import { labelsOf } from '../i18n/labels';
import { OUTBOX_STATUSES } from './schema';

export const MAIL_LABELS = { mailStatus: labelsOf('mailStatus.', OUTBOX_STATUSES) };
