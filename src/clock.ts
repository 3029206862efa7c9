/**
 * Time is injected: business logic asks the clock, never `new Date()`, so the yearly loop and key expiry can be
 * tested (and run from the CLI) at any instant.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stuck at one instant (tests, `--now`). `set` moves it. */
export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void } {
  let instant = new Date(at);
  return {
    now: () => new Date(instant.getTime()),
    set(next) {
      instant = new Date(next);
    },
  };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone: membership dates and daily records are days. */
export function dayIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
