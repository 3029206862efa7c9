/**
 * A team's last drill result, as the directory shows it to members: when the PoC was tested and what came of it
 * (answered, and how fast in business hours; late; failed; or not sent for want of a proven key). A drill whose
 * window is still open is no result yet.
 */
import { and, desc, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { drills } from './schema';
import type { DrillState } from './vocabulary';

export interface DrillResult {
  /** When the drill was sent (for one that could not be sent: when it was due). */
  testedAt: string;
  outcome: (typeof DRILL_RESULT_STATES)[number];
  answeredAt: string | null;
  /** Time to answer in the team's business hours, in whole minutes. */
  answerMinutes: number | null;
  answeredLate: boolean;
}

/** The states that are a result (a drill planned or still in its window is none yet). */
export const DRILL_RESULT_STATES = ['answered', 'late', 'failed', 'no_key'] as const satisfies readonly DrillState[];

export async function lastResultsByTeam(db: DbOrTx, teamIds: string[]): Promise<Map<string, DrillResult>> {
  if (teamIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([drills.teamId], {
      teamId: drills.teamId,
      state: drills.state,
      sentAt: drills.sentAt,
      plannedAt: drills.plannedAt,
      answeredAt: drills.answeredAt,
      answerBusinessMs: drills.answerBusinessMs,
      answeredLate: drills.answeredLate,
    })
    .from(drills)
    .where(
      and(
        inArray(drills.teamId, teamIds),
        inArray(drills.state, [...DRILL_RESULT_STATES]),
        isNotNull(drills.plannedAt),
      ),
    )
    .orderBy(drills.teamId, desc(sql`coalesce(${drills.sentAt}, ${drills.plannedAt})`));
  const out = new Map<string, DrillResult>();
  for (const r of rows) {
    out.set(r.teamId, {
      testedAt: (r.sentAt ?? r.plannedAt).toISOString(),
      outcome: r.state as DrillResult['outcome'],
      answeredAt: r.answeredAt ? r.answeredAt.toISOString() : null,
      answerMinutes: r.answerBusinessMs === null ? null : Math.round(r.answerBusinessMs / 60_000),
      answeredLate: r.answeredLate === true,
    });
  }
  return out;
}
