/**
 * The drill run's reads and writes, written for 100,000 teams: keyset pages over the teams still to plan, and the
 * run's work picked from partial indexes (planned and due, sent and past its window) with FOR UPDATE SKIP LOCKED,
 * so two instances never take the same drill and a rerun finds nothing left to do.
 */
import { and, asc, eq, gt, inArray, lte, notExists, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client';
import { teams } from '../entry/schema';
import type { PlannedTeam } from './plan';
import { type DrillRow, drills, type NewDrillRow } from './schema';

const plannedTeamColumns = {
  id: teams.id,
  businessHours: teams.businessHours,
  timeZone: teams.timeZone,
  emergencyPhone: teams.emergencyPhone,
};

/** Active teams without a drill in the cycle, by id after `after` (a keyset page). */
export async function teamsToPlan(db: DbOrTx, cycle: string, after: string | null, limit: number) {
  return db
    .select(plannedTeamColumns)
    .from(teams)
    .where(
      and(
        eq(teams.status, 'active'),
        after ? gt(teams.id, after) : undefined,
        notExists(
          db
            .select({ one: sql`1` })
            .from(drills)
            .where(and(eq(drills.teamId, teams.id), eq(drills.cycle, cycle))),
        ),
      ),
    )
    .orderBy(asc(teams.id))
    .limit(limit) as Promise<PlannedTeam[]>;
}

/** Writes the planned drills that are new; answers how many were (the others were planned by someone else). */
export async function insertPlanned(db: DbOrTx, rows: NewDrillRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const written = await db.insert(drills).values(rows).onConflictDoNothing().returning({ id: drills.id });
  return written.length;
}

/** A drill to send, with what the mail needs of its team. */
export interface DueDrill {
  drill: DrillRow;
  team: PlannedTeam & { slug: string; shortName: string; email: string };
}

/** Planned drills whose moment has come, locked for this transaction (another instance skips them). */
export async function lockDueDrills(tx: Tx, now: Date, limit: number): Promise<DueDrill[]> {
  const rows = await tx
    .select({
      drill: drills,
      team: { ...plannedTeamColumns, slug: teams.slug, shortName: teams.shortName, email: teams.email },
    })
    .from(drills)
    .innerJoin(teams, eq(teams.id, drills.teamId))
    .where(and(eq(drills.state, 'planned'), lte(drills.plannedAt, now)))
    .orderBy(asc(drills.plannedAt), asc(drills.id))
    .limit(limit)
    .for('update', { of: drills, skipLocked: true });
  return rows as DueDrill[];
}

/** Sent drills past the end of their window (`late`), or any unanswered one past twice it (`failed`), locked. */
export async function lockOverdue(tx: Tx, kind: 'late' | 'failed', now: Date, limit: number) {
  const due =
    kind === 'late'
      ? and(eq(drills.state, 'sent'), lte(drills.lateAt, now))
      : and(inArray(drills.state, ['sent', 'late']), lte(drills.failAt, now));
  return tx
    .select({ drill: drills, team: { slug: teams.slug, shortName: teams.shortName, email: teams.email } })
    .from(drills)
    .innerJoin(teams, eq(teams.id, drills.teamId))
    .where(due)
    .orderBy(asc(kind === 'late' ? drills.lateAt : drills.failAt), asc(drills.id))
    .limit(limit)
    .for('update', { of: drills, skipLocked: true });
}

export async function updateDrill(db: DbOrTx, id: string, values: Partial<NewDrillRow>): Promise<void> {
  await db.update(drills).set(values).where(eq(drills.id, id));
}

/** Drills of the cycles a run looks at, answered so far (the run's `answered`). */
export async function answeredIn(db: DbOrTx, cycles: string[]): Promise<number> {
  if (cycles.length === 0) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(drills)
    .where(and(inArray(drills.cycle, cycles), eq(drills.state, 'answered')));
  return row?.n ?? 0;
}
