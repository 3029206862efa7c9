import type { MessageKey } from './ja';

/** Holds only when every `prefix + code` names a message; otherwise says which do not. */
type Labelled<P extends string, C extends string> = [`${P}${C}`] extends [MessageKey]
  ? unknown
  : { missingLabels: Exclude<`${P}${C}`, MessageKey> };

/**
 * The label key of each code of a closed list (a status, a state, a role): `prefix + code`, checked by the
 * compiler — a code without a message in the catalogue does not compile. Views and mail look labels up in these
 * maps instead of building keys from data.
 */
export function labelsOf<const P extends string, const C extends string>(
  prefix: P,
  codes: readonly C[] & Labelled<P, C>,
): Record<C, MessageKey> {
  return Object.fromEntries(codes.map((code) => [code, `${prefix}${code}`])) as Record<C, MessageKey>;
}
