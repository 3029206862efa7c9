/**
 * Business-time arithmetic in the team's own zone: a window counted in open hours skips nights and weekends, follows
 * the team's zone (DST included), and a 24/7 line counts every hour.
 */
import {
  addBusinessMs,
  businessMsBetween,
  isOpenAt,
  momentInHours,
  type TeamHours,
} from '../../src/drills/business-time';

const HOUR = 60 * 60_000;
const tokyo: TeamHours = {
  hours: { days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' },
  timeZone: 'Asia/Tokyo',
  allDay: false,
};
const at = (iso: string) => new Date(iso);

describe('business time', () => {
  test('when a window starts on Friday afternoon, then it runs on into Monday, not through the weekend', () => {
    // Friday 27 Nov 2026 15:00 JST = 06:00Z; 24 business hours: 3 h on Friday, 9 h Monday, 9 h Tuesday, 3 h Wednesday.
    const sent = at('2026-11-27T06:00:00Z');
    expect(addBusinessMs(tokyo, sent, 24 * HOUR).toISOString()).toBe('2026-12-02T03:00:00.000Z');
    expect(businessMsBetween(tokyo, sent, at('2026-11-28T06:00:00Z'))).toBe(3 * HOUR); // Saturday 15:00
    expect(businessMsBetween(tokyo, sent, at('2026-11-30T01:00:00Z'))).toBe(4 * HOUR); // Monday 10:00
  });

  test('when a drill is sent outside hours, then the clock starts at the next opening', () => {
    // Saturday 10:00 JST → Monday 09:00 + 2 h.
    expect(addBusinessMs(tokyo, at('2026-11-28T01:00:00Z'), 2 * HOUR).toISOString()).toBe('2026-11-30T02:00:00.000Z');
    expect(isOpenAt(tokyo, at('2026-11-28T01:00:00Z'))).toBe(false);
    expect(isOpenAt(tokyo, at('2026-11-30T00:00:00Z'))).toBe(true);
    expect(isOpenAt(tokyo, at('2026-11-30T09:00:00Z'))).toBe(false); // 18:00 closes
  });

  test('when the team keeps its hours in another zone, then they are its own local hours, across a DST change', () => {
    const berlin: TeamHours = {
      hours: { days: [1, 2, 3, 4, 5], open: '08:00', close: '16:00' },
      timeZone: 'Europe/Berlin',
      allDay: false,
    };
    // Friday 23 Oct 2026 08:00 CEST = 06:00Z; Monday 26 Oct (after the change to CET) 08:00 = 07:00Z.
    expect(isOpenAt(berlin, at('2026-10-23T06:00:00Z'))).toBe(true);
    expect(isOpenAt(berlin, at('2026-10-26T06:30:00Z'))).toBe(false);
    expect(addBusinessMs(berlin, at('2026-10-23T06:00:00Z'), 9 * HOUR).toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  test('when a team has a 24/7 line, then every hour counts, weekends too', () => {
    const allDay = { ...tokyo, allDay: true };
    expect(addBusinessMs(allDay, at('2026-11-27T06:00:00Z'), 24 * HOUR).toISOString()).toBe('2026-11-28T06:00:00.000Z');
    expect(businessMsBetween(allDay, at('2026-11-28T00:00:00Z'), at('2026-11-29T00:00:00Z'))).toBe(24 * HOUR);
  });

  test('when a team declares no hours, then the working week is assumed', () => {
    const none: TeamHours = { hours: null, timeZone: 'Asia/Tokyo', allDay: false };
    expect(businessMsBetween(none, at('2026-11-30T00:00:00Z'), at('2026-12-07T00:00:00Z'))).toBe(45 * HOUR);
  });

  test('when a moment is drawn in a span, then it falls inside the team’s hours, spread across the span', () => {
    const from = at('2026-11-01T00:00:00Z');
    const to = at('2027-05-01T00:00:00Z');
    const moments = Array.from({ length: 200 }, (_, i) => momentInHours(tokyo, from, to, i / 200));
    for (const m of moments) expect([m.toISOString(), isOpenAt(tokyo, m)]).toEqual([m.toISOString(), true]);
    expect(moments[0].toISOString()).toBe('2026-11-02T00:00:00.000Z'); // the first Monday, 09:00 JST
    expect(moments[199].getTime()).toBeLessThan(to.getTime());
    expect(new Set(moments.map((m) => m.toISOString().slice(0, 7))).size).toBe(6);
  });
});
