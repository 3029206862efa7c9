/**
 * The secretariat's announcements: drafts are written and previewed (the recipient list and the message as a team
 * gets it), then sent once. Sending writes, in one transaction, the recipient rows and one outbox message per reached
 * team, and marks the announcement sent — a second click, or a second instance, finds it sent and sends nothing.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { authorize } from '../accounts/policies';
import type { SessionUser } from '../accounts/session-user';
import { type Actor, record } from '../audit/service';
import type { AppContext } from '../context';
import { isUuid } from '../db/ids';
import { conflict, notFound, unprocessable } from '../http/errors';
import { translator } from '../i18n';
import type { AnnouncementMail } from '../mail/mailer';
import type { AnnouncementForm } from './forms';
import { ANNOUNCEMENT_LABELS } from './labels';
import { chooseRecipients, countRoutes, type Recipient, recipientsDigest } from './recipients';
import { type AnnouncementRow, type Audience, announcementRecipients, announcements } from './schema';
import { ARCHIVE_READERS, needsEncryption, TLP_COLOURS, TLP_MARKS, type Tlp } from './tlp';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'mailer'>;

const audienceOf = (form: AnnouncementForm): Audience => ({
  ...(form.region ? { region: form.region } : {}),
  ...(form.industry ? { industry: form.industry } : {}),
  ...(form.constituencyType ? { constituencyType: form.constituencyType } : {}),
});

const contentOf = (form: AnnouncementForm) => ({
  tlp: form.tlp,
  subjectJa: form.subjectJa,
  subjectEn: form.subjectEn,
  bodyJa: form.bodyJa,
  bodyEn: form.bodyEn,
  audience: audienceOf(form),
});

export async function createAnnouncement(ctx: Ctx, user: SessionUser, actor: Actor, form: AnnouncementForm) {
  authorize(user, 'administer');
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(announcements)
    .values({ ...contentOf(form), createdBy: actor.label, createdAt: now, updatedAt: now })
    .returning({ id: announcements.id });
  return row.id;
}

export async function getAnnouncement(ctx: Pick<Ctx, 'db'>, user: SessionUser, id: string): Promise<AnnouncementRow> {
  authorize(user, 'administer');
  if (!isUuid(id)) throw notFound('announcement.error.notFound');
  const [row] = await ctx.db.select().from(announcements).where(eq(announcements.id, id));
  if (!row) throw notFound('announcement.error.notFound');
  return row;
}

/** A draft, or the refusal: a sent announcement is history and changes no more. */
async function draftOf(ctx: Pick<Ctx, 'db'>, user: SessionUser, id: string): Promise<AnnouncementRow> {
  const row = await getAnnouncement(ctx, user, id);
  if (row.state !== 'draft') throw conflict('announcement_sent', 'announcement.error.alreadySent');
  return row;
}

export async function updateAnnouncement(ctx: Ctx, user: SessionUser, id: string, form: AnnouncementForm) {
  await draftOf(ctx, user, id);
  await ctx.db
    .update(announcements)
    .set({ ...contentOf(form), updatedAt: ctx.clock.now() })
    .where(and(eq(announcements.id, id), eq(announcements.state, 'draft')));
}

export async function discardAnnouncement(ctx: Ctx, user: SessionUser, actor: Actor, id: string) {
  const draft = await draftOf(ctx, user, id);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(announcements).where(and(eq(announcements.id, id), eq(announcements.state, 'draft')));
    await record(tx, actor, ctx.clock.now(), {
      action: 'announcement.discarded',
      target: draft.subjectJa,
      details: { announcementId: id },
    });
  });
}

export interface AnnouncementSummary {
  id: string;
  state: AnnouncementRow['state'];
  tlp: Tlp;
  subjectJa: string;
  subjectEn: string;
  createdAt: Date;
  createdBy: string;
  sentAt: Date | null;
  recipientCount: number;
  notReached: number;
  failed: number;
}

