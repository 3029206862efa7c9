/**
 * Moves an application through the state machine (state.ts) as one transaction: the state change, its audit entry
 * and (from the callers) the mail to those concerned commit together. An invalid transition answers 409, the wrong
 * actor 403; a concurrent change of the same application (version mismatch) answers 409 too, never a lost update.
 */
import { and, eq, sql } from 'drizzle-orm';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import type { Tx } from '../db/client';
import { conflict, forbidden, notFound } from '../http/errors';
import { type ApplicationRow, applications } from './schema';
import { type ApplicationAction, type ApplicationActor, transition } from './state';

export interface TransitionRequest {
  applicationId: string;
  action: ApplicationAction;
  /** Who acts, in the machine's terms; the caller has established it (token link, role). */
  as: ApplicationActor;
  actor: Actor;
  /** The version the actor saw; omitted by the scheduler. */
  expectedVersion?: number;
  details?: Record<string, unknown>;
  /** Extra changes made with the transition (decision reason, window dates…), inside the same transaction. */
  alsoSet?: Partial<typeof applications.$inferInsert>;
  /** More work in the same transaction (messages, mail, creating the team on approval). */
  andThen?: (tx: Tx, updated: ApplicationRow) => Promise<void>;
}

export async function applyTransition(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  req: TransitionRequest,
): Promise<ApplicationRow> {
  if (!/^[0-9a-f-]{36}$/i.test(req.applicationId)) throw notFound();
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(applications).where(eq(applications.id, req.applicationId)).for('update');
    if (!current) throw notFound();
    const verdict = transition(current.state, req.action, req.as);
    if (!verdict.ok) {
      if (verdict.problem === 'not_allowed') throw forbidden(`application.${req.action}`);
      throw conflict('invalid_transition', 'admission.invalidTransition', {
        state: `msg:admission.state.${current.state}`,
        action: `msg:admission.action.${req.action}`,
      });
    }
    if (req.expectedVersion !== undefined && req.expectedVersion !== current.version) {
      throw conflict('stale_application', 'admission.staleVersion');
    }
    const [updated] = await tx
      .update(applications)
      .set({ ...req.alsoSet, state: verdict.to, stateChangedAt: now, version: sql`${applications.version} + 1` })
      .where(and(eq(applications.id, current.id), eq(applications.version, current.version)))
      .returning();
    if (!updated) throw conflict('stale_application', 'admission.staleVersion');
    await record(tx, req.actor, now, {
      action: `application.${req.action}`,
      target: `${current.entry.shortName} (${current.id})`,
      details: { from: current.state, to: verdict.to, ...req.details },
    });
    if (req.andThen) await req.andThen(tx, updated);
    return updated;
  });
}
