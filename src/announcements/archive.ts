/**
 * The members' archive of sent announcements (/members/announcements and its Atom feed). Who may read which is
 * decided here and only here, from the label (tlp.ts ARCHIVE_READERS): CLEAR and GREEN every member; AMBER and
 * AMBER+STRICT the members of the teams it reached; RED nobody. An announcement a reader may not see is not found
 * (404), the same answer as one that does not exist.
 */
import { and, desc, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Viewer } from '../accounts/viewer';
import type { DbOrTx } from '../db/client';
import { isUuid } from '../db/ids';
import { notFound } from '../http/errors';
import { type AnnouncementRow, announcementRecipients, announcements } from './schema';
import { ARCHIVE_READERS, TLP_LEVELS, type Tlp } from './tlp';

const levelsFor = (readers: (typeof ARCHIVE_READERS)[Tlp]) => TLP_LEVELS.filter((l) => ARCHIVE_READERS[l] === readers);

/** The announcements a viewer may read, as SQL over `announcements`. */
export function readableBy(viewer: Viewer): SQL {
  const sent = eq(announcements.state, 'sent');
  if (viewer.kind === 'anonymous') return sql`false`;
  const forMembers = inArray(announcements.tlp, levelsFor('members'));
  const forRecipients = inArray(announcements.tlp, levelsFor('recipients'));
  // The secretariat wrote them: it reads every archived one (RED stays in its delivery reports only).
  if (viewer.kind === 'secretariat') return and(sent, sql`(${forMembers} or ${forRecipients})`) as SQL;
  if (viewer.teamIds.length === 0) return sql`false`;
  const reachedMyTeam = sql`exists (select 1 from ${announcementRecipients} r
    where r.announcement_id = ${announcements.id} and r.outbox_id is not null
      and r.team_id in (${sql.join(
        viewer.teamIds.map((t) => sql`${t}::uuid`),
        sql`, `,
      )}))`;
  return and(sent, sql`(${forMembers} or (${forRecipients} and ${reachedMyTeam}))`) as SQL;
}

export type ArchivedAnnouncement = Pick<
  AnnouncementRow,
  'id' | 'tlp' | 'subjectJa' | 'subjectEn' | 'bodyJa' | 'bodyEn' | 'sentAt'
>;

const columns = {
  id: announcements.id,
  tlp: announcements.tlp,
  subjectJa: announcements.subjectJa,
  subjectEn: announcements.subjectEn,
  bodyJa: announcements.bodyJa,
  bodyEn: announcements.bodyEn,
  sentAt: announcements.sentAt,
};

export async function archivePage(db: DbOrTx, viewer: Viewer, limit: number, offset: number) {
  const rows = await db
    .select({ ...columns, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(announcements)
    .where(and(readableBy(viewer), isNotNull(announcements.sentAt)))
    .orderBy(desc(announcements.sentAt))
    .limit(limit)
    .offset(offset);
  return { rows: rows.map(({ total: _, ...r }) => r as ArchivedAnnouncement), total: rows[0]?.total ?? 0 };
}

export async function archivedAnnouncement(db: DbOrTx, viewer: Viewer, id: string): Promise<ArchivedAnnouncement> {
  if (!isUuid(id)) throw notFound('announcement.error.notFound');
  const [row] = await db
    .select(columns)
    .from(announcements)
    .where(and(eq(announcements.id, id), readableBy(viewer)));
  if (!row) throw notFound('announcement.error.notFound');
  return row;
}