/** Drafts first, then what was sent, newest first; with how many teams it did not reach or failed to. */
export async function listAnnouncements(ctx: Pick<Ctx, 'db'>, user: SessionUser, limit: number, offset: number) {
  authorize(user, 'administer');
  const a = announcements;
  const rows = await ctx.db
    .select({
      id: a.id,
      state: a.state,
      tlp: a.tlp,
      subjectJa: a.subjectJa,
      subjectEn: a.subjectEn,
      createdAt: a.createdAt,
      createdBy: a.createdBy,
      sentAt: a.sentAt,
      recipientCount: a.recipientCount,
      notReached: sql<number>`(select count(*) from ${announcementRecipients} r
        where r.announcement_id = ${a.id} and r.outbox_id is null)`.mapWith(Number),
      failed: sql<number>`(select count(*) from ${announcementRecipients} r join outbox o on o.id = r.outbox_id
        where r.announcement_id = ${a.id} and o.status in ('failed', 'dead'))`.mapWith(Number),
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(a)
    .orderBy(sql`${a.sentAt} is not null`, desc(sql`coalesce(${a.sentAt}, ${a.updatedAt})`))
    .limit(limit)
    .offset(offset);
  return { rows: rows.map(({ total: _, ...r }) => r as AnnouncementSummary), total: rows[0]?.total ?? 0 };
}

/** The archive page of an announcement, for its mail; none for what is not archived. */
function archiveLinkOf(ctx: Pick<Ctx, 'config'>, row: Pick<AnnouncementRow, 'id' | 'tlp'>): string | null {
  return ARCHIVE_READERS[row.tlp] === 'nobody' ? null : `${ctx.config.publicUrl}/members/announcements/${row.id}`;
}

/** One team's message, as the mailer writes it (and as the preview shows it). */
export function mailFor(ctx: Pick<Ctx, 'config'>, row: AnnouncementRow, recipient: Recipient): AnnouncementMail {
  const meaning = ANNOUNCEMENT_LABELS.tlpMeaning[row.tlp];
  return {
    id: randomUUID(),
    to: [recipient.address],
    teamName: recipient.shortName,
    label: {
      mark: TLP_MARKS[row.tlp],
      colour: TLP_COLOURS[row.tlp],
      meaning: { ja: translator('ja')(meaning), en: translator('en')(meaning) },
    },
    subject: { ja: row.subjectJa, en: row.subjectEn },
    body: { ja: row.bodyJa, en: row.bodyEn },
    archiveLink: archiveLinkOf(ctx, row),
    encryptForTeamId: recipient.route === 'encrypted' ? recipient.teamId : null,
    encryptionRequired: needsEncryption(row.tlp),
  };
}

/** A draft with the teams it would go to now, how each would be reached, and the digest the send compares. */
export async function previewAnnouncement(ctx: Pick<Ctx, 'db'>, user: SessionUser, id: string) {
  const row = await draftOf(ctx, user, id);
  const recipients = await chooseRecipients(ctx.db, row.tlp, row.audience);
  return { announcement: row, recipients, counts: countRoutes(recipients), digest: recipientsDigest(recipients) };
}

export type SendOutcome = { sent: true; outboxIds: string[] } | { sent: false };

/**
 * Sends a draft to the teams its preview listed. Refused (409) when the recipient list has changed since the
 * preview (a team joined, left, proved or lost its key): the secretariat looks again before anything goes out.
 * An announcement already sent answers `{sent: false}` and sends nothing.
 */
export async function sendAnnouncement(
  ctx: Ctx,
  user: SessionUser,
  actor: Actor,
  id: string,
  previewDigest: string,
): Promise<SendOutcome> {
  await getAnnouncement(ctx, user, id);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(announcements).where(eq(announcements.id, id)).for('update');
    if (!row) throw notFound('announcement.error.notFound');
    if (row.state !== 'draft') return { sent: false };
    const recipients = await chooseRecipients(tx, row.tlp, row.audience);
    if (recipientsDigest(recipients) !== previewDigest) {
      throw conflict('recipients_changed', 'announcement.error.recipientsChanged');
    }
    const reached = recipients.filter((r) => r.route !== 'not_reached');
    if (reached.length === 0) throw unprocessable([{ field: 'recipients', messageKey: 'announcement.error.nobody' }]);
    const mails = reached.map((r) => ({ recipient: r, mail: mailFor(ctx, row, r) }));
    const outboxIds = await ctx.mailer.announcementMails(
      tx,
      mails.map((m) => m.mail),
    );
    const outboxOf = new Map(mails.map((m) => [m.recipient.teamId, m.mail.id]));
    for (let i = 0; i < recipients.length; i += 1000) {
      await tx.insert(announcementRecipients).values(
        recipients.slice(i, i + 1000).map((r) => ({
          announcementId: id,
          teamId: r.teamId,
          teamShortName: r.shortName,
          address: r.address,
          route: r.route,
          outboxId: outboxOf.get(r.teamId) ?? null,
        })),
      );
    }
    await tx
      .update(announcements)
      .set({ state: 'sent', sentAt: now, sentBy: actor.label, recipientCount: recipients.length, updatedAt: now })
      .where(eq(announcements.id, id));
    const counts = countRoutes(recipients);
    await record(tx, actor, now, {
      action: 'announcement.sent',
      target: row.subjectJa,
      details: { announcementId: id, tlp: row.tlp, teams: recipients.length, notReached: counts.not_reached },
    });
    return { sent: true, outboxIds };
  });
}
