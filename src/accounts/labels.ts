/** The label of each role a user can hold, for views. */
import { labelsOf } from '../i18n/labels';
import { MEMBERSHIP_ROLES } from './schema';

export const ACCOUNT_LABELS = {
  role: labelsOf('account.role.', ['secretariat', ...MEMBERSHIP_ROLES]),
};
