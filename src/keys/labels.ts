/** The label of each role a team's key can have, for views. */
import { labelsOf } from '../i18n/labels';
import { KEY_ROLES } from './schema';

export const KEY_LABELS = { keyRole: labelsOf('keys.role.', KEY_ROLES) };
