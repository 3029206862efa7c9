/**
 * The one place that turns a stored team into what a caller sees. Pages, the JSON API and the exports all go
 * through presentTeam, so per-field visibility cannot be forgotten on one path.
 */

import { clearance, type Viewer } from '../accounts/viewer';
import type { Config } from '../config';
import { displayDomain } from '../constituency/parse';
import type { ClaimSummary } from '../constituency/queries';
import { CLAIM_KIND_RULES, type ClaimKind } from '../constituency/vocabulary';
import type { DrillResult } from '../drills/results';
import {
  ENTRY_FIELDS,
  type EntryFieldName,
  type EntryFields,
  type EntryValues,
  FIELD_LIST,
  viewPathOf,
} from '../entry/fields';
import type { EntryFieldSpec } from '../entry/fields/kinds';
import { freshnessOf } from '../entry/freshness';
import type { TeamSummaryRow } from '../entry/queries';
import type { Horizon } from '../entry/read-cache';
import type { TeamRow } from '../entry/schema';
import { canSee, canSeeKey, VISIBILITY_FIELDS, type VisibilityField } from '../entry/visibility';
import { type KeySummary, presentKey } from '../keys/presenter';
import type { ServedKeys } from '../keys/service';

type Fields = EntryFields;
type Always<K> = K extends EntryFieldName ? (Fields[K]['visibility'] extends 'identity' ? K : never) : never;
type ViewAtOf<F> = F extends EntryFieldSpec<infer _C, infer _V, infer _I, infer _R, infer A> ? A : never;
type Grouped<K> = K extends EntryFieldName
  ? ViewAtOf<Fields[K]> extends readonly [string, string]
    ? K
    : never
  : never;
type Own = Exclude<EntryFieldName, Grouped<EntryFieldName>>;
type GroupOf<K> = K extends EntryFieldName
  ? ViewAtOf<Fields[K]> extends readonly [infer G, string]
    ? G
    : never
  : never;
type PropOf<K> = K extends EntryFieldName
  ? ViewAtOf<Fields[K]> extends readonly [string, infer P]
    ? P
    : never
  : never;
type GroupView<G> = {
  [K in Grouped<EntryFieldName> as GroupOf<K> extends G ? PropOf<K> & string : never]: EntryValues[K];
};

/**
 * A team as one caller may see it, derived from the registry: fields under the always-public identity rule are
 * always there, every other field only when the caller's clearance covers its rule.
 */
export type TeamView = { [K in Always<Own>]: EntryValues[K] } & {
  [K in Exclude<Own, Always<Own>>]?: EntryValues[K];
} & { [G in Exclude<GroupOf<Grouped<EntryFieldName>> & string, 'constituency'>]?: GroupView<G> } & {
  /**
   * The entry's constituency fields and its network objects (constituency/): each under its own rule, so any of
   * them may be absent while the others are there.
   */
  constituency?: Partial<GroupView<'constituency'>> & ConstituencyObjects;
} & {
  slug: string;
  freshness: { state: string; confirmedAt: string | null; dueAt: string; unconfirmedSince: string | null };
  key?: KeySummary | null;
  nextKey?: KeySummary | null;
  /** Team page only: keys retired by rotation, with their dates. */
  retiredKeys?: KeySummary[];
  /** Members: the last reachability drill's result (drills/). */
  reachability?: DrillResult;
  url: string;
};

/** One claimed object as readers see it; a domain also in U-labels when it has any. */
export interface ClaimView {
  value: string;
  unicode?: string;
  verified: boolean;
}

export type ConstituencyObjects = { [K in ClaimKind as (typeof CLAIM_KIND_RULES)[K]['viewProp']]?: ClaimView[] };

