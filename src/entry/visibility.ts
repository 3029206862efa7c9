/**
 * Per-field visibility: the one implementation of who sees what. The rules (default level, the range a team may
 * choose) are declared in visibility-rules.ts and named by each field of the registry; the presenter, search and
 * filters, exports and keys all decide through levelOf, covers and visibleSqlText below.
 */
import { atMost, type FieldRule, levelsOf, VISIBILITY_RULES, type VisibilityRuleName } from './visibility-rules';
import { VISIBILITY_LEVELS, type VisibilityLevel, type VisibilityOverrides } from './vocabulary';

export { VISIBILITY_LEVELS, type VisibilityLevel };

export const FIELD_RULES = VISIBILITY_RULES;
export type VisibilityField = VisibilityRuleName;
export const VISIBILITY_FIELDS = Object.keys(FIELD_RULES) as VisibilityField[];
/** Fields a team may set the level of (the others are fixed). */
export const CONFIGURABLE_FIELDS = VISIBILITY_FIELDS.filter((f) => FIELD_RULES[f].min !== FIELD_RULES[f].max);

/** The levels a team may choose for a field (between its rule's least and most restrictive). */
export function levelsFor(field: VisibilityField): VisibilityLevel[] {
  return levelsOf(FIELD_RULES[field]);
}

/** The level in force for one field of one team: its override, clamped to the field's rule, or the default. */
export function levelOf(field: VisibilityField, overrides: VisibilityOverrides): VisibilityLevel {
  const rule: FieldRule = FIELD_RULES[field];
  const chosen = overrides[field];
  if (!chosen || !(VISIBILITY_LEVELS as readonly string[]).includes(chosen)) return rule.default;
  if (!atMost(rule.min, chosen)) return rule.min;
  if (!atMost(chosen, rule.max)) return rule.max;
  return chosen;
}

/** Whether a caller of this clearance (accounts/viewer.ts) sees the field on a team with these choices. */
export function canSee(
  clearanceLevel: VisibilityLevel,
  field: VisibilityField,
  overrides: VisibilityOverrides,
): boolean {
  return covers(clearanceLevel, levelOf(field, overrides));
}

export function covers(clearanceLevel: VisibilityLevel, level: VisibilityLevel): boolean {
  return atMost(level, clearanceLevel);
}

/**
 * The same decision as `levelOf` + `covers`, as SQL over a row's visibility column, for search and filters: true
 * exactly when a caller of this clearance may see the field. Derived from levelOf itself (each possible stored
 * value is judged by it), so the query and the presenter cannot disagree. Field names are code constants: the
 * text is built raw, which lets generated columns use it too.
 */
export function visibleSqlText(field: VisibilityField, clearanceLevel: VisibilityLevel, column = 'visibility'): string {
  const shown = VISIBILITY_LEVELS.filter((chosen) => covers(clearanceLevel, levelOf(field, { [field]: chosen })));
  const hidden = VISIBILITY_LEVELS.filter((l) => !shown.includes(l));
  // Anything else stored (nothing, or a value that is not a level) means the default.
  const byDefault = covers(clearanceLevel, levelOf(field, {}));
  const stored = `(${column} ->> '${field}')`;
  const list = (levels: readonly string[]) => levels.map((l) => `'${l}'`).join(', ');
  if (byDefault) return hidden.length === 0 ? 'true' : `(${stored} is null or ${stored} not in (${list(hidden)}))`;
  return shown.length === 0 ? 'false' : `(${stored} is not null and ${stored} in (${list(shown)}))`;
}

/**
 * A key's user IDs carry addresses: a key whose user IDs hold the team's address would publish that address to
 * whoever may see the key. So such a key is never more visible than the address (the edit page says so).
 */
export function keyLevelOf(overrides: VisibilityOverrides, teamEmail: string, keyEmails: readonly string[]) {
  const key = levelOf('key', overrides);
  const email = levelOf('email', overrides);
  const holdsAddress = keyEmails.some((e) => e.toLowerCase() === teamEmail.toLowerCase());
  return holdsAddress && !atMost(email, key) ? email : key;
}

export function canSeeKey(
  clearanceLevel: VisibilityLevel,
  team: { visibility: VisibilityOverrides; email: string },
  key: { emails: readonly string[] },
): boolean {
  return covers(clearanceLevel, keyLevelOf(team.visibility, team.email, key.emails));
}

/** Whether the address rule makes a team's key less visible than the team chose (the edit page tells why). */
export function keyHeldBackByAddress(
  team: { visibility: VisibilityOverrides; email: string },
  key: { emails: readonly string[] },
): boolean {
  return keyLevelOf(team.visibility, team.email, key.emails) !== levelOf('key', team.visibility);
}
