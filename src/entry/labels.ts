/** The label of each code of the directory's closed lists, for views (`t(labels.region[team.region])`). */
import { labelsOf } from '../i18n/labels';
import { FRESHNESS_STATES } from './freshness';
import { CONSTITUENCY_TYPES, INDUSTRIES, REGIONS, SERVICE_AREAS, TEAM_STATUSES, VISIBILITY_LEVELS } from './vocabulary';

export const DIRECTORY_LABELS = {
  teamStatus: labelsOf('status.', TEAM_STATUSES),
  freshness: labelsOf('freshness.', FRESHNESS_STATES),
  region: labelsOf('region.', REGIONS),
  industry: labelsOf('industry.', INDUSTRIES),
  constituency: labelsOf('constituency.', CONSTITUENCY_TYPES),
  service: labelsOf('service.', SERVICE_AREAS),
  visibility: labelsOf('visibility.', VISIBILITY_LEVELS),
  weekday: labelsOf('weekday.', ['0', '1', '2', '3', '4', '5', '6']),
};
