/**
 * The admission state machine (DESIGN "Admission"):
 *
 *   draft → submitted → screening ⇄ needs_info → sponsorship → decision → approved | rejected
 *   and withdrawn from any open state.
 *
 * Pure: given a state, an action and who acts, it answers the next state or why not. The server enforces it
 * (an invalid transition answers 409, a wrong actor 403); services add the checks that need data (email verified,
 * endorsements counted, objection window closed).
 */
export const APPLICATION_STATES = [
  'draft',
  'submitted',
  'screening',
  'needs_info',
  'sponsorship',
  'decision',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/** The states a decided or withdrawn application ends in; every other state is open. */
const CLOSED_STATES: readonly ApplicationState[] = ['approved', 'rejected', 'withdrawn'];

export const OPEN_STATES: readonly ApplicationState[] = APPLICATION_STATES.filter((s) => !CLOSED_STATES.includes(s));

/** Who acts: the applicant (through their token link), the secretariat, a member team's editor, or the scheduler. */
export type ApplicationActor = 'applicant' | 'secretariat' | 'sponsor' | 'system';

export const APPLICATION_ACTIONS = [
  'submit',
  'start_screening',
  'request_info',
  'answer_info',
  'open_sponsorship',
  'object',
  'close_sponsorship',
  'approve',
  'reject',
  'withdraw',
] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

interface Rule {
  from: readonly ApplicationState[];
  to: ApplicationState;
  by: readonly ApplicationActor[];
}

const RULES: Record<ApplicationAction, Rule> = {
  /** Only once the applicant's address is verified (checked by the service). */
  submit: { from: ['draft'], to: 'submitted', by: ['applicant'] },
  start_screening: { from: ['submitted'], to: 'screening', by: ['secretariat'] },
  /** With a message saying what is missing. */
  request_info: { from: ['screening'], to: 'needs_info', by: ['secretariat'] },
  answer_info: { from: ['needs_info'], to: 'screening', by: ['applicant'] },
  open_sponsorship: { from: ['screening'], to: 'sponsorship', by: ['secretariat'] },
  /** Any member team may object, with a reason: the application goes to decision with the objection visible. */
  object: { from: ['sponsorship'], to: 'decision', by: ['sponsor'] },
  /** Enough endorsements and the objection window over (checked by the service). */
  close_sponsorship: { from: ['sponsorship'], to: 'decision', by: ['system', 'secretariat'] },
  approve: { from: ['decision'], to: 'approved', by: ['secretariat'] },
  /** With a reason, mailed to the applicant. */
  reject: { from: ['decision'], to: 'rejected', by: ['secretariat'] },
  withdraw: { from: OPEN_STATES, to: 'withdrawn', by: ['applicant'] },
};

type TransitionResult =
  | { ok: true; to: ApplicationState }
  | { ok: false; problem: 'invalid_transition' | 'not_allowed' };

export function transition(
  state: ApplicationState,
  action: ApplicationAction,
  actor: ApplicationActor,
): TransitionResult {
  const rule = RULES[action];
  if (!rule.from.includes(state)) return { ok: false, problem: 'invalid_transition' };
  if (!rule.by.includes(actor)) return { ok: false, problem: 'not_allowed' };
  return { ok: true, to: rule.to };
}

/** The actions an actor may take in a state: what the page offers as buttons. */
export function allowedActions(state: ApplicationState, actor: ApplicationActor): ApplicationAction[] {
  return APPLICATION_ACTIONS.filter((a) => transition(state, a, actor).ok);
}

export function isOpen(state: ApplicationState): boolean {
  return OPEN_STATES.includes(state);
}
