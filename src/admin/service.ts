/** The secretariat's use cases: counts, team and user lists, suspension, captured mail. */

import { and, asc, desc, eq, ilike, inArray, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import { invite } from '../accounts/invitation-service';
import { authorize } from '../accounts/policies';
import { membershipsOfUsers, searchUsers } from '../accounts/queries';
import { teamMemberships, users } from '../accounts/schema';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, type AuditFilter, listAudit, record } from '../audit/service';
import { claimTotals } from '../constituency/queries';
import type { AppContext } from '../context';
import { escapeLike } from '../db/like';
import { findTeamBySlug, freshnessCounts } from '../entry/queries';
import { type TeamRow, teams } from '../entry/schema';
import { conflict, notFound, unprocessable } from '../http/errors';
import type { Mailer } from '../mail/mailer';
import { type OutboxStatus, outbox } from '../mail/schema';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

export async function dashboard(ctx: Ctx, user: SessionUser) {
  authorize(user, 'administer');
  const [statusCounts] = await ctx.db
    .select({
      active: sql<number>`count(*) filter (where ${teams.status} = 'active')`.mapWith(Number),
      suspended: sql<number>`count(*) filter (where ${teams.status} = 'suspended')`.mapWith(Number),
      withdrawn: sql<number>`count(*) filter (where ${teams.status} = 'withdrawn')`.mapWith(Number),
    })
    .from(teams);
  const teamCounts = {
    ...statusCounts,
    ...(await freshnessCounts(ctx.db, ctx.clock.now(), ctx.config.freshness)),
  };
  const [userCounts] = await ctx.db
    .select({
      total: sql<number>`count(*)`.mapWith(Number),
      secretariat: sql<number>`count(*) filter (where ${users.isSecretariat})`.mapWith(Number),
      withTwoFactor: sql<number>`count(*) filter (where ${users.totpEnabledAt} is not null)`.mapWith(Number),
      pending: sql<number>`count(*) filter (where ${users.passwordHash} is null)`.mapWith(Number),
    })
    .from(users);
  const [mailCounts] = await ctx.db
    .select({
      captured: sql<number>`count(*) filter (where ${outbox.status} = 'captured')`.mapWith(Number),
      failed: sql<number>`count(*) filter (where ${outbox.status} = 'failed')`.mapWith(Number),
      sent: sql<number>`count(*) filter (where ${outbox.status} = 'sent')`.mapWith(Number),
    })
    .from(outbox);
  return { teams: teamCounts, users: userCounts, mail: mailCounts, claims: await claimTotals(ctx.db) };
}

export async function listTeams(
  ctx: Ctx,
  user: SessionUser,
  q: { q?: string; status?: TeamRow['status']; limit: number; offset: number },
) {
  authorize(user, 'administer');
  const where: SQL[] = [];
  if (q.status) where.push(eq(teams.status, q.status));
  if (q.q) where.push(ilike(teams.nameText, `%${escapeLike(q.q.toLowerCase())}%`));
  const rows = await ctx.db
    .select({
      team: { id: teams.id, slug: teams.slug, shortName: teams.shortName, status: teams.status },
      organizationJa: teams.organizationJa,
      organizationEn: teams.organizationEn,
      confirmedAt: teams.confirmedAt,
      confirmationDueAt: teams.confirmationDueAt,
      users:
        sql<number>`(select count(*) from ${teamMemberships} where ${teamMemberships.teamId} = ${teams.id})`.mapWith(
          Number,
        ),
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(teams)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(teams.shortName))
    .limit(q.limit)
    .offset(q.offset);
  return { rows, total: rows[0]?.total ?? 0 };
}

/** Suspends or reactivates a team (a suspended team leaves the directory and the keyserver). */
export async function setTeamStatus(
  ctx: Ctx,
  user: SessionUser,
  actor: Actor,
  slug: string,
  status: 'active' | 'suspended',
): Promise<void> {
  authorize(user, 'administer');
  const team = await findTeamBySlug(ctx.db, slug);
  if (!team) throw notFound('error.teamNotFound', { slug });
  if (team.status === 'withdrawn') throw conflict('team_withdrawn', 'admin.teams.withdrawnLocked');
  if (team.status === status) return;
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(teams)
      .set({ status, updatedAt: now, version: sql`${teams.version} + 1` })
      .where(eq(teams.id, team.id));
    await record(tx, actor, now, {
      action: status === 'suspended' ? 'team.suspended' : 'team.reactivated',
      team: { id: team.id, shortName: team.shortName },
    });
  });
}

