/**
 * When drills happen. The year is cut into DRILLS_PER_YEAR cycles (UTC); each team gets one drill a cycle, at a
 * moment inside its business hours drawn from the team and the cycle — spread over the cycle, the same on every
 * rerun, and unknown to the team in advance.
 */
import { createHash } from 'node:crypto';
import type { BusinessHours } from '../entry/vocabulary';
import { addBusinessMs, momentInHours, type TeamHours } from './business-time';

export interface Cycle {
  /** `2026/2of2`: the second half of 2026. */
  id: string;
  start: Date;
  end: Date;
}

/** The regular cycle an instant falls in. */
export function cycleAt(now: Date, perYear: number): Cycle {
  const year = now.getUTCFullYear();
  const yearStart = Date.UTC(year, 0, 1);
  const yearEnd = Date.UTC(year + 1, 0, 1);
  const length = (yearEnd - yearStart) / perYear;
  const index = Math.min(perYear - 1, Math.floor((now.getTime() - yearStart) / length));
  return {
    id: `${year}/${index + 1}of${perYear}`,
    start: new Date(yearStart + Math.round(index * length)),
    end: new Date(yearStart + Math.round((index + 1) * length)),
  };
}

/** A number in [0, 1) fixed by the team and the cycle. */
export function drawFor(teamId: string, cycleId: string): number {
  return createHash('sha256').update(`${teamId}|${cycleId}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** What the plan needs of a team. */
export interface PlannedTeam {
  id: string;
  businessHours: BusinessHours | null;
  timeZone: string;
  /** A 24/7 line: the drill's window counts every hour (it is still planned in desk hours). */
  emergencyPhone: string | null;
}

/** The team's desk hours: when a drill is planned, so that it lands while someone is there. */
export const deskHoursOf = (team: Pick<PlannedTeam, 'businessHours' | 'timeZone'>): TeamHours => ({
  hours: team.businessHours,
  timeZone: team.timeZone,
  allDay: false,
});

/**
 * The hours a drill's answer is counted in: the desk hours, or every hour for a team that declares a 24/7 line —
 * it says it answers round the clock, so a night is not a pause in its window.
 */
export const hoursOf = (team: Pick<PlannedTeam, 'businessHours' | 'timeZone' | 'emergencyPhone'>): TeamHours => ({
  ...deskHoursOf(team),
  allDay: team.emergencyPhone !== null,
});

/**
 * The team's drill moment in a cycle: drawn over the open time still ahead (a team planned mid-cycle, as after the
 * feature is switched on, gets a moment in what is left of the cycle).
 */
export function plannedMoment(team: PlannedTeam, cycle: Cycle, now: Date): Date {
  const from = now.getTime() > cycle.start.getTime() ? now : cycle.start;
  return momentInHours(deskHoursOf(team), from, cycle.end, drawFor(team.id, cycle.id));
}

/** The answer window of a drill sent at `sentAt`: late after `windowHours` of open time, failed after twice it. */
export function windowOf(team: PlannedTeam, sentAt: Date, windowHours: number): { lateAt: Date; failAt: Date } {
  const hours = hoursOf(team);
  const ms = windowHours * 60 * 60_000;
  return { lateAt: addBusinessMs(hours, sentAt, ms), failAt: addBusinessMs(hours, sentAt, 2 * ms) };
}
