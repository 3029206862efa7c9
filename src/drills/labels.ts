/** Labels of the drills' closed lists, for views (`t(labels.campaignColumn[c])`). */
import { labelsOf } from '../i18n/labels';
import { CAMPAIGN_COLUMNS } from './campaigns';

export const DRILL_LABELS = { campaignColumn: labelsOf('drill.column.', CAMPAIGN_COLUMNS) };
