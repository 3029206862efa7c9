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
}

export function freshnessOf(
  team: { confirmedAt: Date | null; confirmationDueAt: Date; createdAt: Date },
  now: Date,
  policy: Config['freshness'],
): Freshness {
  const due = team.confirmationDueAt;
  let state: FreshnessState;
  if (now < addDays(due, -policy.dueSoonDays)) state = 'current';
  else if (now < due) state = 'due';
  else if (now < addDays(due, policy.staleAfterDays)) state = 'overdue';
  else state = 'stale';
  return {
    state,
    confirmedAt: team.confirmedAt,
    dueAt: due,
    unconfirmedSince: state === 'stale' ? (team.confirmedAt ?? team.createdAt) : null,
  };
}

/** The due date that follows a confirmation at `confirmedAt`. */
export function nextDueAt(confirmedAt: Date, policy: Config['freshness']): Date {
  return addDays(confirmedAt, policy.intervalDays);
}