export interface PresentOptions {
  viewer: Viewer;
  now: Date;
  config: Pick<Config, 'freshness' | 'publicUrl'>;
  /** A cached answer's: told when a state shown here changes by the clock (freshness, key expiry). */
  horizon?: Horizon;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A team's visible claims as the `constituency` group's lists, by kind (each kind only when its rule allows). */
function presentClaims(claims: readonly ClaimSummary[], see: (field: VisibilityField) => boolean) {
  const out: Record<string, ClaimView[]> = {};
  for (const [kind, spec] of Object.entries(CLAIM_KIND_RULES) as [ClaimKind, (typeof CLAIM_KIND_RULES)[ClaimKind]][]) {
    if (!see(spec.rule)) continue;
    out[spec.viewProp] = claims
      .filter((c) => c.kind === kind)
      .map((c) => {
        const unicode = kind === 'domain' ? displayDomain(c.value) : c.value;
        return unicode !== c.value
          ? { value: c.value, unicode, verified: c.verified }
          : { value: c.value, verified: c.verified };
      });
  }
  return out;
}

/** What the directory shows beside the entry, each under its own rule: claimed objects, the last drill result. */
export interface TeamExtras {
  claims?: readonly ClaimSummary[];
  drill?: DrillResult;
}

export function presentTeam(
  team: TeamRow,
  keys: ServedKeys | undefined,
  opts: PresentOptions,
  extras: TeamExtras = {},
): TeamView {
  const level = clearance(opts.viewer);
  const see = (field: VisibilityField) => canSee(level, field, team.visibility);
  const freshness = freshnessOf(team, opts.now, opts.config.freshness);
  opts.horizon?.until(freshness.changesAt);
  const view: Record<string, unknown> = { slug: team.slug };
  for (const [name, field] of FIELD_LIST) {
    if (!see(field.visibility)) continue;
    const path = viewPathOf(name);
    const value = field.read(team);
    if (path.length === 1) view[name] = value;
    else view[path[0]] = { ...(view[path[0]] as object | undefined), [path[1]]: value };
  }
  const objects = presentClaims(extras.claims ?? [], see);
  if (Object.keys(objects).length > 0) view.constituency = { ...(view.constituency as object | undefined), ...objects };
  view.freshness = {
    state: freshness.state,
    confirmedAt: iso(freshness.confirmedAt),
    dueAt: freshness.dueAt.toISOString(),
    unconfirmedSince: iso(freshness.unconfirmedSince),
  };
  if (extras.drill && see('reachability')) view.reachability = extras.drill;
  view.url = `${opts.config.publicUrl}/teams/${team.slug}`;
  // A key is shown only where its user IDs would not reveal an address the viewer may not see (canSeeKey).
  if (keyShown(team, keys, opts.viewer)) {
    view.key = keys?.current ? presentKey(keys.current, opts.now, opts.horizon) : null;
    if (keys?.next && canSeeKey(level, team, keys.next)) {
      view.nextKey = presentKey(keys.next, opts.now, opts.horizon);
    }
  }
  return view as TeamView;
}

function keyShown(
  team: Pick<TeamRow, 'visibility' | 'email'>,
  keys: { current: { emails: readonly string[] } | null } | undefined,
  viewer: Viewer,
): boolean {
  if (!canSee(clearance(viewer), 'key', team.visibility)) return false;
  return !keys?.current || canSeeKey(clearance(viewer), team, keys.current);
}

/** A team as a lookup answer names it: under the same rules as presentTeam, for a few fields only. */
export interface TeamSummary {
  slug: string;
  shortName: string;
  officialName: TeamView['officialName'];
  email?: string;
  key?: { fingerprint: string } | null;
  freshness: TeamView['freshness'];
  url: string;
}

export function presentSummary(
  team: TeamSummaryRow,
  currentKey: { fingerprint: string; emails: readonly string[] } | null,
  opts: PresentOptions,
): TeamSummary {
  const level = clearance(opts.viewer);
  const row = team as TeamRow; // the fields read below need no other column
  const freshness = freshnessOf(team, opts.now, opts.config.freshness);
  opts.horizon?.until(freshness.changesAt);
  const summary: TeamSummary = {
    slug: team.slug,
    shortName: ENTRY_FIELDS.shortName.read(row),
    officialName: ENTRY_FIELDS.officialName.read(row),
    freshness: {
      state: freshness.state,
      confirmedAt: iso(freshness.confirmedAt),
      dueAt: freshness.dueAt.toISOString(),
      unconfirmedSince: iso(freshness.unconfirmedSince),
    },
    url: `${opts.config.publicUrl}/teams/${team.slug}`,
  };
  if (canSee(level, ENTRY_FIELDS.email.visibility, team.visibility)) summary.email = ENTRY_FIELDS.email.read(row);
  if (keyShown(team, { current: currentKey }, opts.viewer)) {
    summary.key = currentKey ? { fingerprint: currentKey.fingerprint } : null;
  }
  return summary;
}

/** Rules this viewer is not cleared for on this team, so a page can say "not public" instead of showing nothing. */
export function hiddenFields(team: TeamRow, viewer: Viewer, keys?: ServedKeys): VisibilityField[] {
  const hidden = VISIBILITY_FIELDS.filter((f) => f !== 'key' && !canSee(clearance(viewer), f, team.visibility));
  return keyShown(team, keys, viewer) ? hidden : [...hidden, 'key'];
}
