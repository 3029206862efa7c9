/** Labels of the announcements' closed lists, for views and mail (`t(labels.tlpMeaning[tlp])`). */
import { labelsOf } from '../i18n/labels';
import { ANNOUNCEMENT_STATES, RECIPIENT_ROUTES } from './schema';
import { TLP_LEVELS } from './tlp';

/** How one team's message stands in the delivery report (report.ts reads it off the outbox). */
export const DELIVERY_STATES = ['not_reached', 'dead', 'failed', 'queued', 'captured', 'sent'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const ANNOUNCEMENT_LABELS = {
  tlpMeaning: labelsOf('tlp.meaning.', TLP_LEVELS),
  announcementState: labelsOf('announcement.state.', ANNOUNCEMENT_STATES),
  recipientRoute: labelsOf('announcement.route.', RECIPIENT_ROUTES),
  deliveryState: labelsOf('announcement.delivery.', DELIVERY_STATES),
};
