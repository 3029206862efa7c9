/** Labels of the import's closed lists, for views (`t(labels.importStatus[row.status])`). */
import { labelsOf } from '../i18n/labels';
import { ROW_STATUSES } from './preview';

export const IMPORT_LABELS = {
  importStatus: labelsOf('import.status.', ROW_STATUSES),
  importMatchedBy: labelsOf('import.matchedBy.', ['shortName', 'email'] as const),
};
