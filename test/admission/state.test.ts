import {
  APPLICATION_ACTIONS,
  APPLICATION_STATES,
  type ApplicationAction,
  type ApplicationActor,
  type ApplicationState,
  allowedActions,
  isOpen,
  transition,
} from '../../src/admission/state';

/** Every valid transition, written out once more by hand, so a change to the machine shows up in review. */
const VALID: [ApplicationState, ApplicationAction, ApplicationActor, ApplicationState][] = [
  ['draft', 'submit', 'applicant', 'submitted'],
  ['submitted', 'start_screening', 'secretariat', 'screening'],
  ['screening', 'request_info', 'secretariat', 'needs_info'],
  ['needs_info', 'answer_info', 'applicant', 'screening'],
  ['screening', 'open_sponsorship', 'secretariat', 'sponsorship'],
  ['sponsorship', 'object', 'sponsor', 'decision'],
  ['sponsorship', 'close_sponsorship', 'system', 'decision'],
  ['sponsorship', 'close_sponsorship', 'secretariat', 'decision'],
  ['decision', 'approve', 'secretariat', 'approved'],
  ['decision', 'reject', 'secretariat', 'rejected'],
  ...(['draft', 'submitted', 'screening', 'needs_info', 'sponsorship', 'decision'] as const).map(
    (s) =>
      [s, 'withdraw', 'applicant', 'withdrawn'] as [
        ApplicationState,
        ApplicationAction,
        ApplicationActor,
        ApplicationState,
      ],
  ),
];

const ACTORS: ApplicationActor[] = ['applicant', 'secretariat', 'sponsor', 'system'];

describe('admission state machine', () => {
  test.each(VALID)('when %s gets %s by the %s, then it becomes %s', (from, action, actor, to) => {
    expect(transition(from, action, actor)).toEqual({ ok: true, to });
  });

  test('when any other state and action meet, then the transition is invalid (409), whoever asks', () => {
    let checked = 0;
    for (const state of APPLICATION_STATES) {
      for (const action of APPLICATION_ACTIONS) {
        const validFromHere = VALID.some(([s, a]) => s === state && a === action);
        if (validFromHere) continue;
        for (const actor of ACTORS) {
          expect([state, action, actor, transition(state, action, actor)]).toEqual([
            state,
            action,
            actor,
            { ok: false, problem: 'invalid_transition' },
          ]);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(250);
  });

  test('when the transition exists but the wrong actor asks, then it is not allowed (403)', () => {
    for (const [state, action] of VALID) {
      for (const actor of ACTORS) {
        if (VALID.some(([s, a, who]) => s === state && a === action && who === actor)) continue;
        expect(transition(state, action, actor)).toEqual({ ok: false, problem: 'not_allowed' });
      }
    }
  });

  test('when an application is approved, rejected or withdrawn, then nothing moves it any more', () => {
    for (const state of ['approved', 'rejected', 'withdrawn'] as const) {
      expect(isOpen(state)).toBe(false);
      for (const actor of ACTORS) expect(allowedActions(state, actor)).toEqual([]);
    }
  });

  test('when the secretariat looks at an application in screening, then it may ask for information or open sponsorship', () => {
    expect(allowedActions('screening', 'secretariat')).toEqual(['request_info', 'open_sponsorship']);
    expect(allowedActions('sponsorship', 'sponsor')).toEqual(['object']);
    expect(allowedActions('needs_info', 'applicant')).toEqual(['answer_info', 'withdraw']);
  });
});
