/**
 * The invitations an import holds for the teams it created (each new team's address as its editor): written with
 * the commit, sent only when the secretariat says so.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { issueInvitation } from '../accounts/invitation-service';
import { authorize } from '../accounts/policies';
import { displayName, type SessionUser } from '../accounts/session-user';
import type { Actor } from '../audit/service';
import type { AppContext } from '../context';
import { teams } from '../entry/schema';
import { expectedKeys } from '../keys/schema';
import { importInvitations } from './schema';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer'>;

/** The invitations an import holds: how many wait and how many went out. */
export async function heldInvitations(ctx: Pick<AppContext, 'db'>, user: SessionUser, id: string) {
  authorize(user, 'administer');
  const rows = await ctx.db
    .select({ sentAt: importInvitations.sentAt })
    .from(importInvitations)
    .where(eq(importInvitations.importId, id));
  return { waiting: rows.filter((r) => !r.sentAt).length, sent: rows.filter((r) => r.sentAt).length };
}

const INVITE_PAGE = 200;

/**
 * Sends the invitations an import holds: each new team's address becomes its editor's account, with the usual
 * single-use link; a team the file named a key fingerprint for is asked in the same mail to register that key. Pages of them, each locked (a double click or two instances send each once).
 */
export async function sendHeldInvitations(ctx: Ctx, user: SessionUser, actor: Actor, id: string): Promise<number> {
  authorize(user, 'administer');
  let sent = 0;
  for (;;) {
    const { count, mailIds } = await ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now();
      const held = await tx
        .select({
          teamId: importInvitations.teamId,
          email: importInvitations.email,
          shortName: teams.shortName,
          expectedKey: expectedKeys.fingerprint,
        })
        .from(importInvitations)
        .innerJoin(teams, eq(teams.id, importInvitations.teamId))
        .leftJoin(expectedKeys, eq(expectedKeys.teamId, importInvitations.teamId))
        .where(and(eq(importInvitations.importId, id), isNull(importInvitations.sentAt)))
        .limit(INVITE_PAGE)
        .for('update', { of: importInvitations, skipLocked: true });
      const ids: string[] = [];
      for (const h of held) {
        const { mailId } = await issueInvitation(
          tx,
          ctx,
          { id: user.id, label: displayName(user) },
          actor,
          {
            email: h.email,
            team: { id: h.teamId, shortName: h.shortName },
            role: 'editor',
            expectedKey: h.expectedKey,
          },
          now,
        );
        ids.push(mailId);
        await tx
          .update(importInvitations)
          .set({ sentAt: now })
          .where(and(eq(importInvitations.importId, id), eq(importInvitations.teamId, h.teamId)));
      }
      return { count: held.length, mailIds: ids };
    });
    await ctx.mailer.deliver(mailIds);
    sent += count;
    if (count < INVITE_PAGE) return sent;
  }
}
