/**
 * The delivery report of a sent announcement: each chosen team with how its message stands, read off the outbox
 * through the recipient rows (queued, sent, failing and retried, given up, kept without SMTP, or not reached), the
 * ones needing attention first; and the retry of what failed.
 */
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import { teams } from '../entry/schema';
import { conflict } from '../http/errors';
import { outbox } from '../mail/schema';
import { DELIVERY_STATES, type DeliveryState } from './labels';
import { announcementRecipients } from './schema';
import { getAnnouncement } from './service';

type Ctx = Pick<AppContext, 'db' | 'clock'>;

const r = announcementRecipients;

/** The outbox's status, as the report says it; a team with no message was not reached. */
const deliveryState = sql<DeliveryState>`case
  when ${r.outboxId} is null then 'not_reached'
  when ${outbox.status} in ('pending', 'sending') then 'queued'
  else ${outbox.status} end`;

/** Attention first: not reached, given up, failing, then what is on its way or delivered. */
const attentionRank = sql`case ${sql.join(
  DELIVERY_STATES.map((state, i) => sql`when ${deliveryState} = ${state} then ${i}`),
  sql` `,
)} end`;

export interface ReportRow {
  teamId: string;
  teamShortName: string;
  address: string;
  route: 'encrypted' | 'unencrypted' | 'not_reached';
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  slug: string | null;
}

export async function deliveryReport(ctx: Ctx, user: SessionUser, id: string, page: { limit: number; offset: number }) {
  const announcement = await getAnnouncement(ctx, user, id);
  if (announcement.state !== 'sent') throw conflict('announcement_draft', 'announcement.error.notSent');
  const rows: ReportRow[] = await ctx.db
    .select({
      teamId: r.teamId,
      teamShortName: r.teamShortName,
      address: r.address,
      route: r.route,
      state: deliveryState,
      attempts: sql<number>`coalesce(${outbox.attempts}, 0)`.mapWith(Number),
      lastError: outbox.lastError,
      sentAt: outbox.sentAt,
      slug: teams.slug,
    })
    .from(r)
    .leftJoin(outbox, eq(outbox.id, r.outboxId))
    .leftJoin(teams, eq(teams.id, r.teamId))
    .where(eq(r.announcementId, id))
    .orderBy(attentionRank, r.teamShortName)
    .limit(page.limit)
    .offset(page.offset);
  const tally = await ctx.db
    .select({ state: deliveryState, n: sql<number>`count(*)`.mapWith(Number) })
    .from(r)
    .leftJoin(outbox, eq(outbox.id, r.outboxId))
    .where(eq(r.announcementId, id))
    .groupBy(deliveryState);
  const counts = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
  for (const t of tally) counts[t.state] = t.n;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { announcement, rows, counts, total };
}

/**
 * Sends again the messages of an announcement that failed or were given up: they are due at once, with their
 * attempts counted afresh. Answers their outbox ids (the caller delivers them after the commit).
 */
export async function retryAnnouncement(ctx: Ctx, user: SessionUser, actor: Actor, id: string): Promise<string[]> {
  authorize(user, 'administer');
  const announcement = await getAnnouncement(ctx, user, id);
  if (announcement.state !== 'sent') throw conflict('announcement_draft', 'announcement.error.notSent');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const ids = tx
      .select({ id: r.outboxId })
      .from(r)
      .where(and(eq(r.announcementId, id), isNotNull(r.outboxId)));
    const retried = await tx
      .update(outbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null })
      .where(and(inArray(outbox.id, ids), inArray(outbox.status, ['failed', 'dead'])))
      .returning({ id: outbox.id });
    if (retried.length > 0) {
      await record(tx, actor, now, {
        action: 'announcement.retried',
        target: announcement.subjectJa,
        details: { announcementId: id, messages: retried.length },
      });
    }
    return retried.map((m) => m.id);
  });
}
