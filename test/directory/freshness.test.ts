import { addDays } from '../../src/clock';
import { freshnessOf } from '../../src/entry/freshness';

const policy = { intervalDays: 365, dueSoonDays: 30, staleAfterDays: 30 };
const confirmedAt = new Date('2025-11-22T00:00:00Z');
const team = { confirmedAt, confirmationDueAt: addDays(confirmedAt, 365), createdAt: new Date('2020-01-01T00:00:00Z') };

describe('freshness', () => {
  test.each([
    [0, 'current'],
    [334, 'current'],
    [335, 'due'],
    [364, 'due'],
    [365, 'overdue'],
    [394, 'overdue'],
    [395, 'stale'],
    [900, 'stale'],
  ])('when %i days have passed since confirmation, then the entry is %s', (days, state) => {
    expect(freshnessOf(team, addDays(confirmedAt, days), policy).state).toBe(state);
  });

  test('when stale, then it is unconfirmed since the last confirmation', () => {
    const f = freshnessOf(team, addDays(confirmedAt, 400), policy);
    expect(f.unconfirmedSince).toEqual(confirmedAt);
  });

  test('when never confirmed and stale, then it is unconfirmed since the entry was created', () => {
    const f = freshnessOf({ ...team, confirmedAt: null }, addDays(confirmedAt, 400), policy);
    expect(f.unconfirmedSince).toEqual(team.createdAt);
  });

  test('when the policy shortens the grace period, then the entry turns stale sooner', () => {
    expect(freshnessOf(team, addDays(confirmedAt, 376), { ...policy, staleAfterDays: 10 }).state).toBe('stale');
  });

  test.each([
    [0, 335],
    [335, 365],
    [394, 395],
  ])(
    'when %i days have passed, then the state changes next on day %i; once stale, never by the clock',
    (days, next) => {
      expect(freshnessOf(team, addDays(confirmedAt, days), policy).changesAt).toEqual(addDays(confirmedAt, next));
      expect(freshnessOf(team, addDays(confirmedAt, 395), policy).changesAt).toBeNull();
    },
  );
});
