/**
 * record() is called inside the transaction of the change it describes, so a change and its audit entry commit or
 * roll back together.
 */
import { and, desc, eq, gte, ilike, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { escapeLike } from '../db/like';
import type { AuditAction } from './actions';
import { type AuditRow, auditLog } from './schema';

/** Who acted and from where; built from the request (or "system" for the CLI and workers). */
export interface Actor {
  userId: string | null;
  label: string;
  ip?: string | null;
  requestId?: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, label: 'system' };

interface AuditEntry {
  action: AuditAction;
  team?: { id: string; shortName: string } | null;
  target?: string | null;
  details?: Record<string, unknown>;
}

export async function record(db: DbOrTx, actor: Actor, at: Date, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    at,
    actorUserId: actor.userId,
    actor: actor.label,
    action: entry.action,
    teamId: entry.team?.id ?? null,
    team: entry.team?.shortName ?? null,
    target: entry.target ?? null,
    details: entry.details ?? {},
    ip: actor.ip ?? null,
    requestId: actor.requestId ?? null,
  });
}

export interface AuditFilter {
  actor?: string;
  team?: string;
  action?: string;
  from?: Date;
  /** Exclusive. */
  until?: Date;
  limit: number;
  offset: number;
}

export async function listAudit(db: DbOrTx, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  const where: SQL[] = [];
  if (f.actor) where.push(ilike(auditLog.actor, `%${escapeLike(f.actor)}%`));
  if (f.team) where.push(ilike(auditLog.team, `%${escapeLike(f.team)}%`));
  if (f.action) where.push(or(eq(auditLog.action, f.action), ilike(auditLog.action, `${escapeLike(f.action)}.%`))!);
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.until) where.push(lt(auditLog.at, f.until));
  const rows = await db
    .select({ entry: auditLog, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(f.limit)
    .offset(f.offset);
  return { rows: rows.map((r) => r.entry), total: rows[0]?.total ?? 0 };
}

/** The newest entries of some actions (the members' change feed reads the PoC and key events). */
export async function recentEvents(db: DbOrTx, actions: string[], limit: number): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(inArray(auditLog.action, actions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}
