/**
 * A team answers a drill: the code from the encrypted mail, entered on the drill's page (or carried by the link
 * inside the mail, which shows the same page with the code filled in — a link scanner opening it answers nothing).
 * The first right code records when, how and by whom, and the time to answer in the team's business hours; a late
 * or failed drill still takes its answer and records it as late. Wrong codes are limited per drill and address.
 */

import { and, eq } from 'drizzle-orm';
import { consumeCode, normalizeCode } from '../accounts/one-time-codes';
import { RULES, takeAttempt } from '../accounts/rate-limit';
import type { AppContext } from '../context';
import { isUuid } from '../db/ids';
import { teams } from '../entry/schema';
import { tooManyRequests } from '../http/errors';
import { businessMsBetween } from './business-time';
import { hoursOf } from './plan';
import { type DrillRow, drills } from './schema';
import { ANSWERABLE_STATES, type AnswerChannel, DRILL_CODE_TTL_MS } from './vocabulary';

type Ctx = Pick<AppContext, 'db' | 'clock'>;

export type AnswerOutcome =
  | { kind: 'answered'; drill: DrillRow; team: string }
  | { kind: 'already'; drill: DrillRow; team: string }
  | { kind: 'wrong_code' }
  /** Sent too long ago: the code is no longer taken (closesAt says when it stopped). */
  | { kind: 'expired'; closesAt: Date }
  /** Not a drill, or one that was never sent (planned, or undeliverable). */
  | { kind: 'not_found' };

/** The drill a page is about, with its team's name; null for an id that names none that was sent. */
export async function drillForAnswer(ctx: Pick<AppContext, 'db'>, drillId: string) {
  if (!isUuid(drillId)) return null;
  const [row] = await ctx.db
    .select({ drill: drills, team: teams.shortName })
    .from(drills)
    .innerJoin(teams, eq(teams.id, drills.teamId))
    .where(eq(drills.id, drillId));
  if (!row || row.drill.sentAt === null) return null;
  return row;
}

/** When a sent drill stops taking answers. */
export function closingOf(drill: Pick<DrillRow, 'sentAt'>): Date | null {
  return drill.sentAt ? new Date(drill.sentAt.getTime() + DRILL_CODE_TTL_MS) : null;
}

/** Splits the answer link's reference `<drill id>.<code>` (the code may also come from the form). */
export function parseDrillRef(ref: string): { drillId: string; code: string | null } {
  const dot = ref.indexOf('.');
  return dot < 0
    ? { drillId: ref, code: null }
    : { drillId: ref.slice(0, dot), code: normalizeCode(ref.slice(dot + 1)) };
}

export async function answerDrill(
  ctx: Ctx,
  p: { drillId: string; code: string; via: AnswerChannel; by: string; ip: string | null },
): Promise<AnswerOutcome> {
  const found = await drillForAnswer(ctx, p.drillId);
  if (!found) return { kind: 'not_found' };
  if (found.drill.state === 'answered') return { kind: 'already', drill: found.drill, team: found.team };
  const now = ctx.clock.now();
  const closesAt = closingOf(found.drill);
  if (closesAt && now >= closesAt) return { kind: 'expired', closesAt };
  // Counted before the code is checked, taken back unless it was wrong (rate-limit.ts explains why).
  const attempt = await takeAttempt(
    ctx.db,
    [
      [RULES.drillCode, [`drill:${found.drill.id}`]],
      [RULES.drillCodePerIp, p.ip ? [p.ip] : []],
    ],
    now,
  );
  if (attempt.limited) throw tooManyRequests(attempt.retryAfterSeconds);
  const outcome = await ctx.db.transaction(async (tx): Promise<AnswerOutcome> => {
    const [row] = await tx
      .select({
        drill: drills,
        team: { businessHours: teams.businessHours, timeZone: teams.timeZone, emergencyPhone: teams.emergencyPhone },
      })
      .from(drills)
      .innerJoin(teams, eq(teams.id, drills.teamId))
      .where(eq(drills.id, found.drill.id))
      .for('update', { of: drills });
    if (!row) return { kind: 'not_found' };
    if (row.drill.state === 'answered') return { kind: 'already', drill: row.drill, team: found.team };
    if (!(ANSWERABLE_STATES as readonly string[]).includes(row.drill.state)) return { kind: 'not_found' };
    if (!(await consumeCode(tx, { purpose: 'drill', scope: row.drill.id, code: p.code, now }))) {
      return { kind: 'wrong_code' };
    }
    const sentAt = row.drill.sentAt ?? now;
    const [answered] = await tx
      .update(drills)
      .set({
        state: 'answered',
        answeredAt: now,
        answeredBy: p.by,
        answeredVia: p.via,
        answerBusinessMs: businessMsBetween(hoursOf(row.team), sentAt, now),
        answeredLate: row.drill.state !== 'sent' || (row.drill.lateAt !== null && now >= row.drill.lateAt),
      })
      .where(and(eq(drills.id, row.drill.id)))
      .returning();
    return { kind: 'answered', drill: answered ?? row.drill, team: found.team };
  });
  if (outcome.kind !== 'wrong_code') await attempt.release();
  return outcome;
}
