/** The states of a drill, and what moves it (run.ts, answer.ts). */
export const DRILL_STATES = [
  /** Planned for a moment inside the team's hours; not sent yet. */
  'planned',
  /** Sent; the answer window is open. */
  'sent',
  /** The window closed unanswered; the team's editors were told. */
  'late',
  /** Twice the window passed unanswered; the secretariat was told. */
  'failed',
  /** The code came back (possibly late: answeredLate). */
  'answered',
  /** It could not be sent: the team had no verified key to encrypt to. */
  'no_key',
] as const;
export type DrillState = (typeof DRILL_STATES)[number];

/** States in which an answer is still taken (a late or failed drill still records when the team answered). */
export const ANSWERABLE_STATES = ['sent', 'late', 'failed'] as const satisfies readonly DrillState[];

/** How a drill was answered: the link in the mail, or an editor who entered the code on the team's page. */
export const ANSWER_CHANNELS = ['link', 'editor'] as const;
export type AnswerChannel = (typeof ANSWER_CHANNELS)[number];

/**
 * How long a drill's code is taken after sending: a late answer, even after the drill failed, still records when it
 * came; after this the drill is closed and the page says so.
 */
export const DRILL_CODE_TTL_MS = 30 * 24 * 60 * 60_000;
