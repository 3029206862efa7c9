/**
 * The visibility rules of a team entry: each rule has a default level and the range a team may choose in. A PoC
 * exists to be reachable, so email and key can be hidden from the public at most, never from members; identity is
 * always public; internal notes are always secretariat-only. Every field of the registry (fields.ts) names the
 * rule it follows; several fields may follow one rule (the business hours and their time zone).
 */
import type { MessageKey } from '../i18n';
import { VISIBILITY_LEVELS, type VisibilityLevel } from './vocabulary';

export interface FieldRule {
  default: VisibilityLevel;
  /** The least restrictive level a team may choose. */
  min: VisibilityLevel;
  /** The most restrictive level a team may choose. Equal to `default` and `min` for fixed rules. */
  max: VisibilityLevel;
  /** What the rule governs, as the edit page and the change history name it. */
  label: MessageKey;
}

const fixedPublic = { default: 'public', min: 'public', max: 'public' } as const;
const hideable = { min: 'public', max: 'secretariat' } as const;

export const VISIBILITY_RULES = {
  identity: { ...fixedPublic, label: 'field.identity' },
  freshness: { ...fixedPublic, label: 'field.freshness' },
  email: { default: 'public', min: 'public', max: 'members', label: 'team.email' },
  key: { default: 'public', min: 'public', max: 'members', label: 'team.key' },
  website: { default: 'public', ...hideable, label: 'team.website' },
  phone: { default: 'members', ...hideable, label: 'team.phone' },
  emergencyPhone: { default: 'members', ...hideable, label: 'team.emergencyPhone' },
  businessHours: { default: 'public', ...hideable, label: 'team.businessHours' },
  languages: { default: 'public', ...hideable, label: 'team.languages' },
  introduction: { default: 'public', ...hideable, label: 'team.introduction' },
  constituency: { default: 'public', ...hideable, label: 'team.constituency' },
  services: { default: 'public', ...hideable, label: 'team.services' },
  // Constituency objects (constituency/): public by default, because routing a report needs them.
  domains: { default: 'public', ...hideable, label: 'team.domains' },
  prefixes: { default: 'public', ...hideable, label: 'team.prefixes' },
  asns: { default: 'public', ...hideable, label: 'team.asns' },
  // The last reachability drill (drills/): members see it, a failure included; a team cannot hide it.
  reachability: { default: 'members', min: 'members', max: 'members', label: 'field.reachability' },
  notes: { default: 'secretariat', min: 'secretariat', max: 'secretariat', label: 'field.notes' },
} as const satisfies Record<string, FieldRule>;

export type VisibilityRuleName = keyof typeof VISIBILITY_RULES;

const rank: Record<VisibilityLevel, number> = { public: 0, members: 1, secretariat: 2 };

/** Whether a level is as open as or more open than another ("public" is at most "members"). */
export function atMost(level: VisibilityLevel, than: VisibilityLevel): boolean {
  return rank[level] <= rank[than];
}

/** The levels a team may choose under a rule, from the most open. */
export function levelsOf(rule: FieldRule): VisibilityLevel[] {
  return VISIBILITY_LEVELS.filter((l) => atMost(rule.min, l) && atMost(l, rule.max));
}
