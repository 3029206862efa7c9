import { and, asc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { escapeLike } from '../db/like';
import { teams } from '../entry/schema';
import { type MembershipRow, teamMemberships, type UserRow, users } from './schema';

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export interface MembershipView {
  teamId: string;
  slug: string;
  shortName: string;
  status: 'active' | 'suspended' | 'withdrawn';
  role: MembershipRow['role'];
}

export async function membershipsOf(db: DbOrTx, userId: string): Promise<MembershipView[]> {
  return (await membershipsOfUsers(db, [userId])).map(({ userId: _, ...m }) => m);
}

/** The memberships of several users at once (lists), each with its user id. */
export async function membershipsOfUsers(
  db: DbOrTx,
  userIds: string[],
): Promise<(MembershipView & { userId: string })[]> {
  if (userIds.length === 0) return [];
  return db
    .select({
      userId: teamMemberships.userId,
      teamId: teams.id,
      slug: teams.slug,
      shortName: teams.shortName,
      status: teams.status,
      role: teamMemberships.role,
    })
    .from(teamMemberships)
    .innerJoin(teams, eq(teams.id, teamMemberships.teamId))
    .where(inArray(teamMemberships.userId, userIds))
    .orderBy(asc(teams.shortName));
}

export async function membersOfTeam(db: DbOrTx, teamId: string) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: teamMemberships.role,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      lastLoginAt: users.lastLoginAt,
    })
    .from(teamMemberships)
    .innerJoin(users, eq(users.id, teamMemberships.userId))
    .where(eq(teamMemberships.teamId, teamId))
    .orderBy(asc(users.email));
}

/** Adds or changes a membership; returns the previous role (null when new). */
export async function upsertMembership(
  db: DbOrTx,
  m: { userId: string; teamId: string; role: MembershipRow['role']; now: Date },
): Promise<MembershipRow['role'] | null> {
  const [before] = await db
    .select({ role: teamMemberships.role })
    .from(teamMemberships)
    .where(and(eq(teamMemberships.userId, m.userId), eq(teamMemberships.teamId, m.teamId)));
  await db
    .insert(teamMemberships)
    .values({ userId: m.userId, teamId: m.teamId, role: m.role, createdAt: m.now })
    .onConflictDoUpdate({ target: [teamMemberships.userId, teamMemberships.teamId], set: { role: m.role } });
  return before?.role ?? null;
}

export async function removeMembership(db: DbOrTx, userId: string, teamId: string): Promise<boolean> {
  const removed = await db
    .delete(teamMemberships)
    .where(and(eq(teamMemberships.userId, userId), eq(teamMemberships.teamId, teamId)))
    .returning({ userId: teamMemberships.userId });
  return removed.length > 0;
}

export async function searchUsers(db: DbOrTx, q: string | undefined, limit: number, offset: number) {
  const where = q ? or(ilike(users.email, `%${escapeLike(q)}%`), ilike(users.name, `%${escapeLike(q)}%`)) : undefined;
  const rows = await db
    .select({ user: users, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(users)
    .where(where)
    .orderBy(asc(users.email))
    .limit(limit)
    .offset(offset);
  return { rows: rows.map((r) => r.user), total: rows[0]?.total ?? 0 };
}
