/**
 * The stages of the yearly loop and of the key watch (DESIGN "Yearly re-confirmation"), as offsets from the due
 * date or the key's expiry. Pure: which stage a team has reached at an instant. A run sends the latest stage
 * reached and only if neither it nor a later stage of the same cycle was sent, so a team found several stages late
 * gets one mail, the latest.
 */
import { DAY_MS } from '../clock';

export interface Stage {
  name: string;
  /** Order within its kind (1 = first). */
  rank: number;
  /** Days relative to the due date / expiry at which the stage begins (negative: before). */
  offsetDays: number;
}

/** The confirmation cycle; `stale` begins when the entry turns stale (CONFIRMATION_STALE_AFTER_DAYS). */
export function confirmationStages(staleAfterDays: number): Stage[] {
  return [
    { name: 'before_30', rank: 1, offsetDays: -30 },
    { name: 'before_7', rank: 2, offsetDays: -7 },
    { name: 'due', rank: 3, offsetDays: 0 },
    // Escalation: the secretariat and the team's sponsors get a copy.
    { name: 'overdue_14', rank: 4, offsetDays: 14 },
    { name: 'stale', rank: 5, offsetDays: staleAfterDays },
  ];
}

export const KEY_STAGES: Stage[] = [
  { name: 'key_60', rank: 1, offsetDays: -60 },
  { name: 'key_30', rank: 2, offsetDays: -30 },
  { name: 'key_7', rank: 3, offsetDays: -7 },
  { name: 'key_expired', rank: 4, offsetDays: 0 },
];

export const ESCALATION_STAGE = 'overdue_14';
export const STALE_STAGE = 'stale';

/** The latest stage reached at `now` for a cycle anchored at `anchor`, or null before the first. */
export function stageAt(stages: Stage[], anchor: Date, now: Date): Stage | null {
  let reached: Stage | null = null;
  for (const stage of stages) {
    if (now.getTime() >= anchor.getTime() + stage.offsetDays * DAY_MS) reached = stage;
  }
  return reached;
}

/** How far ahead of the anchor the first stage begins: only cycles within this window can have anything to send. */
export function lookaheadDays(stages: Stage[]): number {
  return -Math.min(...stages.map((s) => s.offsetDays));
}

/** The cycle of a confirmation: its due instant in epoch milliseconds (the same text in SQL and here). */
export function confirmationCycle(dueAt: Date): string {
  return String(dueAt.getTime());
}
