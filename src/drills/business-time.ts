/**
 * Time as a team keeps it: its business hours in its own time zone (or the whole week for a declared 24/7 line).
 * A drill's answer window is counted in these hours, so a drill sent on Friday afternoon is not late on Saturday,
 * and a drill is planned at a moment when someone is at the desk. Zones come from the platform's Intl data (DST
 * included); nothing here reads the process's own zone.
 */
import type { BusinessHours } from '../entry/vocabulary';

/** When a team is at work. */
export interface TeamHours {
  /** Null: none declared — the working week (Mon–Fri 09:00–18:00) is assumed. */
  hours: BusinessHours | null;
  timeZone: string;
  /** A 24/7 line: every hour counts. */
  allDay: boolean;
}

const ASSUMED_HOURS: BusinessHours = { days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' };
const DAY_MS = 24 * 60 * 60_000;
/** How far a walk looks for open time before it gives up (hours with no days left in them). */
const MAX_DAYS = 400;

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormats.set(timeZone, f);
  }
  return f;
}

const HOUR_MS = 60 * 60_000;
const QUARTER_MS = HOUR_MS / 4;
/**
 * Offsets by zone and UTC quarter hour: a plan over 100,000 teams asks for the same few thousand again and again
 * (a map per zone keyed by number, so the hot path builds no strings).
 */
const offsets = new Map<string, Map<number, number>>();

/**
 * The zone's offset from UTC at an instant, in ms (Asia/Tokyo: +9 h). Zones change offset at quarter hours of UTC, so one
 * answer per zone and quarter hour is exact.
 */
function offsetAt(instant: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  const quarter = Math.floor(instant / QUARTER_MS);
  let offset = zone.get(quarter);
  if (offset === undefined) {
    if (zone.size > 200_000) zone.clear();
    offset = measuredOffset(quarter * QUARTER_MS, timeZone);
    zone.set(quarter, offset);
  }
  return offset;
}

function measuredOffset(instant: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const { type, value } of partsFormat(timeZone).formatToParts(new Date(instant))) p[type] = Number(value);
  const asUtc = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - (instant - (instant % 1000));
}

/** The instant a wall-clock time of the zone names (in a DST gap, the moment just after it). */
function instantOf(localAsUtc: number, timeZone: string): number {
  let guess = localAsUtc - offsetAt(localAsUtc, timeZone);
  guess = localAsUtc - offsetAt(guess, timeZone);
  return guess;
}

/** The local calendar day (as a UTC midnight) an instant falls on in the zone. */
function localDay(instant: number, timeZone: string): number {
  const local = instant + offsetAt(instant, timeZone);
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
}

/** Minutes of "HH:MM", remembered: a plan walks months of days, asking for the same few opening times each day. */
const minutesCache = new Map<string, number>();
const minutesOf = (hhmm: string) => {
  let minutes = minutesCache.get(hhmm);
  if (minutes === undefined) {
    const [h, m] = hhmm.split(':').map(Number);
    minutes = (h ?? 0) * 60 + (m ?? 0);
    if (minutesCache.size > 10_000) minutesCache.clear();
    minutesCache.set(hhmm, minutes);
  }
  return minutes;
};

function effectiveHours(team: TeamHours): BusinessHours {
  const h = team.hours;
  return h && h.days.length > 0 && minutesOf(h.close) > minutesOf(h.open) ? h : ASSUMED_HOURS;
}

/** The open intervals [start, end) of one local day (as a UTC midnight), or none when the team is closed that day. */
function dayInterval(team: TeamHours, day: number): [number, number] | null {
  if (team.allDay) return [instantOf(day, team.timeZone), instantOf(day + DAY_MS, team.timeZone)];
  const hours = effectiveHours(team);
  const weekday = new Date(day).getUTCDay();
  if (!hours.days.includes(weekday)) return null;
  const open = instantOf(day + minutesOf(hours.open) * 60_000, team.timeZone);
  const close = instantOf(day + minutesOf(hours.close) * 60_000, team.timeZone);
  return close > open ? [open, close] : null;
}

/** Open time between two instants, in ms. */
export function businessMsBetween(team: TeamHours, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  let total = 0;
  const last = localDay(b, team.timeZone);
  for (let day = localDay(a, team.timeZone) - DAY_MS; day <= last + DAY_MS; day += DAY_MS) {
    const open = dayInterval(team, day);
    if (open) total += Math.max(0, Math.min(open[1], b) - Math.max(open[0], a));
  }
  return total;
}

/** The instant when `ms` of open time have passed since `from` (from itself when ms is 0 and it is open). */
export function addBusinessMs(team: TeamHours, from: Date, ms: number): Date {
  const start = from.getTime();
  let left = Math.max(0, ms);
  let day = localDay(start, team.timeZone) - DAY_MS;
  for (let i = 0; i < MAX_DAYS; i += 1, day += DAY_MS) {
    const open = dayInterval(team, day);
    if (!open || open[1] <= start) continue;
    const begin = Math.max(open[0], start);
    // An end that falls on the closing time is the next opening: what is left is owed when someone is there.
    if (begin + left < open[1]) return new Date(begin + left);
    left -= open[1] - begin;
  }
  // Unreachable for hours with at least one open day a week; the wall clock stands in.
  return new Date(start + ms);
}

/** Whether the team is at work at the instant. */
export function isOpenAt(team: TeamHours, at: Date): boolean {
  const open = dayInterval(team, localDay(at.getTime(), team.timeZone));
  return open !== null && at.getTime() >= open[0] && at.getTime() < open[1];
}

/**
 * A moment in open time between two instants: `fraction` (0 ≤ f < 1) of the way through the open time there is.
 * A fraction drawn once per team and cycle gives each team its own moment, the same on every rerun.
 */
export function momentInHours(team: TeamHours, from: Date, to: Date, fraction: number): Date {
  const open = businessMsBetween(team, from, to);
  if (open === 0) return from;
  const at = addBusinessMs(team, from, Math.floor(Math.min(Math.max(fraction, 0), 0.999_999) * open));
  return at.getTime() < to.getTime() ? at : from;
}
