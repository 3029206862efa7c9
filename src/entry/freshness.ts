/**
 * Freshness is derived from two stored instants and the clock, never stored as a state that could drift:
 *   current  … more than `dueSoonDays` before the due date
 *   due      … within `dueSoonDays` before it
 *   overdue  … past due, for less than `staleAfterDays`
 *   stale    … `staleAfterDays` or more past due: shown everywhere as "unconfirmed since <last confirmation>"
 */
import { addDays } from '../clock';
import type { Config } from '../config';

export const FRESHNESS_STATES = ['current', 'due', 'overdue', 'stale'] as const;
export type FreshnessState = (typeof FRESHNESS_STATES)[number];

export interface Freshness {
  state: FreshnessState;
  confirmedAt: Date | null;
  dueAt: Date;
  /** For stale entries: since when the data is unconfirmed (the last confirmation, or the entry's creation). */
  unconfirmedSince: Date | null;
  /**
   * When the state changes next by the clock alone (null once stale): how long a cached answer showing it holds
   * (entry/read-cache.ts Horizon). Not shown itself.
   */
  changesAt: Date | null;
}

export function freshnessOf(
  team: { confirmedAt: Date | null; confirmationDueAt: Date; createdAt: Date },
  now: Date,
  policy: Config['freshness'],
): Freshness {
  const due = team.confirmationDueAt;
  const dueSoon = addDays(due, -policy.dueSoonDays);
  const staleFrom = addDays(due, policy.staleAfterDays);
  let state: FreshnessState;
  let changesAt: Date | null;
  if (now < dueSoon) [state, changesAt] = ['current', dueSoon];
  else if (now < due) [state, changesAt] = ['due', due];
  else if (now < staleFrom) [state, changesAt] = ['overdue', staleFrom];
  else [state, changesAt] = ['stale', null];
  return {
    state,
    confirmedAt: team.confirmedAt,
    dueAt: due,
    unconfirmedSince: state === 'stale' ? (team.confirmedAt ?? team.createdAt) : null,
    changesAt,
  };
}

/** The due date that follows a confirmation at `confirmedAt`. */
export function nextDueAt(confirmedAt: Date, policy: Config['freshness']): Date {
  return addDays(confirmedAt, policy.intervalDays);
}
