/**
 * The one place that turns a stored team into what a caller sees. Pages, the JSON API and the exports all go
 * through presentTeam, so per-field visibility cannot be forgotten on one path.
 */
import type { Config } from '../config';
import { type KeySummary, presentKey } from '../keys/presenter';
import type { ServedKeys } from '../keys/service';
import { freshnessOf } from './freshness';
import type { TeamRow } from './schema';
import { canSee, canSeeKey, type Viewer, type VisibilityField } from './visibility';
import type { Bilingual } from './vocabulary';

export interface TeamView {
  slug: string;
  shortName: string;
  officialName: Bilingual;
  organization: Bilingual;
  foundedOn: string | null;
  memberSince: string;
  status: TeamRow['status'];
  country: string;
  region: string | null;
  industry: string | null;
  email?: string;
  website?: string | null;
  phone?: string | null;
  emergencyPhone?: string | null;
  businessHours?: TeamRow['businessHours'];
  timeZone?: string;
  languages?: string[];
  introduction?: { overview: Bilingual; background: Bilingual; activities: Bilingual };
  constituency?: { types: string[]; description: Bilingual };
  services?: string[];
  notes?: string | null;
  freshness: { state: string; confirmedAt: string | null; dueAt: string; unconfirmedSince: string | null };
  key?: KeySummary | null;
  nextKey?: KeySummary | null;
  /** Team page only: keys retired by rotation, with their dates. */
  retiredKeys?: KeySummary[];
  url: string;
}

export interface PresentOptions {
  viewer: Viewer;
  now: Date;
  config: Pick<Config, 'freshness' | 'publicUrl'>;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentTeam(team: TeamRow, keys: ServedKeys | undefined, opts: PresentOptions): TeamView {
  const see = (field: VisibilityField) => canSee(opts.viewer, field, team.visibility);
  const freshness = freshnessOf(team, opts.now, opts.config.freshness);
  const view: TeamView = {
    slug: team.slug,
    shortName: team.shortName,
    officialName: { ja: team.officialNameJa, en: team.officialNameEn },
    organization: { ja: team.organizationJa, en: team.organizationEn },
    foundedOn: team.foundedOn,
    memberSince: team.memberSince,
    status: team.status,
    country: team.country,
    region: team.region,
    industry: team.industry,
    freshness: {
      state: freshness.state,
      confirmedAt: iso(freshness.confirmedAt),
      dueAt: freshness.dueAt.toISOString(),
      unconfirmedSince: iso(freshness.unconfirmedSince),
    },
    url: `${opts.config.publicUrl}/teams/${team.slug}`,
  };
  if (see('email')) view.email = team.email;
  if (see('website')) view.website = team.website;
  if (see('phone')) view.phone = team.phone;
  if (see('emergencyPhone')) view.emergencyPhone = team.emergencyPhone;
  if (see('businessHours')) {
    view.businessHours = team.businessHours;
    view.timeZone = team.timeZone;
  }
  if (see('languages')) view.languages = team.languages;
  if (see('introduction')) {
    view.introduction = {
      overview: { ja: team.introOverviewJa, en: team.introOverviewEn },
      background: { ja: team.introBackgroundJa, en: team.introBackgroundEn },
      activities: { ja: team.introActivitiesJa, en: team.introActivitiesEn },
    };
  }
  if (see('constituency')) {
    view.constituency = {
      types: team.constituencyTypes,
      description: { ja: team.constituencyDescriptionJa, en: team.constituencyDescriptionEn },
    };
  }
  if (see('services')) view.services = team.services;
  if (see('notes')) view.notes = team.notes;
  // A key is shown only where its user IDs would not reveal an address the viewer may not see (canSeeKey).
  if (keyShown(team, keys, opts.viewer)) {
    view.key = keys?.current ? presentKey(keys.current, opts.now) : null;
    if (keys?.next && canSeeKey(opts.viewer, team, keys.next)) view.nextKey = presentKey(keys.next, opts.now);
  }
  return view;
}

function keyShown(team: TeamRow, keys: ServedKeys | undefined, viewer: Viewer): boolean {
  if (!canSee(viewer, 'key', team.visibility)) return false;
  return !keys?.current || canSeeKey(viewer, team, keys.current);
}

/** Fields this viewer does not see for this team, so a page can say "members only" instead of showing nothing. */
export function hiddenFields(team: TeamRow, viewer: Viewer, keys?: ServedKeys): VisibilityField[] {
  const fields: VisibilityField[] = ['email', 'website', 'phone', 'emergencyPhone', 'businessHours'];
  const hidden = fields.filter((f) => !canSee(viewer, f, team.visibility));
  return keyShown(team, keys, viewer) ? hidden : [...hidden, 'key'];
}