export async function listUsers(ctx: Ctx, user: SessionUser, q: { q?: string; limit: number; offset: number }) {
  authorize(user, 'administer');
  const { rows, total } = await searchUsers(ctx.db, q.q, q.limit, q.offset);
  const memberships = await membershipsOfUsers(
    ctx.db,
    rows.map((r) => r.id),
  );
  return {
    total,
    rows: rows.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      isSecretariat: u.isSecretariat,
      twoFactor: u.totpEnabledAt !== null,
      pending: u.passwordHash === null && u.erasedAt === null,
      erased: u.erasedAt !== null,
      lastLoginAt: u.lastLoginAt,
      teams: memberships.filter((m) => m.userId === u.id),
    })),
  };
}

/**
 * The secretariat invites a person into a team, named by its slug, or as secretariat staff ("secretariat"). A slug
 * that names no team is the form's mistake, said next to its team field like any other field error (422).
 */
export async function inviteUser(
  ctx: Ctx & { mailer: Mailer },
  user: SessionUser,
  actor: Actor,
  form: { email: string; name?: string; team: string; role: 'member' | 'editor' },
): Promise<void> {
  authorize(user, 'administer');
  let team: { id: string; shortName: string } | null = null;
  if (form.team !== 'secretariat') {
    const row = await findTeamBySlug(ctx.db, form.team);
    if (!row) throw unprocessable([{ field: 'team', messageKey: 'validation.team' }]);
    team = { id: row.id, shortName: row.shortName };
  }
  await invite(ctx, user, actor, { email: form.email, name: form.name, team, role: form.role });
}

export async function listMail(ctx: Ctx, user: SessionUser, q: { status?: string; limit: number; offset: number }) {
  authorize(user, 'administer');
  const where = q.status ? eq(outbox.status, q.status as OutboxStatus) : isNotNull(outbox.id);
  const rows = await ctx.db
    .select({
      id: outbox.id,
      template: outbox.template,
      to: outbox.toAddresses,
      subject: outbox.subject,
      status: outbox.status,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      lastError: outbox.lastError,
      attempts: outbox.attempts,
      nextAttemptAt: outbox.nextAttemptAt,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(outbox)
    .where(where)
    .orderBy(desc(outbox.createdAt))
    .limit(q.limit)
    .offset(q.offset);
  return { rows, total: rows[0]?.total ?? 0 };
}

export async function getMail(ctx: Ctx, user: SessionUser, id: string) {
  authorize(user, 'administer');
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  const [row] = await ctx.db.select().from(outbox).where(eq(outbox.id, id)).limit(1);
  if (!row) throw notFound();
  const { sealedLinks: _sealed, ...shown } = row;
  return shown;
}

/** Failed or given-up mail goes back to the queue for a new series of attempts (the worker sends it). */
export async function retryMail(ctx: Ctx, user: SessionUser, actor: Actor, id: string): Promise<boolean> {
  authorize(user, 'administer');
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(outbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null })
      .where(and(eq(outbox.id, id), inArray(outbox.status, ['failed', 'dead'])))
      .returning({ id: outbox.id, subject: outbox.subject });
    if (!row) {
      const [exists] = await tx.select({ id: outbox.id }).from(outbox).where(eq(outbox.id, id));
      if (!exists) throw notFound();
      return false;
    }
    await record(tx, actor, now, { action: 'mail.retry', target: row.id });
    return true;
  });
}

/** How many messages wait on a failure or were given up (the dashboard and the mail page say so). */
export async function failedMailCount(ctx: Pick<AppContext, 'db'>): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(outbox)
    .where(inArray(outbox.status, ['failed', 'dead']));
  return row.n;
}

/** Team short names for the "add a user to a team" form. */
export async function teamChoices(ctx: Ctx) {
  return ctx.db
    .select({ slug: teams.slug, shortName: teams.shortName })
    .from(teams)
    .where(or(eq(teams.status, 'active'), eq(teams.status, 'suspended')))
    .orderBy(asc(teams.shortName));
}

export async function auditEntries(ctx: Ctx, user: SessionUser, filter: AuditFilter) {
  authorize(user, 'administer');
  return listAudit(ctx.db, filter);
}
