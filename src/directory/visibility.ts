/**
 * Per-field visibility. Each field has a default level and a ceiling (how far a team may hide it): a PoC exists to
 * be reachable, so email and key can be hidden from the public at most, never from members; identity is always
 * public; internal notes are always secretariat-only.
 */
import type { VisibilityOverrides } from './schema';

export const VISIBILITY_LEVELS = ['public', 'members', 'secretariat'] as const;
export type VisibilityLevel = (typeof VISIBILITY_LEVELS)[number];

const rank: Record<VisibilityLevel, number> = { public: 0, members: 1, secretariat: 2 };

interface FieldRule {
  default: VisibilityLevel;
  /** The most restrictive level a team may choose. Equal to `default` and `min` for fixed fields. */
  max: VisibilityLevel;
  /** The least restrictive level a team may choose. */
  min: VisibilityLevel;
}

const fixedPublic: FieldRule = { default: 'public', min: 'public', max: 'public' };

export const FIELD_RULES = {
  identity: fixedPublic,
  freshness: fixedPublic,
  email: { default: 'public', min: 'public', max: 'members' },
  key: { default: 'public', min: 'public', max: 'members' },
  website: { default: 'public', min: 'public', max: 'secretariat' },
  phone: { default: 'members', min: 'public', max: 'secretariat' },
  emergencyPhone: { default: 'members', min: 'public', max: 'secretariat' },
  businessHours: { default: 'public', min: 'public', max: 'secretariat' },
  languages: { default: 'public', min: 'public', max: 'secretariat' },
  introduction: { default: 'public', min: 'public', max: 'secretariat' },
  constituency: { default: 'public', min: 'public', max: 'secretariat' },
  services: { default: 'public', min: 'public', max: 'secretariat' },
  notes: { default: 'secretariat', min: 'secretariat', max: 'secretariat' },
} as const satisfies Record<string, FieldRule>;

export type VisibilityField = keyof typeof FIELD_RULES;
export const VISIBILITY_FIELDS = Object.keys(FIELD_RULES) as VisibilityField[];
/** Fields a team may set the level of (the others are fixed). */
export const CONFIGURABLE_FIELDS = VISIBILITY_FIELDS.filter((f) => FIELD_RULES[f].min !== FIELD_RULES[f].max);

/** The level in force for one field of one team: its override, clamped to the field's rule, or the default. */
export function levelOf(field: VisibilityField, overrides: VisibilityOverrides): VisibilityLevel {
  const rule: FieldRule = FIELD_RULES[field];
  const chosen = overrides[field];
  if (!chosen || !(chosen in rank)) return rule.default;
  if (rank[chosen] < rank[rule.min]) return rule.min;
  if (rank[chosen] > rank[rule.max]) return rule.max;
  return chosen;
}

/**
 * What a viewer may see. Anonymous callers see public fields; members of any member team also see members-only
 * fields; the secretariat sees everything.
 */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'member'; userId: string; teamIds: string[] }
  | { kind: 'secretariat'; userId: string };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

export function clearance(viewer: Viewer): VisibilityLevel {
  if (viewer.kind === 'secretariat') return 'secretariat';
  if (viewer.kind === 'member') return 'members';
  return 'public';
}

export function canSee(viewer: Viewer, field: VisibilityField, overrides: VisibilityOverrides): boolean {
  return rank[levelOf(field, overrides)] <= rank[clearance(viewer)];
}
